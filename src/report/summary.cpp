#include "report/summary.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "util/file.hpp"
#include "util/json_limits.hpp"
#include "util/result.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace report {
namespace {

constexpr std::size_t kMaxReportBytes = 64u * 1024u * 1024u;
constexpr std::size_t kMaxProblemsKept = 20;
constexpr std::size_t kErrorHostsInText = 20;

// What one report contributes to the summary when it is its host's newest.
struct HostReport {
  std::string host;
  std::string generated_at;  // RFC 3339 UTC: compares as text
  std::size_t accounts = 0;
  std::size_t stale_accounts = 0;
  std::size_t stale_findings = 0;
  std::size_t sources_failed = 0;
  struct Finding {
    std::string rule, severity;
  };
  std::vector<Finding> findings;       // without the stale accounts' findings
  std::vector<std::string> providers;  // one entry per (not stale) account with a provider
};

// A string member, or `fallback` when it is absent or not a string (never throws).
std::string text_of(const json& object, const char* key, const std::string& fallback = {}) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

const json& array_of(const json& object, const char* key) {
  static const json empty = json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : empty;
}

util::Result<json> parse_report(const fs::path& file) {
  auto bytes = util::read_file(file, kMaxReportBytes);
  if (!bytes) return util::make_error(bytes.error().message);
  if (util::json_nests_deeper_than(*bytes)) {
    return util::make_error(file.string() + ": not a mailmend JSON report (nested deeper than " +
                            std::to_string(util::kMaxJsonDepth) + " levels)");
  }
  try {
    json j = json::parse(*bytes);
    if (!j.is_object() || !j.contains("findings") || !j["findings"].is_array()) {
      return util::make_error(file.string() + ": not a mailmend JSON report");
    }
    return j;
  } catch (const json::parse_error& e) {
    return util::make_error(file.string() + ": invalid or truncated JSON (it breaks off or goes wrong at byte " +
                            std::to_string(e.byte) + " of " + std::to_string(bytes->size()) + ")");
  }
}

HostReport host_report(const json& j, const fs::path& file) {
  HostReport r;
  r.host = text_of(j, "host");
  if (r.host.empty()) r.host = file.string();
  r.generated_at = text_of(j, "generated_at");
  std::set<std::string> stale_ids;
  for (const auto& a : array_of(j, "accounts")) {
    if (!a.is_object()) continue;
    if (auto stale = a.find("stale"); stale != a.end() && stale->is_boolean() && stale->get<bool>()) {
      ++r.stale_accounts;
      stale_ids.insert(text_of(a, "id"));
      continue;
    }
    ++r.accounts;
    if (auto p = a.find("provider"); p != a.end() && p->is_object()) r.providers.push_back(text_of(*p, "name", "?"));
  }
  for (const auto& src : array_of(j, "sources")) {
    if (src.is_object() && text_of(src, "status") == "error") ++r.sources_failed;
  }
  for (const auto& f : array_of(j, "findings")) {
    if (!f.is_object()) continue;
    const std::string account = text_of(f, "account");
    if (!account.empty() && stale_ids.count(account)) {
      ++r.stale_findings;
      continue;
    }
    r.findings.push_back({text_of(f, "rule", "?"), text_of(f, "severity", "?")});
  }
  return r;
}

class Fleet {
 public:
  void add_input(const fs::path& input) {
    std::error_code ec;
    if (!fs::is_directory(input, ec)) return add(input);
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && util::ends_with_icase(it->path().string(), ".json")) files.push_back(it->path());
    }
    if (ec) problem(input.string() + ": " + ec.message());
    if (files.empty()) s_.empty_inputs.push_back(input.string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) add(f);
  }

  FleetSummary finish() {
    std::map<std::string, FleetSummary::RuleCount> rules;
    std::map<std::string, std::set<std::string>> rule_hosts;
    std::map<std::string, std::size_t> providers;
    for (const auto& [host, r] : newest_) {
      s_.accounts += r.accounts;
      s_.stale_accounts += r.stale_accounts;
      s_.stale_findings += r.stale_findings;
      s_.sources_failed += r.sources_failed;
      for (const auto& p : r.providers) ++providers[p];
      bool host_has_errors = false;
      for (const auto& f : r.findings) {
        if (f.severity == "error") {
          ++s_.errors;
          host_has_errors = true;
        } else if (f.severity == "warning") {
          ++s_.warnings;
        } else if (f.severity == "info") {
          ++s_.infos;
        }
        auto& rc = rules[f.rule];
        rc.rule = f.rule;
        rc.severity = f.severity;
        ++rc.findings;
        rule_hosts[f.rule].insert(host);
      }
      if (host_has_errors) s_.error_hosts.push_back(host);  // newest_ is sorted by host
    }
    s_.hosts = newest_.size();
    s_.hosts_with_errors = s_.error_hosts.size();
    for (auto& [rule, rc] : rules) {
      rc.hosts = rule_hosts[rule].size();
      s_.rules.push_back(rc);
    }
    std::sort(s_.rules.begin(), s_.rules.end(), [](const auto& a, const auto& b) {
      return a.findings != b.findings ? a.findings > b.findings : a.rule < b.rule;
    });
    for (const auto& [name, n] : providers) s_.providers.push_back({name, n});
    std::sort(s_.providers.begin(), s_.providers.end(), [](const auto& a, const auto& b) {
      return a.accounts != b.accounts ? a.accounts > b.accounts : a.provider < b.provider;
    });
    return std::move(s_);
  }

 private:
  void problem(const std::string& line) {
    ++s_.unreadable_reports;
    if (s_.problems.size() < kMaxProblemsKept) s_.problems.push_back(line);
  }

  void add(const fs::path& file) {
    auto j = parse_report(file);
    if (!j) return problem(j.error().message);
    ++s_.reports;
    HostReport r = host_report(*j, file);
    auto kept = newest_.find(r.host);
    if (kept == newest_.end()) {
      newest_.emplace(r.host, std::move(r));
      return;
    }
    ++s_.superseded_reports;
    // On equal times the later file (in sorted order) wins, so the result does not depend on the listing.
    if (r.generated_at >= kept->second.generated_at) kept->second = std::move(r);
  }

  FleetSummary s_;
  std::map<std::string, HostReport> newest_;
};

