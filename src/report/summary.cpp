#include "report/summary.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "util/file.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace report {
namespace {

constexpr std::size_t kMaxReportBytes = 64u * 1024u * 1024u;
constexpr std::size_t kMaxProblemsKept = 20;

struct Folder {
  FleetSummary s;
  std::map<std::string, FleetSummary::RuleCount> rules;
  std::map<std::string, std::set<std::string>> rule_hosts;
  std::map<std::string, std::size_t> providers;
  std::set<std::string> hosts;
  std::set<std::string> error_hosts;

  void problem(const std::string& line) {
    ++s.unreadable_reports;
    if (s.problems.size() < kMaxProblemsKept) s.problems.push_back(line);
  }

  void add(const fs::path& file) {
    auto bytes = util::read_file(file, kMaxReportBytes);
    if (!bytes) return problem(bytes.error().message);
    auto j = nlohmann::json::parse(*bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("findings") || !j["findings"].is_array()) {
      return problem(file.string() + ": not a mailmend JSON report");
    }
    ++s.reports;
    std::string host = j.value("host", file.string());
    if (!j["host"].is_string()) host = file.string();
    hosts.insert(host);
    if (j.contains("accounts") && j["accounts"].is_array()) {
      s.accounts += j["accounts"].size();
      for (const auto& a : j["accounts"]) {
        if (a.is_object() && a.contains("provider") && a["provider"].is_object()) {
          ++providers[a["provider"].value("name", "?")];
        }
      }
    }
    if (j.contains("sources") && j["sources"].is_array()) {
      for (const auto& src : j["sources"]) {
        if (src.is_object() && src.value("status", "") == "error") ++s.sources_failed;
      }
    }
    for (const auto& f : j["findings"]) {
      if (!f.is_object()) continue;
      std::string rule = f.value("rule", "?");
      std::string sev = f.value("severity", "?");
      if (sev == "error") {
        ++s.errors;
        error_hosts.insert(host);
      } else if (sev == "warning") {
        ++s.warnings;
      } else if (sev == "info") {
        ++s.infos;
      }
      auto& rc = rules[rule];
      rc.rule = rule;
      rc.severity = sev;
      ++rc.findings;
      rule_hosts[rule].insert(host);
    }
  }

  void add_input(const fs::path& input) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> files;
      for (fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
           !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && util::ends_with_icase(it->path().string(), ".json")) files.push_back(it->path());
      }
      if (ec) problem(input.string() + ": " + ec.message());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) add(f);
    } else {
      add(input);
    }
  }

  FleetSummary finish() {
    s.hosts = hosts.size();
    s.hosts_with_errors = error_hosts.size();
    for (auto& [rule, rc] : rules) {
      rc.hosts = rule_hosts[rule].size();
      s.rules.push_back(rc);
    }
    std::sort(s.rules.begin(), s.rules.end(), [](const auto& a, const auto& b) {
      return a.findings != b.findings ? a.findings > b.findings : a.rule < b.rule;
    });
    for (const auto& [name, n] : providers) s.providers.push_back({name, n});
    std::sort(s.providers.begin(), s.providers.end(), [](const auto& a, const auto& b) {
      return a.accounts != b.accounts ? a.accounts > b.accounts : a.provider < b.provider;
    });
    return std::move(s);
  }
};

}  // namespace

FleetSummary summarise_reports(const std::vector<fs::path>& inputs) {
  Folder folder;
  for (const auto& in : inputs) folder.add_input(in);
  return folder.finish();
}

std::string render_summary_text(const FleetSummary& s) {
  std::ostringstream out;
  out << "Reports: " << s.reports << " from " << s.hosts << " hosts";
  if (s.unreadable_reports) out << " (" << s.unreadable_reports << " unreadable)";
  out << "\nAccounts: " << s.accounts << "\nFindings: " << s.errors << " errors, " << s.warnings << " warnings, "
      << s.infos << " infos\nHosts with errors: " << s.hosts_with_errors << "\nSources that could not be read: "
      << s.sources_failed << "\n";
  if (!s.rules.empty()) {
    out << "\nBy rule (findings, hosts):\n";
    for (const auto& r : s.rules) {
      out << "  " << util::printable(r.severity) << "  " << util::printable(r.rule) << "  " << r.findings << "  " << r.hosts << "\n";
    }
  }
  if (!s.providers.empty()) {
    out << "\nAccounts by provider:\n";
    for (const auto& p : s.providers) out << "  " << util::printable(p.provider) << "  " << p.accounts << "\n";
  }
  for (const auto& p : s.problems) out << "unreadable: " << util::printable(p) << "\n";
  return out.str();
}

nlohmann::json summary_json(const FleetSummary& s) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : s.rules) {
    rules.push_back({{"rule", r.rule}, {"severity", r.severity}, {"findings", r.findings}, {"hosts", r.hosts}});
  }
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& p : s.providers) providers.push_back({{"provider", p.provider}, {"accounts", p.accounts}});
  return {{"reports", s.reports},     {"unreadable_reports", s.unreadable_reports},
          {"problems", s.problems},   {"hosts", s.hosts},
          {"accounts", s.accounts},   {"errors", s.errors},
          {"warnings", s.warnings},   {"infos", s.infos},
          {"hosts_with_errors", s.hosts_with_errors},
          {"sources_failed", s.sources_failed},
          {"rules", rules},           {"providers", providers}};
}

}  // namespace report
