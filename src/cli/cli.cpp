#include "cli/cli.hpp"


#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "audit/audit.hpp"
#include "cli/commands.hpp"
#include "cli/parse_errors.hpp"
#include "core/error.hpp"
#include "i18n/messages.hpp"

namespace cli {
namespace {

// The exit code of the subcommand that ran in this thread's current cli::run.
thread_local std::optional<int> command_exit;

// Whether an argument asks for help or is an option `cmd` and the program do not know (yet): then
// the options built on demand must be there.
bool names_unbuilt_option(CLI::App& cmd, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg == "-h" || arg == "--help" || arg == "--help-all") return true;
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string name(arg.substr(0, arg.find('=')));
    if (cmd.get_option_no_throw(name) == nullptr && cmd.get_parent()->get_option_no_throw(name) == nullptr) return true;
  }
  return false;
}

void add_audit(CLI::App& app, AuditArgs& a, int argc, char** argv) {
  using i18n::tr;
  auto* audit = app.add_subcommand(
      "audit", std::string(i18n::tr("Audit mail client settings (the default user's when no PATH is given)")));
  audit->add_option("paths", a.paths,
                    "Files or folders: a Thunderbird root, profile or prefs.js; a .reg, hive (NTUSER.DAT) or .prf; "
                    "Accounts.plist, Accounts4.sqlite or .mobileconfig");
  add_selection_options(*audit, a);
  add_output_options(*audit, a, all_output_formats());
  add_report_identity_options(*audit, a);
  audit->add_option("--fail-on", a.fail_on, "Lowest severity that makes the exit code 1: error|warning|info|never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  audit->add_flag("--probe", a.probe, "Also probe each distinct server of the accounts found (as `mailmend probe`)");
  // Start-up: the probe's and online discovery's options (a third of the audit's; CLI11 compares
  // each new option with all before it) are built only when an argument may be one of them or help
  // is asked for: CLI11 then parses exactly as with all of them.
  if (names_unbuilt_option(*audit, argc, argv)) {
    add_probe_options(*audit, a.probing);
    add_online_options(*audit, a.online, false);
  }
  set_exit_codes_help(*audit, {{"0", tr("nothing at or above --fail-on (also: no mail client settings found)")},
                               {"1", tr("findings at or above --fail-on")},
                               {"2", tr("usage error, or sources were found but none could be read")},
                               {"3", tr("some sources could not be read or are damaged (the rest is audited)")}});
  audit->callback([&a] { set_command_exit(run_audit(a)); });
}

void add_providers(CLI::App& app, ProvidersArgs& p) {
  using i18n::tr;
  auto* providers = app.add_subcommand(
      "providers", std::string(i18n::tr("Provider database: import ISPDB files, look up or discover a domain")));
  providers->require_subcommand(1);
  auto* import = providers->add_subcommand(
      "import", std::string(i18n::tr("Build a provider database from ISPDB clientConfig XML")));
  import->add_option("inputs", p.inputs, "ISPDB folders or XML files")->required();
  import->add_option("--out", p.out, "The SQLite file to write")->required();
  set_exit_codes_help(*import, {{"0", tr("every file imported")},
                                {"2", tr("usage error, no file could be read, or --out cannot be written")},
                                {"3", tr("some files were skipped (each named on stderr)")}});
  import->callback([&p] { set_command_exit(run_providers_import(p)); });
  auto* lookup = providers->add_subcommand(
      "lookup", std::string(i18n::tr("Print the expected settings for an address or domain")));
  lookup->add_option("address", p.address, "user@example.com or example.com")->required();
  add_format_option(*lookup, p.format);
  lookup->add_option("--providers", p.providers_db, "Use this provider database instead of the embedded one");
  add_repeatable_option(*lookup, "--policy", p.policies, "Organisation provider file in ISPDB XML, overriding the database (repeatable)");
  add_online_options(*lookup, p.online, true);
  set_exit_codes_help(*lookup, {{"0", tr("the provider's settings were printed")},
                                {"1", tr("no provider known for the domain (nor found with --online)")},
                                {"2", tr("usage error: not an address or domain, or an unreadable --providers/--policy file")}});
  lookup->callback([&p] { set_command_exit(run_providers_lookup(p)); });
  auto* discover = providers->add_subcommand(
      "discover", std::string(i18n::tr("Find a domain's settings on the network, as Thunderbird does (autoconfig, "
                                     "ISPDB, MX, SRV, Autodiscover)")));
  discover->add_option("address", p.address, "user@example.com or example.com")->required();
  add_format_option(*discover, p.format);
  discover->add_option("--providers", p.providers_db, "Use this provider database (for the MX step) instead of the embedded one");
  add_repeatable_option(*discover, "--policy", p.policies, "Organisation provider file in ISPDB XML (for the MX step; repeatable)");
  add_online_options(*discover, p.online, true);
  set_exit_codes_help(*discover, {{"0", tr("settings were found (the step and URL or record are printed)")},
                                  {"1", tr("no step found settings (each step's reason is printed)")},
                                  {"2", tr("usage error: not an address or domain, or a malformed option")}});
  discover->callback([&p] { set_command_exit(run_providers_discover(p)); });
}

void add_rules(CLI::App& app) {
  using i18n::tr;
  auto* rules = app.add_subcommand(
      "rules", std::string(i18n::tr("List every rule id (shared and client-specific) with its usual severity")));
  set_exit_codes_help(*rules, {{"0", tr("always")}});
  rules->callback([] { set_command_exit(run_rules_list()); });
}

i18n::Language language_of_environment() {
  auto getenv = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  return i18n::language_from_environment(getenv, i18n::system_ui_language());
}

// --lang (wherever it stands, as CLI11 also accepts it), else the environment and the system. It
// is read before the parser is built, so --help speaks the language too.
i18n::Language language_of_run(int argc, char** argv) {
  std::string chosen;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--lang" && i + 1 < argc) chosen = argv[i + 1];
    if (arg.rfind("--lang=", 0) == 0) chosen = arg.substr(7);
  }
  if (chosen.empty()) return language_of_environment();
  if (auto language = i18n::language_from_tag(chosen)) return *language;
  // Said in the language of the environment: --lang itself could not choose one.
  i18n::set_language(language_of_environment());
  throw core::AppError(core::ExitCode::Usage, i18n::msg("--lang {1}: no messages in that language (known: {2})",
                                                        {chosen, std::string(i18n::known_language_tags())}));
}

