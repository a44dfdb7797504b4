#include "cli/commands.hpp"


#include <CLI/CLI.hpp>
#include <iostream>

#include "audit/audit.hpp"
#include "audit/rule_catalogue.hpp"
#include "cli/online.hpp"
#include "cli/parse_errors.hpp"
#include "core/error.hpp"
#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "report/render.hpp"
#include "report/render_sqlite.hpp"
#include "rules/rules.hpp"
#include "util/file.hpp"
#include "util/keep_until_exit.hpp"
#include "util/system.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

std::vector<std::filesystem::path> to_paths(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

std::optional<core::Severity> fail_on_severity(const std::string& s) {
  if (s == "never") return std::nullopt;
  return core::parse_severity(s).value_or(core::Severity::Warning);
}

}  // namespace

// Every command that loads a policy says what is wrong in it the same way: one line per problem.
void report_policy_problems(const providers::Database& db) {
  for (const auto& policy : db.policy_files()) {
    for (const auto& problem : policy.problems) {
      std::cerr << "mailmend: " << i18n::msg("policy {1}", {problem.message()}).localized << "\n";
    }
  }
}

providers::Database load_database(const std::string& providers_db, const std::vector<std::string>& policies) {
  auto db = providers_db.empty() ? providers::Database::embedded() : providers::Database::open(providers_db);
  for (const auto& p : policies) db.add_policy(p);
  report_policy_problems(db);
  return db;
}

CLI::Option* add_repeatable_option(CLI::App& cmd, const std::string& name, std::vector<std::string>& values,
                                   const std::string& description) {
  // allow_extra_args(false): one value per occurrence, so the PATH after it stays a PATH.
  return cmd.add_option(name, values, description)->allow_extra_args(false);
}

CLI::Option* add_rule_ids_option(CLI::App& cmd, const std::string& name, std::vector<std::string>& ids,
                                 const std::string& description) {
  const CLI::Validator known_rule([](std::string& id) { return validator_refusal(audit::unknown_rule_problem(id)); },
                                  "RULE");
  return add_repeatable_option(cmd, name, ids, description)->delimiter(',')->check(known_rule);
}

void add_selection_options(CLI::App& cmd, SelectionArgs& a) {
  add_repeatable_option(cmd, "--home", a.homes, "Audit this home folder as if it were that user's (repeatable)");
  add_repeatable_option(cmd, "--homes", a.homes_parents,
                        "A folder of home folders (copied homes): each subfolder is audited as a home (repeatable)");
  cmd.add_flag("--all-users", a.all_users, "Audit every home folder on the machine (/home/*, /Users/*; on Windows every profile in ProfileList)");
  cmd.add_option("--jobs", a.jobs,
                 "Read this many home folders at once (default: one per core); the report is the same for any number")
      ->check(CLI::Range(1u, 256u));
  cmd.add_option("--providers", a.providers_db, "Use this provider database (from `providers import`) instead of the embedded one");
  add_repeatable_option(cmd, "--policy", a.policies, "Organisation provider file in ISPDB XML; overrides the database (repeatable)");
  cmd.add_option("--hosts-file", a.hosts_file,
                 "Check the accounts' servers against this hosts file instead of this machine's (copied homes, tests)");
}

void add_format_option(CLI::App& cmd, std::string& format) {
  cmd.add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
}

void add_output_file_option(CLI::App& cmd, std::string& output, const std::string& description) {
  cmd.add_option("-o,--output", output, description);
}

void add_report_identity_options(CLI::App& cmd, AuditArgs& a) {
  cmd.add_option("--host-id", a.host_id, "The host name every output records (default: this machine's name)");
  cmd.add_flag("--csv-bom", a.csv_bom, "Begin CSV output with a UTF-8 byte order mark (for Excel)");
}

