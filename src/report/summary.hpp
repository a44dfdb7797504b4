#pragma once
// Fleet summary: many reports (JSON reports and NDJSON records, one run per machine) folded into
// one overview. Each host (its machine id, else its host name) counts once: of several reports
// from one host the newest (by generated_at) wins. Only aggregates are kept, never the reports.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/rule_info.hpp"

namespace report {

struct SummaryOptions {
  std::int64_t now = 0;     // seconds since 1970 (UTC): what report ages are measured from
  int stale_days = 7;       // a host whose newest report is older than this is stale
  unsigned threads = 0;     // files read in parallel; 0: one per core
};

struct FleetSummary {
  std::string now;          // RFC 3339 UTC
  int stale_days = 7;
  std::size_t reports = 0;             // reports read, including those superseded
  std::size_t superseded_reports = 0;  // older reports of a host that has a newer one: left out
  std::size_t unreadable_reports = 0;  // files (and NDJSON lines) skipped as unreadable
  std::vector<std::string> problems;      // one line per unreadable file or line (first 20 kept), English
  std::vector<std::string> problems_localized;  // the same lines in the run's language (empty in an English run)
  std::vector<std::string> empty_inputs;  // folders given that held no report file
  std::size_t hosts = 0;
  std::size_t accounts = 0;        // not counting stale ones
  std::size_t stale_accounts = 0;  // accounts a report marks stale: left out, with their findings
  std::size_t stale_findings = 0;
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::size_t hosts_with_errors = 0;
  std::vector<std::string> error_hosts;  // the hosts with errors, sorted
  std::size_t sources_failed = 0;

  struct Host {
    std::string name, machine_id, generated_at;
    std::optional<std::int64_t> age_days;  // none when generated_at is not a time
    bool stale = false;                    // newest report older than stale_days (or of no time)
    std::size_t accounts = 0, errors = 0, warnings = 0, infos = 0, stale_findings = 0, sources_failed = 0;
  };
  std::vector<Host> host_list;  // by name, then machine id
  std::size_t stale_hosts = 0;

  struct RuleCount {
    std::string rule;
    std::string severity;
    std::size_t findings = 0;
    std::size_t hosts = 0;
  };
  std::vector<RuleCount> rules;  // most findings first
  struct ProviderCount {
    std::string provider;  // its name ("" for accounts no provider matched is left out)
    std::string id;        // NDJSON records name providers by id only
    std::size_t accounts = 0, hosts = 0, findings = 0;
  };
  std::vector<ProviderCount> providers;  // most accounts first
  struct ClientCount {
    std::string client;
    std::size_t accounts = 0, hosts = 0, findings = 0;
  };
  std::vector<ClientCount> clients;  // most accounts first
  // The findings table: one row per host, rule, severity, provider and client, with its count.
  // Indexes into host_list, rules, severities, providers and clients (-1: none).
  struct Row {
    std::uint32_t host, rule, severity;
    std::int32_t provider, client;
    std::uint32_t findings;
  };
  std::vector<Row> rows;  // by host, then rule
  std::vector<std::string> severities;

  // Problem `i` as text and HTML show it: in the run's language.
  const std::string& problem_shown(std::size_t i) const {
    return i < problems_localized.size() && !problems_localized[i].empty() ? problems_localized[i] : problems[i];
  }
};

// Reads every report in the inputs: files, folders (recursively: *.json, *.ndjson, *.jsonl) and
// "-" (standard input, a stream of JSON reports or NDJSON records).
FleetSummary summarise_reports(const std::vector<std::filesystem::path>& inputs, const SummaryOptions& options = {});

// "2026-11-27T10:00:00Z" (a fraction and an offset are allowed) as seconds since 1970.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);
std::string format_rfc3339(std::int64_t seconds);

std::string render_summary_text(const FleetSummary& s);
// The overview (`--format json`): totals, the hosts with errors, stale hosts, rules, providers
// and clients; written as it goes (report/json_writer.hpp), indented by two, ending in a newline.
std::string render_summary_json(const FleetSummary& s);
// The same as a document.
nlohmann::json summary_json(const FleetSummary& s);
// One "type":"summary" line with the totals, then a "type":"rule" line per rule and a "type":"host" line per host.
std::string render_summary_ndjson(const FleetSummary& s);
// One row per host (summary_csv_columns), RFC 4180.
std::string render_summary_csv(const FleetSummary& s);
const std::vector<std::string>& summary_csv_columns();
// The bytes of a SQLite database (tables summary, hosts, rules, providers, clients, findings, problems).
std::string render_summary_sqlite(const FleetSummary& s);
// The dashboard: one self-contained HTML file. `rules` explains each rule id it shows.
std::string render_summary_html(const FleetSummary& s, const std::vector<core::RuleGroup>& rules);

// 2 when no report could be read, 3 when some could not, else 0.
core::ExitCode summary_exit_code(const FleetSummary& s);

}  // namespace report
