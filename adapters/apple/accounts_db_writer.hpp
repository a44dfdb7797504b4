#pragma once
// Opt-in edits of the live Internet Accounts database (the lead wires them behind
// --allow-accounts-db; reference applemail.md §3.4). Only existing ZACCOUNTPROPERTY rows (and the
// ZUSERNAME column) are updated, never inserted; each archived value keeps its type; Z_OPT is
// bumped; all inside BEGIN IMMEDIATE (fails fast while accountsd writes). Managed and provider
// accounts are refused. The caller quits Mail first and backs up ~/Library/Accounts
// (backup_accounts_folder); accountsd may keep cached values until the user logs out and in.
#include <chrono>
#include <filesystem>
#include <vector>

#include "core/adapter.hpp"
#include "util/result.hpp"

namespace adapters::apple {

struct AccountsDbWriteOptions {
  std::chrono::milliseconds busy_timeout{2000};
};

util::Status update_accounts_db(const std::filesystem::path& db, const std::vector<core::Edit>& edits,
                                const AccountsDbWriteOptions& options = {});

// Copies the whole folder holding `db` (Accounts4.sqlite, -wal, -shm, anything else) into a new
// folder under `backup_root`, byte for byte; returns the new folder.
util::Result<std::filesystem::path> backup_accounts_folder(const std::filesystem::path& db,
                                                           const std::filesystem::path& backup_root);

}  // namespace adapters::apple
