#pragma once
// Checking a written file: re-read accounts must equal the accounts before, except the edited
// fields, which must now hold the planned values; the fixed findings must be gone, and no changed
// account may have an error-level finding it did not have before.
#include <map>
#include <string>
#include <vector>

#include "core/adapter.hpp"
#include "fix/plan.hpp"
#include "i18n/text.hpp"

namespace fix {

// Every compared value of an account as text, keyed "name", "incoming.host", "outgoing.port", ...
std::map<std::string, std::string> account_values(const core::Account& account);

// Error-level findings of the re-read on an account the plan changed that the read before the
// write did not have (same rule, account and field): a change that broke something else.
std::vector<const core::Finding*> new_errors_on_changed_accounts(const core::ReadOutput& before,
                                                                 const core::ReadOutput& after,
                                                                 const std::vector<PlanItem>& items);

// Problems found (one line each, in English and the run's language); empty when the write did exactly what the plan said and left
// no new error on a changed account.
std::vector<i18n::Text> verify_rewrite(const core::ReadOutput& before, const core::ReadOutput& after,
                                       const std::vector<PlanItem>& items);

}  // namespace fix
