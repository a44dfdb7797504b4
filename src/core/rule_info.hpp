#pragma once
// One entry of a rule catalogue: the shared rules (rules::catalogue()) and each adapter's own
// (core::Adapter::rule_catalogue()) use the same shape, for `mailmend rules` and `--only`/`--skip`.
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"

namespace core {

struct RuleInfo {
  std::string_view id;
  Severity severity;  // the usual severity; some rules vary it (see README)
  std::string_view summary;  // English, marked with i18n::marked (SARIF, JUnit); `mailmend rules` translates it
};

// The rules of one client (empty `client`: the shared rules that every account is checked with).
struct RuleGroup {
  std::string client;  // empty for the shared rules, "probe", else the adapter's client ("thunderbird", ...)
  std::vector<RuleInfo> rules;
  std::string heading;  // the line `mailmend rules` shows above the group, in the run's language
};

}  // namespace core
