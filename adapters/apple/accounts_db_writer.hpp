#pragma once
// In-place edits of the live Internet Accounts database (mailmend fix --allow-accounts-db;
// reference applemail.md §3.4). Only existing cells change: ZACCOUNTPROPERTY.ZVALUE (each
// archived value keeps its type) and ZACCOUNT.ZUSERNAME; no row is ever inserted; Z_OPT is
// bumped; all inside BEGIN IMMEDIATE, which fails fast while accountsd writes. Managed and
// provider accounts are refused. The fix engine quits nothing itself: it refuses while Mail runs,
// backs up the whole ~/Library/Accounts folder inside the transaction, and verifies. accountsd may
// keep cached values until the user logs out and in again.
#include <chrono>

#include "core/database_store.hpp"

namespace adapters::apple {

class AccountsDbStore : public core::DatabaseStore {
 public:
  explicit AccountsDbStore(std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(2000))
      : busy_timeout_(busy_timeout) {}
  util::Result<std::vector<core::CellChange>> prepare(const std::filesystem::path& db,
                                                      const std::vector<core::Edit>& edits) const override;
  util::Result<core::WriteOutcome> write(const std::filesystem::path& db, const std::vector<core::CellChange>& changes,
                                         core::CellCheck check,
                                         const core::WhileLocked& while_locked) const override;

 private:
  std::chrono::milliseconds busy_timeout_;
};

}  // namespace adapters::apple
