#pragma once
// One finding with everything a flat format (NDJSON, CSV, SARIF, JUnit) prints beside it: the
// account, client and source it belongs to, whether it counts. The formats share this, so that each
// finding is tied to its account and source the same way in every one of them.
#include <string>
#include <vector>

#include "core/report.hpp"

namespace report {

struct FlatFinding {
  const core::Finding* finding = nullptr;
  const core::AccountReport* account = nullptr;  // null for a finding about a source file itself
  std::string client;                            // the account's, else the client of that source
  std::string source;                            // the account's source, else the finding's file
  bool counted = true;                           // false for a stale account's finding (core::Report::tally)

  std::string provider_id() const;  // "" when no provider matched
  std::string email() const;        // the account's address, "" for a source finding
};

// Every finding of the report in its order.
std::vector<FlatFinding> flatten_findings(const core::Report& report);

// The identity of one run that every record of a flat format repeats.
struct RunIdentity {
  std::string host;
  std::string machine_id;
  std::string generated_at;
  std::string tool_version;
  std::string lang;  // Report::lang: empty for an English run
};
RunIdentity run_identity(const core::Report& report);

}  // namespace report
