#pragma once
// Every rule id mailmend can report: the shared rules and each adapter's own, grouped by client.
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_info.hpp"
#include "i18n/text.hpp"

namespace audit {

// client: empty for the shared rules, else the adapter's client ("thunderbird", ...).
using RuleGroup = core::RuleGroup;

// The shared rules first, then the probe's (client "probe"), then one group per adapter (in
// all_adapters() order).
std::vector<RuleGroup> rule_groups();

// Empty when `id` is a known rule id; else one line naming it and the nearest known id.
i18n::Text unknown_rule_problem(std::string_view id);

}  // namespace audit
