#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "adapters/apple/profile_writer.hpp"
#include "audit/audit.hpp"
#include "cli/commands.hpp"
#include "cli/online.hpp"
#include "core/error.hpp"
#include "fix/profile_edits.hpp"
#include "report/read_json.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

// A PATH argument that turned out to be a saved JSON audit report.
struct SavedReport {
  std::string path;
  std::string text;
};

// Whether the file's first non-blank byte (after a UTF-8 BOM) opens a JSON object: a cheap look
// at the first few KB before reading a whole file.
bool starts_like_json_object(const std::string& path) {
  const std::string head = util::read_file_head(path, 4096);
  std::string_view text(head);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

// The PATH arguments that are saved reports, recognised by their content, not their name.
std::vector<SavedReport> saved_reports(const std::vector<std::string>& paths) {
  std::vector<SavedReport> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec) || !starts_like_json_object(p)) continue;
    auto text = util::read_file(p);
    if (text && report::looks_like_report(*text)) out.push_back({p, std::move(*text)});
  }
  return out;
}

core::Report report_from_saved(const ProfileArgs& a, const std::vector<SavedReport>& saved) {
  if (saved.size() > 1) {
    std::vector<std::string> names;
    for (const auto& s : saved) names.push_back(util::printable(s.path));
    usage_error(i18n::msg("profile takes one saved report, not {1} ({2})",
                          {std::to_string(saved.size()), i18n::join_values(names)}));
  }
  const auto& path = saved.front().path;
  if (a.paths.size() > 1 || !a.homes.empty() || !a.homes_parents.empty() || a.all_users) {
    usage_error(i18n::msg("profile: a saved report ({1}) cannot be combined with other paths, --home, --homes or "
                          "--all-users",
                          {util::printable(path)}));
  }
  if (!a.providers_db.empty() || !a.policies.empty() || !a.hosts_file.empty()) {
    usage_error(i18n::msg("profile: --providers, --policy and --hosts-file apply to a new audit, not to a saved "
                          "report ({1})",
                          {util::printable(path)}));
  }
  auto report = report::report_from_json(saved.front().text, path);
  if (!report) usage_error(printable_line(i18n::text_of(report.error()), 400));
  return std::move(report).value();
}

// XML cannot carry control characters and a profile must be UTF-8, but a binary plist (or a saved
// report) can hold anything: an account with such a value is left out, and said so, rather than
// written into a profile no MDM or parser accepts.
bool fits_a_profile(const core::Account& a) {
  auto ok = [](const std::string& s) { return util::printable(s, std::string::npos) == s; };
  auto endpoint_ok = [&](const std::optional<core::Endpoint>& e) {
    return !e || (ok(e->host.value) && ok(e->username.value));
  };
  return ok(a.name) && ok(a.email) && endpoint_ok(a.incoming) && endpoint_ok(a.outgoing);
}

core::Report audit_now(const ProfileArgs& a) {
  auto db = load_database(a.providers_db, a.policies);
  return audit::run(audit_options(a), db);
}

int run_profile(const ProfileArgs& a) {
  auto saved = saved_reports(a.paths);
  core::Report report = saved.empty() ? audit_now(a) : report_from_saved(a, saved);
  auto corrections = fix::profile_corrections(report, "applemail");
  std::erase_if(corrections.accounts, [](const core::Account& account) {
    if (fits_a_profile(account)) return false;
    std::cerr << "mailmend: "
              << i18n::format(i18n::tr("{1}: left out of the profile: a name, address, host or user name holds control "
                                       "characters or invalid UTF-8, which a profile cannot carry; correct this "
                                       "account by hand"),
                              {util::printable(account.id, 400)})
              << "\n";
    return true;
  });
  std::erase_if(corrections.edits, [&](const core::Edit& e) {
    return std::none_of(corrections.accounts.begin(), corrections.accounts.end(),
                        [&](const core::Account& account) { return account.id == e.account; });
  });
  if (corrections.accounts.empty()) {
    std::cerr << "mailmend: " << i18n::tr("no Apple Mail account with a correctable finding; no profile written") << "\n";
    return static_cast<int>(core::ExitCode::Ok);
  }
  std::string profile = adapters::apple::write_corrected_mobileconfig(corrections.accounts, corrections.edits);
  write_output(a.output, profile);
  std::cerr << "mailmend: "
            << i18n::format(i18n::tr("profile for {1} account(s) with {2} correction(s); review it, sign it and push "
                                     "it with your MDM"),
                            {std::to_string(corrections.accounts.size()), std::to_string(corrections.edits.size())})
            << "\n";
  return static_cast<int>(core::ExitCode::Findings);
}

}  // namespace

void add_profile_command(CLI::App& app, ProfileArgs& a) {
  auto* cmd = app.add_subcommand(
      "profile", std::string(i18n::tr("Write a corrected .mobileconfig (com.apple.mail.managed) for the Apple Mail "
                                     "accounts found wrong")));
  cmd->add_option("paths", a.paths, "Files or folders, as for audit; or one JSON report saved by `audit --format json`");
  add_selection_options(*cmd, a);
  add_output_file_option(*cmd, a.output,
                         "Write the profile to this file (atomically) instead of standard output; - is standard output");
  set_exit_codes_help(*cmd, {{"0", i18n::tr("no Apple Mail account needed a correction (no profile written)")},
                             {"1", i18n::tr("a profile was written")},
                             {"2", i18n::tr("usage error, or a saved report that cannot be read")}});
  cmd->callback([&a] { set_command_exit(run_profile(a)); });
}

}  // namespace cli
