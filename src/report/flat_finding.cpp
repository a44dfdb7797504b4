#include "report/flat_finding.hpp"

#include <string_view>
#include <unordered_map>

namespace report {
namespace {

// The client of a finding about a source itself: the source read from its file, else the client
// its rule id is prefixed with ("thunderbird-pref-syntax").
std::string client_of_source_finding(const core::Report& report, const core::Finding& f) {
  for (const auto& s : report.sources) {
    if (!f.origin.file.empty() && s.path == f.origin.file) return s.client;
  }
  for (const auto& s : report.sources) {
    if (!s.client.empty() && f.rule.starts_with(s.client + "-")) return s.client;
  }
  return {};
}

}  // namespace

std::string FlatFinding::provider_id() const { return account && account->provider ? account->provider->id : ""; }

std::string FlatFinding::email() const { return account ? account->account.email : ""; }

std::vector<FlatFinding> flatten_findings(const core::Report& report) {
  std::unordered_map<std::string_view, const core::AccountReport*> by_id;
  by_id.reserve(report.accounts.size());
  for (const auto& a : report.accounts) by_id.emplace(a.account.id, &a);
  std::vector<FlatFinding> out;
  out.reserve(report.findings.size());
  for (const auto& f : report.findings) {
    FlatFinding flat{&f, nullptr, {}, {}, true};
    if (auto it = by_id.find(f.account); !f.account.empty() && it != by_id.end()) {
      flat.account = it->second;
      flat.client = it->second->account.client;
      flat.source = it->second->account.source;
      flat.counted = !it->second->account.stale;  // a stale account's findings are not counted
    } else {
      flat.client = client_of_source_finding(report, f);
      flat.source = f.origin.file;
    }
    out.push_back(std::move(flat));
  }
  return out;
}

RunIdentity run_identity(const core::Report& report) {
  return {report.host, report.machine_id, report.generated_at, MAILMEND_VERSION, report.lang};
}

}  // namespace report
