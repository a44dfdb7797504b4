#pragma once
// Rules compare one account with what its provider expects and emit findings with stable ids.
#include <optional>
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "providers/database.hpp"

namespace rules {

std::vector<core::Finding> evaluate(const core::Account& account, const std::optional<providers::Match>& match);

}  // namespace rules
