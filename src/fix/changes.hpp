#pragma once
// From findings to the changes a plan may make, before they are placed in files:
// - one change per (account, field), naming every rule that asks for the same value; two rules
//   asking different values refuse the field (ambiguous) rather than pick one;
// - a port never changes without the security that matches it, nor a security without its port
//   (the port conventions of rules/port_conventions.hpp, judged on the endpoint after every
//   planned change): the companion change is added when the findings give one unambiguous value
//   for it, otherwise the change is refused with the reason.
#include <string>
#include <vector>

#include "core/adapter.hpp"
#include "core/report.hpp"
#include "fix/plan.hpp"

namespace fix {

struct Change {
  const core::Finding* finding = nullptr;  // the first finding asking for it: origin, old and new value
  std::vector<std::string> rules;          // every rule asking for this value
  std::string needed_by;                   // a companion change: the field whose change needs it
};

struct Changes {
  std::vector<Change> changes;
  std::vector<Skipped> skipped;  // by design (managed, stale, ...) or refused
};

Changes plan_changes(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
                     const Selection& selection);

const core::Account* find_account(const core::Report& report, const std::string& id);
const core::Adapter* find_adapter(const std::vector<const core::Adapter*>& adapters, std::string_view client);

}  // namespace fix
