#pragma once
// Everything one audit found, before it is rendered as text or JSON.
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "core/probe.hpp"
#include "core/source.hpp"

namespace core {

struct ProviderRef {
  std::string id;
  std::string name;
  std::string matched_by;  // "email-domain", "server-host", "policy"
  std::string matched_on;  // the domain or host that matched
};

struct AccountReport {
  Account account;
  std::optional<ProviderRef> provider;
};

// Findings counted per severity, and those shown but not counted, in one pass over a report.
struct FindingTally {
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::size_t uncounted = 0;
  std::size_t of(Severity s) const { return s == Severity::Error ? errors : s == Severity::Warning ? warnings : infos; }
};

struct Report {
  std::string host;        // the host name, or what --host-id says
  std::string machine_id;  // util::machine_id(); empty when it cannot be told
  std::string generated_at;  // RFC 3339 UTC
  // The language of the findings' message_localized ("zh-CN"); empty when the run spoke English.
  std::string lang;
  std::vector<Source> sources;
  std::vector<AccountReport> accounts;
  std::vector<Finding> findings;
  // Set when the run probed servers (probe, audit --probe), even if there was nothing to probe.
  std::optional<std::vector<ProbeResult>> probes;

  // Findings of severity `s` that count towards the result: a finding of a stale account (a
  // leftover file the client no longer reads, which mailmend shows but never changes) counts
  // towards neither the summary nor the exit code.
  std::size_t count(Severity s) const;
  // Findings shown but not counted (of stale accounts).
  std::size_t uncounted() const;
  // Both at once, in one pass (a report of thousands of homes holds ~10,000 findings).
  FindingTally tally() const;
};

}  // namespace core