std::string plural(std::size_t n, const std::string& word, const std::string& words) {
  return std::to_string(n) + " " + (n == 1 ? word : words);
}

std::string reports_line(const FleetSummary& s) {
  std::vector<std::string> notes;
  if (s.superseded_reports) {
    notes.push_back(plural(s.superseded_reports, "older report", "older reports") +
                    " of the same host left out (the newest report of each host counts)");
  }
  if (s.unreadable_reports) notes.push_back(std::to_string(s.unreadable_reports) + " unreadable");
  std::string line = "Reports: " + std::to_string(s.reports) + " from " + plural(s.hosts, "host", "hosts");
  if (!notes.empty()) line += " (" + util::join(notes, "; ") + ")";
  return line + "\n";
}

std::string error_hosts_line(const FleetSummary& s) {
  std::string line = "Hosts with errors: " + std::to_string(s.hosts_with_errors);
  if (s.error_hosts.empty()) return line + "\n";
  std::vector<std::string> names;
  for (std::size_t i = 0; i < s.error_hosts.size() && i < kErrorHostsInText; ++i) {
    names.push_back(util::printable(s.error_hosts[i]));
  }
  if (s.error_hosts.size() > kErrorHostsInText) {
    names.push_back("and " + std::to_string(s.error_hosts.size() - kErrorHostsInText) +
                    " more; --format json lists them all");
  }
  return line + " (" + util::join(names, ", ") + ")\n";
}

}  // namespace

FleetSummary summarise_reports(const std::vector<fs::path>& inputs) {
  Fleet fleet;
  for (const auto& in : inputs) fleet.add_input(in);
  return fleet.finish();
}

std::string render_summary_text(const FleetSummary& s) {
  std::ostringstream out;
  out << reports_line(s) << "Accounts: " << s.accounts;
  if (s.stale_accounts) {
    out << " (" << plural(s.stale_accounts, "stale account", "stale accounts") << " and their "
        << plural(s.stale_findings, "finding", "findings")
        << " left out: the client no longer reads them and mailmend will not change them)";
  }
  out << "\nFindings: " << s.errors << " errors, " << s.warnings << " warnings, " << s.infos << " infos\n"
      << error_hosts_line(s) << "Sources that could not be read: " << s.sources_failed << "\n";
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
  for (const auto& folder : s.empty_inputs) {
    out << "no report in " << util::printable(folder, 4000)
        << ": the folder and its subfolders hold no *.json report (save them with audit --format json -o FILE.json)\n";
  }
  for (const auto& p : s.problems) out << "unreadable: " << util::printable(p, 4000) << "\n";
  return out.str();
}

nlohmann::json summary_json(const FleetSummary& s) {
  json rules = json::array();
  for (const auto& r : s.rules) {
    rules.push_back({{"rule", r.rule}, {"severity", r.severity}, {"findings", r.findings}, {"hosts", r.hosts}});
  }
  json providers = json::array();
  for (const auto& p : s.providers) providers.push_back({{"provider", p.provider}, {"accounts", p.accounts}});
  return {{"reports", s.reports},
          {"superseded_reports", s.superseded_reports},
          {"unreadable_reports", s.unreadable_reports},
          {"problems", s.problems},
          {"empty_inputs", s.empty_inputs},
          {"hosts", s.hosts},
          {"accounts", s.accounts},
          {"stale_accounts", s.stale_accounts},
          {"stale_findings", s.stale_findings},
          {"errors", s.errors},
          {"warnings", s.warnings},
          {"infos", s.infos},
          {"hosts_with_errors", s.hosts_with_errors},
          {"error_hosts", s.error_hosts},
          {"sources_failed", s.sources_failed},
          {"rules", rules},
          {"providers", providers}};
}

core::ExitCode summary_exit_code(const FleetSummary& s) {
  if (s.reports == 0) return core::ExitCode::Usage;
  return s.unreadable_reports ? core::ExitCode::Partial : core::ExitCode::Ok;
}

}  // namespace report
