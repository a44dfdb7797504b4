// The fleet summary as text for people (README "Summary").
#include <sstream>

#include "report/summary.hpp"
#include "util/text.hpp"

namespace report {
namespace {

constexpr std::size_t kHostsInText = 20;

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

// "N (a, b, ... and M more; --format json lists them all)"
std::string named(std::size_t count, const std::vector<std::string>& names) {
  std::string line = std::to_string(count);
  if (names.empty()) return line + "\n";
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < names.size() && i < kHostsInText; ++i) shown.push_back(util::printable(names[i]));
  if (names.size() > kHostsInText) {
    shown.push_back("and " + std::to_string(names.size() - kHostsInText) + " more; --format json lists them all");
  }
  return line + " (" + util::join(shown, ", ") + ")\n";
}

std::vector<std::string> stale_host_names(const FleetSummary& s) {
  std::vector<std::string> names;
  for (const auto& h : s.host_list) {
    if (!h.stale) continue;
    names.push_back(h.name + (h.age_days ? " (" + std::to_string(*h.age_days) + " days)" : " (no time)"));
  }
  return names;
}

}  // namespace

std::string render_summary_text(const FleetSummary& s) {
  std::ostringstream out;
  out << reports_line(s) << "Accounts: " << s.accounts;
  if (s.stale_accounts) {
    out << " (" << plural(s.stale_accounts, "stale account", "stale accounts") << " and their "
        << plural(s.stale_findings, "finding", "findings")
        << " left out: the client no longer reads them and mailmend will not change them)";
  }
  out << "\nFindings: " << s.errors << " errors, " << s.warnings << " warnings, " << s.infos << " infos\n"
      << "Hosts with errors: " << named(s.hosts_with_errors, s.error_hosts)
      << "Stale hosts (newest report older than " << plural(static_cast<std::size_t>(s.stale_days), "day", "days")
      << "): " << named(s.stale_hosts, stale_host_names(s))
      << "Sources that could not be read: " << s.sources_failed << "\n";
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
  if (!s.clients.empty()) {
    out << "\nAccounts by client:\n";
    for (const auto& c : s.clients) out << "  " << util::printable(c.client) << "  " << c.accounts << "\n";
  }
  for (const auto& folder : s.empty_inputs) {
    out << "no report in " << util::printable(folder, 4000)
        << ": the folder and its subfolders hold no *.json, *.ndjson or *.jsonl report (save them with audit --format json -o FILE.json)\n";
  }
  for (const auto& p : s.problems) out << "unreadable: " << util::printable(p, 4000) << "\n";
  return out.str();
}

}  // namespace report
