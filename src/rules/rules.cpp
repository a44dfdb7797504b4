#include "rules/rules.hpp"

namespace rules {

std::vector<core::Finding> evaluate(const core::Account&, const std::optional<providers::Match>&) { return {}; }

}  // namespace rules
