// The fleet summary as text for people (README "Summary"), in the run's language. Values from the
// reports (host, rule, provider and client names, severities) stay as they are.
#include <sstream>

#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "report/summary.hpp"
#include "util/text.hpp"

namespace report {
namespace {

using i18n::Text;

constexpr std::size_t kHostsInText = 20;

Text count_of(std::size_t n) { return Text(std::to_string(n)); }

// "A (B; C)": the sentence with its notes in brackets, when there are any.
Text with_notes(const Text& line, const std::vector<Text>& notes) {
  if (notes.empty()) return line;
  Text joined = notes.front();
  for (std::size_t i = 1; i < notes.size(); ++i) joined = i18n::msg("{1}; {2}", {joined, notes[i]});
  return i18n::msg("{1} ({2})", {line, joined});
}

Text reports_line(const FleetSummary& s) {
  std::vector<Text> notes;
  if (s.superseded_reports) {
    notes.push_back(i18n::msgn("{1} older report of the same host left out (the newest report of each host counts)",
                               "{1} older reports of the same host left out (the newest report of each host counts)",
                               s.superseded_reports, {count_of(s.superseded_reports)}));
  }
  if (s.unreadable_reports) notes.push_back(i18n::msg("{1} unreadable", {count_of(s.unreadable_reports)}));
  const Text hosts = i18n::msgn("{1} host", "{1} hosts", s.hosts, {count_of(s.hosts)});
  return with_notes(i18n::msg("Reports: {1} from {2}", {count_of(s.reports), hosts}), notes);
}

Text accounts_line(const FleetSummary& s) {
  if (!s.stale_accounts) return i18n::msg("Accounts: {1}", {count_of(s.accounts)});
  const Text stale = i18n::msgn("{1} stale account", "{1} stale accounts", s.stale_accounts, {count_of(s.stale_accounts)});
  const Text findings = i18n::msgn("{1} finding", "{1} findings", s.stale_findings, {count_of(s.stale_findings)});
  return i18n::msg("Accounts: {1} ({2} and their {3} left out: the client no longer reads them and mailmend will not "
                   "change them)",
                   {count_of(s.accounts), stale, findings});
}

// "N (a, b, ... and M more; --format json lists them all)"
Text named(std::size_t count, const std::vector<std::string>& names) {
  if (names.empty()) return count_of(count);
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < names.size() && i < kHostsInText; ++i) shown.push_back(util::printable(names[i]));
  Text list = i18n::join_values(shown);
  if (names.size() > kHostsInText) {
    list = i18n::msg("{1}, and {2} more; --format json lists them all", {list, count_of(names.size() - kHostsInText)});
  }
  return i18n::msg("{1} ({2})", {count_of(count), list});
}

std::vector<std::string> stale_host_names(const FleetSummary& s) {
  std::vector<std::string> names;
  for (const auto& h : s.host_list) {
    if (!h.stale) continue;
    const Text age = h.age_days ? i18n::msg("{1} ({2} days)", {h.name, std::to_string(*h.age_days)})
                                : i18n::msg("{1} (no time)", {h.name});
    names.push_back(age.localized);
  }
  return names;
}

// A heading and its rows ("  value  count ..."), after an empty line; nothing when there are no rows.
void table(std::ostringstream& out, const Text& heading, const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return;
  out << "\n" << heading.localized << "\n";
  for (const auto& row : rows) out << "  " << util::join(row, "  ") << "\n";
}

}  // namespace

std::string render_summary_text(const FleetSummary& s) {
  std::ostringstream out;
  const int stale_days = s.stale_days;
  out << reports_line(s).localized << "\n"
      << accounts_line(s).localized << "\n"
      << i18n::msg("Findings: {1} errors, {2} warnings, {3} infos", {count_of(s.errors), count_of(s.warnings), count_of(s.infos)})
             .localized
      << "\n"
      << i18n::msg("Hosts with errors: {1}", {named(s.hosts_with_errors, s.error_hosts)}).localized << "\n"
      << i18n::msgn("Stale hosts (newest report older than {1} day): {2}", "Stale hosts (newest report older than {1} days): {2}",
                    static_cast<unsigned long>(stale_days),
                    {std::to_string(stale_days), named(s.stale_hosts, stale_host_names(s))})
             .localized
      << "\n"
      << i18n::msg("Sources that could not be read: {1}", {count_of(s.sources_failed)}).localized << "\n";
  std::vector<std::vector<std::string>> rules, providers, clients;
  for (const auto& r : s.rules) {
    rules.push_back({util::printable(r.severity), util::printable(r.rule), std::to_string(r.findings), std::to_string(r.hosts)});
  }
  for (const auto& p : s.providers) providers.push_back({util::printable(p.provider), std::to_string(p.accounts)});
  for (const auto& c : s.clients) clients.push_back({util::printable(c.client), std::to_string(c.accounts)});
  table(out, i18n::msg("By rule (findings, hosts):"), rules);
  table(out, i18n::msg("Accounts by provider:"), providers);
  table(out, i18n::msg("Accounts by client:"), clients);
  for (const auto& folder : s.empty_inputs) {
    out << i18n::msg("no report in {1}: the folder and its subfolders hold no *.json, *.ndjson or *.jsonl report (save "
                     "them with audit --format json -o FILE.json)",
                     {util::printable(folder, 4000)})
               .localized
        << "\n";
  }
  for (std::size_t i = 0; i < s.problems.size(); ++i) {
    out << i18n::msg("unreadable: {1}", {util::printable(s.problem_shown(i), 4000)}).localized << "\n";
  }
  return out.str();
}

}  // namespace report
