// `mailmend summary`: many reports from a fleet folded into one overview (README "Summary").
#include <CLI/CLI.hpp>
#include <ctime>
#include <iostream>

#include "i18n/messages.hpp"
#include "audit/rule_catalogue.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "report/summary.hpp"

namespace cli {
namespace {

std::string render(const report::FleetSummary& s, const std::string& format) {
  if (format == "json") return report::render_summary_json(s);
  if (format == "ndjson") return report::render_summary_ndjson(s);
  if (format == "csv") return report::render_summary_csv(s);
  if (format == "sqlite") return report::render_summary_sqlite(s);
  if (format == "html") return report::render_summary_html(s, audit::rule_groups());
  return report::render_summary_text(s);
}

std::int64_t now_from(const std::string& option) {
  if (option.empty()) return static_cast<std::int64_t>(std::time(nullptr));
  auto t = report::parse_rfc3339(option);
  if (!t) usage_error(i18n::msg("--now {1}: not an RFC 3339 time (e.g. 2026-11-27T10:00:00Z)", {option}));
  return *t;
}

}  // namespace

void add_summary_command(CLI::App& app, SummaryArgs& s) {
  auto* summary = app.add_subcommand(
      "summary", std::string(i18n::tr("Summarise many reports (JSON reports and NDJSON records: files, folders, - for "
                                     "standard input) from a fleet")));
  summary->add_option("inputs", s.inputs, "Report files (*.json, *.ndjson, *.jsonl), folders holding them, or - (standard input)")
      ->required();
  summary->add_option("--format", s.format, "text, json, ndjson, csv, sqlite or html (the dashboard)")
      ->check(CLI::IsMember({"text", "json", "ndjson", "csv", "sqlite", "html"}))
      ->capture_default_str();
  add_output_file_option(*summary, s.output,
                         "Write the summary to this file (atomically) instead of standard output; - is standard output");
  summary->add_option("--stale-days", s.stale_days, "A host whose newest report is older than this many days is stale")
      ->check(CLI::Range(0, 36500))
      ->capture_default_str();
  summary->add_option("--jobs", s.jobs, "Read this many files at once (default: one per core); the summary is the same for any number")
      ->check(CLI::Range(1u, 256u));
  summary->add_option("--now", s.now, "Measure report ages from this RFC 3339 time instead of the current time");
  set_exit_codes_help(*summary, {{"0", i18n::tr("every report was read")},
                                 {"2", i18n::tr("usage error, or no report could be read (none found)")},
                                 {"3", i18n::tr("some reports (files or NDJSON lines) were unreadable (named in the output)")}});
  summary->callback([&s] { set_command_exit(run_summary(s)); });
}

int run_summary(const SummaryArgs& a) {
  report::SummaryOptions options;
  options.now = now_from(a.now);
  options.stale_days = a.stale_days;
  options.threads = a.jobs;
  auto summary = report::summarise_reports({a.inputs.begin(), a.inputs.end()}, options);
  write_output(a.output, render(summary, a.format));
  return static_cast<int>(report::summary_exit_code(summary));
}

}  // namespace cli
