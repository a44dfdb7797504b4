#pragma once
// Checking a written file: re-read accounts must equal the accounts before, except the edited
// fields, which must now hold the planned values; the fixed findings must be gone.
#include <map>
#include <string>
#include <vector>

#include "core/adapter.hpp"
#include "fix/plan.hpp"

namespace fix {

// Every compared value of an account as text, keyed "name", "incoming.host", "outgoing.port", ...
std::map<std::string, std::string> account_values(const core::Account& account);

// Problems found (one line each); empty when the write did exactly what the plan said.
std::vector<std::string> verify_rewrite(const core::ReadOutput& before, const core::ReadOutput& after,
                                        const std::vector<PlanItem>& items);

}  // namespace fix