void set_exit_codes_help(CLI::App& cmd, const std::vector<ExitCodeRow>& rows) {
  std::string footer(i18n::tr("Exit codes:"));
  for (const auto& row : rows) {
    footer += "\n  ";
    if (!row.code.empty()) footer.append(row.code).append("  ");
    footer += row.meaning;
  }
  cmd.footer(footer + "\n");
}

audit::Options audit_options(const SelectionArgs& a) {
  return audit::Options{to_paths(a.paths), to_paths(a.homes), a.all_users, to_paths(a.homes_parents), a.hosts_file, a.jobs};
}

void usage_error(const i18n::Text& message) { throw core::AppError(core::ExitCode::Usage, message); }
void usage_error(const util::Error& error) { throw core::AppError(core::ExitCode::Usage, error); }

bool output_is_stdout(const std::string& output) { return output.empty() || output == "-"; }

void write_output(const std::string& output, const std::string& text) {
  if (output_is_stdout(output)) {
    std::cout << text << std::flush;
    return;
  }
  auto status = util::write_file_atomic(output, text);
  if (!status) usage_error(status.error());
}

namespace {

// The homes an audit read: SARIF names files relative to them.
std::vector<std::filesystem::path> audited_homes(const audit::Options& options) {
  std::vector<core::Source> ignored;  // the audit reports them
  auto homes = audit::home_folders(options, ignored);
  if (options.paths.empty() && options.homes.empty() && options.homes_parents.empty() && !options.all_users) {
    homes.push_back(util::current_user_home());
  }
  return homes;
}

std::string render_audit(const AuditArgs& a, const core::Report& report, const std::string& format, bool to_stdout) {
  if (format == "json") return report::render_json(report);
  if (format == "ndjson") return report::render_ndjson(report);
  if (format == "csv") return report::render_csv(report, a.csv_bom);
  if (format == "sarif") return report::render_sarif(report, audit::rule_groups(), audited_homes(audit_options(a)));
  if (format == "junit") return report::render_junit(report, audit::rule_groups());
  if (format == "sqlite") return report::render_sqlite(report);
  return report::render_text(report, to_stdout && colour_allowed(a), audit::jobs_to_use(a.jobs));
}

}  // namespace

int run_audit(const AuditArgs& a) {
  const auto targets = output_targets(a, all_output_formats());  // usage errors before the audit
  const bool servers_only = a.probe && !a.probing.servers.empty();
  if (servers_only && (!a.paths.empty() || !a.homes.empty() || !a.homes_parents.empty() || a.all_users)) {
    usage_error(i18n::msg("--server probes the URLs given: leave out PATH, --home, --homes and --all-users"));
  }
  OnlineArgs online = a.online;
  online.ca_file = a.probing.ca_file;
  online.timeout_seconds = a.probing.timeout_seconds;
  const auto session = online_session(online);
  auto db = load_database(a.providers_db, a.policies);
  core::Report report = servers_only ? audit::build_report({}, db)
                                     : audit::run(audit_options(a), db, discovery_fallback(session.get(), db));
  for (auto& s : discovery_sources(session.get())) report.sources.push_back(std::move(s));
  if (!a.host_id.empty()) report.host = a.host_id;
  if (a.probe) probe_into(report, a.probing);
  write_outputs(targets, [&](const std::string& format, bool to_stdout) { return render_audit(a, report, format, to_stdout); });
  const auto code = audit::exit_code(report, fail_on_severity(a.fail_on));
  util::keep_until_exit(std::move(report));
  return static_cast<int>(code);
}

int run_rules_list() {
  bool first = true;
  for (const auto& group : audit::rule_groups()) {
    std::cout << (first ? "" : "\n") << group.heading << "\n";
    first = false;
    for (const auto& r : group.rules) {
      std::string sev(core::to_string(r.severity));
      sev.resize(8, ' ');
      std::cout << sev << r.id << "  " << i18n::tr(r.summary) << "\n";
    }
  }
  return 0;
}


}  // namespace cli
