#pragma once
// Writes an unsigned configuration profile with one com.apple.mail.managed payload per account,
// carrying the corrected values: on managed Macs a pushed profile is the fix that sticks.
#include <string>
#include <vector>

#include "core/adapter.hpp"

namespace adapters::apple {

// XML .mobileconfig for the IMAP/POP accounts given (others are skipped), with `edits` whose
// Edit::account matches applied (host, port, security, auth, username). Never contains passwords.
// UUIDs derive from the account ids, so the same input gives the same bytes. An account without
// an outgoing server gets no Outgoing* keys (macOS requires them: fill them in before pushing).
std::string write_corrected_mobileconfig(const std::vector<core::Account>& accounts,
                                         const std::vector<core::Edit>& edits);

// Name-based UUID (SHA-1, version 5 layout) of `name`, upper-case.
std::string stable_uuid(const std::string& name);

}  // namespace adapters::apple
