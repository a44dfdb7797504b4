#pragma once
// Accounts of the legacy Mail storage: ~/Library/Mail/V*/MailData/Accounts.plist (10.7–10.12) and
// ~/Library/Preferences/com.apple.mail.plist (10.4–10.6), both with MailAccounts / DeliveryAccounts.
#include <optional>
#include <string>

#include "adapters/apple/plist_tree.hpp"
#include "core/adapter.hpp"

namespace adapters::apple {

// Protocol of a MailAccounts entry by AccountType; nullopt for LocalAccount, RSSAccount and
// other entries that are not mail server accounts.
std::optional<core::Protocol> protocol_for_account_type(std::string_view account_type);

// Whether the tree has MailAccounts or DeliveryAccounts arrays.
bool has_legacy_accounts(plist_t root);

// Reads the accounts (sources are the caller's). `stale_reason` non-empty: the file is a leftover
// that Mail no longer reads; every account is marked stale and gets an applemail-stale-plist finding.
core::ReadOutput read_legacy_accounts(plist_t root, const std::string& file, const std::string& stale_reason);

}  // namespace adapters::apple
