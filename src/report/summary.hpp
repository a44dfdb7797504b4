#pragma once
// Fleet summary: many JSON reports (one per machine run) folded into one overview. Each host
// counts once: of several reports from one host the newest (by generated_at) wins.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace report {

struct FleetSummary {
  std::size_t reports = 0;             // reports read, including those superseded
  std::size_t superseded_reports = 0;  // older reports of a host that has a newer one: left out
  std::size_t unreadable_reports = 0;
  std::vector<std::string> problems;      // one line per unreadable report (first 20 kept)
  std::vector<std::string> empty_inputs;  // folders given that held no *.json file
  std::size_t hosts = 0;
  std::size_t accounts = 0;        // not counting stale ones
  std::size_t stale_accounts = 0;  // accounts a report marks stale: left out, with their findings
  std::size_t stale_findings = 0;
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::size_t hosts_with_errors = 0;
  std::vector<std::string> error_hosts;  // the hosts with errors, sorted
  std::size_t sources_failed = 0;
  struct RuleCount {
    std::string rule;
    std::string severity;
    std::size_t findings = 0;
    std::size_t hosts = 0;
  };
  std::vector<RuleCount> rules;  // most findings first
  struct ProviderCount {
    std::string provider;
    std::size_t accounts = 0;
  };
  std::vector<ProviderCount> providers;
};

// Reads every *.json report in the files and folders given (folders: recursively).
FleetSummary summarise_reports(const std::vector<std::filesystem::path>& inputs);
std::string render_summary_text(const FleetSummary& s);
nlohmann::json summary_json(const FleetSummary& s);
// 2 when no report could be read, 3 when some could not, else 0.
core::ExitCode summary_exit_code(const FleetSummary& s);

}  // namespace report
