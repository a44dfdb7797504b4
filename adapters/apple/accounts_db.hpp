#pragma once
// Mail accounts in the Internet Accounts database ~/Library/Accounts/Accounts4.sqlite (10.13+)
// or Accounts3.sqlite (Core Data; reference applemail.md §3). Read from a private copy.
#include <filesystem>
#include <string>

#include "core/adapter.hpp"
#include "util/result.hpp"

namespace adapters::apple {

inline constexpr std::uintmax_t kMaxAccountsDbBytes = 256u * 1024u * 1024u;

// Accounts4.sqlite, Accounts3.sqlite (and copies named like "…Accounts3.sqlite").
bool is_accounts_db_name(const std::filesystem::path& path);

// Accounts and findings of the database (the caller adds the Source). An error for a file that
// is not a readable Accounts database.
util::Result<core::ReadOutput> read_accounts_db(const std::filesystem::path& db);

}  // namespace adapters::apple