// --help with each option's help line in the run's language. The lines are English literals at
// each add_option/add_flag (scripts/update-po finds them by the calls' argument positions) and
// are translated here, when they are printed; a description without a translation stays English.
class TranslatingFormatter : public CLI::Formatter {
 public:
  std::string make_option_desc(const CLI::Option* option) const override {
    return std::string(i18n::tr(option->get_description()));
  }
};

// A parse error, then its hint, in the run's language; English byte for byte as CLI11's own
// FailureMessage::simple.
std::string parse_failure(const CLI::App* app, const CLI::Error& e) {
  std::string out = parse_error_text(e, app->remaining(true)).localized + "\n";
  if (const CLI::Option* help = app->get_help_ptr()) {
    out += i18n::format(i18n::tr("Run with {1} for more information."), {help->get_name()}) + "\n";
  }
  return out;
}

// A subcommand makes its -h/--help before it takes its parent's option defaults, so the flag
// lands in CLI11's English "Options" group: move it to the translated one.
void group_help_flags(CLI::App& app, const std::string& group) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (CLI::Option* help = sub->get_help_ptr()) help->group(group);
    group_help_flags(*sub, group);
  }
}

// One line on standard error, in the run's language: "mailmend: ..." (the English what() is for logs and tests).
int report_error(const core::AppError& e) {
  std::cerr << "mailmend: " << e.localized() << "\n";
  return static_cast<int>(e.code());
}

// The subcommands one add_* function builds (in --help's order), and that function.
struct CommandGroup {
  std::vector<std::string_view> names;
  std::function<void()> add;
};

// The one group whose subcommand the arguments name, when no other could be named.
std::optional<std::size_t> group_named_alone(int argc, char** argv, const std::vector<CommandGroup>& groups) {
  auto group_of = [&groups](std::string_view arg) -> std::optional<std::size_t> {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (auto name : groups[g].names) {
        if (arg == name) return g;
      }
    }
    return std::nullopt;
  };
  std::optional<std::size_t> named;
  bool positional_seen = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "--version") return std::nullopt;
    if (!positional_seen && arg == "--lang") {
      ++i;
      continue;
    }
    auto group = group_of(arg);
    if (!positional_seen && !arg.starts_with("-")) {
      positional_seen = true;
      if (!group) return std::nullopt;
      named = group;
    } else if (group && group != named) {
      return std::nullopt;
    }
  }
  return named;
}

