#include "cli/commands.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "audit/audit.hpp"
#include "core/error.hpp"
#include "report/render.hpp"
#include "report/summary.hpp"
#include "rules/rules.hpp"
#include "util/file.hpp"

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
    for (const auto& problem : policy.problems) std::cerr << "mailmend: policy " << problem.text() << "\n";
  }
}

providers::Database load_database(const std::string& providers_db, const std::vector<std::string>& policies) {
  auto db = providers_db.empty() ? providers::Database::embedded() : providers::Database::open(providers_db);
  for (const auto& p : policies) db.add_policy(p);
  report_policy_problems(db);
  return db;
}

void add_selection_options(CLI::App& cmd, SelectionArgs& a) {
  cmd.add_option("--home", a.homes, "Audit this home folder as if it were that user's (repeatable)")->allow_extra_args(false);
  cmd.add_flag("--all-users", a.all_users, "Audit every home folder on the machine (/home/*, /Users/*, C:\\Users\\*)");
  cmd.add_option("--providers", a.providers_db, "Use this provider database (from `providers import`) instead of the embedded one");
  cmd.add_option("--policy", a.policies, "Organisation provider file in ISPDB XML; overrides the database (repeatable)")->allow_extra_args(false);
}

void add_output_options(CLI::App& cmd, OutputArgs& a) {
  cmd.add_option("--format", a.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd.add_option("-o,--output", a.output, "Write the report to this file (atomically) instead of standard output");
  cmd.add_flag("--no-color,--no-colour", a.no_colour, "No ANSI colour even on a terminal");
}

void emit(const OutputArgs& a, const std::string& text) {
  if (a.output.empty()) {
    std::cout << text << std::flush;
    return;
  }
  auto status = util::write_file_atomic(a.output, text);
  if (!status) throw core::AppError(core::ExitCode::Usage, status.error().message);
}

int run_audit(const AuditArgs& a) {
  auto db = load_database(a.providers_db, a.policies);
  audit::Options options{to_paths(a.paths), to_paths(a.homes), a.all_users};
  core::Report report = audit::run(options, db);
  const bool colour = a.output.empty() && !a.no_colour && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
  emit(a, a.format == "json" ? report::render_json(report) : report::render_text(report, colour));
  return static_cast<int>(audit::exit_code(report, fail_on_severity(a.fail_on)));
}

int run_rules_list() {
  for (const auto& r : rules::catalogue()) {
    std::string sev(core::to_string(r.severity));
    sev.resize(8, ' ');
    std::cout << sev << r.id << "  " << r.summary << "\n";
  }
  return 0;
}

int run_summary(const SummaryArgs& a) {
  auto summary = report::summarise_reports(to_paths(a.inputs));
  std::cout << (a.format == "json" ? report::summary_json(summary).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n" : report::render_summary_text(summary));
  if (summary.reports == 0) return static_cast<int>(core::ExitCode::Usage);
  return static_cast<int>(summary.unreadable_reports ? core::ExitCode::Partial : core::ExitCode::Ok);
}

}  // namespace cli
