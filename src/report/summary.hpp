#pragma once
// Fleet summary: many JSON reports (one per machine run) folded into one overview.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace report {

struct FleetSummary {
  std::size_t reports = 0;
  std::size_t unreadable_reports = 0;
  std::vector<std::string> problems;  // one line per unreadable report (first 20 kept)
  std::size_t hosts = 0;
  std::size_t accounts = 0;
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::size_t hosts_with_errors = 0;
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

}  // namespace report