// Start-up: building every subcommand's options cost each run more than parsing. When the arguments
// name one group's subcommand and could name no other (no help flag, no other subcommand's name
// anywhere), only that group is built, and for a bare --version none: CLI11 then parses them
// exactly as with all of them. Otherwise every group is built.
std::vector<const CommandGroup*> groups_to_build(int argc, char** argv, const std::vector<CommandGroup>& groups) {
  std::vector<const CommandGroup*> all;
  for (const auto& group : groups) all.push_back(&group);
  if (argc == 2 && std::string_view(argv[1]) == "--version") return {};
  auto named = group_named_alone(argc, argv, groups);
  if (!named) return all;
  return {&groups[*named]};
}

}  // namespace

void set_command_exit(int code) { command_exit = code; }

int run(int argc, char** argv) {
  command_exit.reset();
  try {
    i18n::set_language(language_of_run(argc, argv));
  } catch (const core::AppError& e) {
    return report_error(e);
  }
  using i18n::tr;
  CLI::App app{std::string(tr("mailmend: audit and repair the mail settings of desktop mail clients")), "mailmend"};
  app.formatter(std::make_shared<TranslatingFormatter>());
  app.failure_message(parse_failure);
  // CLI11's own words in --help and its parse errors (parse_failure), in the run's language
  // (subcommands inherit the formatter and the option group).
  auto label = [&app](const char* key, std::string_view text) { app.get_formatter()->label(key, std::string(text)); };
  label("Usage", tr("Usage"));
  label("Positionals", tr("Positionals"));
  label("Subcommands", tr("Subcommands"));
  label("OPTIONS", tr("OPTIONS"));
  label("SUBCOMMAND", tr("SUBCOMMAND"));
  label("REQUIRED", tr("REQUIRED"));
  app.option_defaults()->group(std::string(tr("Options")));
  // Options of the program itself (--lang) may follow the subcommand's name.
  app.fallthrough();
  std::string lang_option;
  app.add_option("--lang", lang_option,
                 std::string(tr("Language of the human texts: en or zh-CN (default: LC_ALL, LC_MESSAGES, LANG, then "
                                "the system's display language; JSON keeps English and adds the translation)")));
  // CLI11's own flags, with its English descriptions as the msgids (subcommands copy the help flag).
  app.set_help_flag("-h,--help", std::string(tr("Print this help message and exit")));
  app.set_version_flag("--version", std::string("mailmend ") + MAILMEND_VERSION,
                       std::string(tr("Display program version information and exit")));
  app.require_subcommand(1);
  app.footer(std::string(tr("Exit codes: 0 nothing to report, 1 findings or pending changes, 2 usage error, 3 partly "
                            "done or read;\n`mailmend SUBCOMMAND --help` gives each subcommand's own.\n")));
  AuditArgs audit_args;
  AuditArgs probe_args;
  ProvidersArgs providers_args;
  SummaryArgs summary_args;
  FixArgs fix_args;
  ProfileArgs profile_args;
  const std::vector<CommandGroup> groups{
      {{"audit"}, [&] { add_audit(app, audit_args, argc, argv); }},
      {{"probe"}, [&] { add_probe_command(app, probe_args); }},
      {{"providers"}, [&] { add_providers(app, providers_args); }},
      {{"rules"}, [&] { add_rules(app); }},
      {{"summary"}, [&] { add_summary_command(app, summary_args); }},
      {{"fix", "backups", "restore"}, [&] { add_fix_commands(app, fix_args); }},
      {{"profile"}, [&] { add_profile_command(app, profile_args); }},
  };
  for (const auto* group : groups_to_build(argc, argv, groups)) group->add();
  group_help_flags(app, std::string(tr("Options")));
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(core::ExitCode::Usage);
  } catch (const core::AppError& e) {
    return report_error(e);
  } catch (const std::exception& e) {
    std::cerr << "mailmend: " << i18n::format(tr("internal error: {1}"), {e.what()}) << "\n";
    return static_cast<int>(core::ExitCode::Usage);
  }
  return command_exit.value_or(0);
}

}  // namespace cli
