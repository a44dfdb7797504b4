#pragma once
// The Accounts home of the hostile in-place database fix tests (test_database_fix_hostile.cpp and
// its POSIX-only cases in test_database_fix_hostile_posix.cpp): the shared fixture home plus the
// attacks' helpers.
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <iterator>
#include <memory>
#include <string>

#include "accounts_home.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "support/testutil.hpp"

namespace fixture {

// wal: the database in WAL mode.
struct Home : fixture::AccountsHome {
  using fixture::AccountsHome::AccountsHome;
  // Options whose re-read before the write runs `meddle` once: the folder was checked, SQLite has
  // not opened anything yet (the window a racing user has).
  fix::ApplyOptions racing(std::function<void()> meddle) const {
    fix::ApplyOptions o = options();
    auto once = std::make_shared<bool>(false);
    o.reread = [this, meddle, once](const std::filesystem::path& p) {
      if (!*once) {
        *once = true;
        meddle();
      }
      return adapter.read(p);
    };
    return o;
  }

  std::string integrity() const {
    SQLite::Database d(db.string());
    return d.execAndGet("PRAGMA integrity_check").getString();
  }
  int accounts() const {
    SQLite::Database d(db.string());
    return d.execAndGet("SELECT count(*) FROM ZACCOUNT").getInt();
  }
  void exec(const std::string& sql) const {
    SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
    d.exec(sql);
  }
  // Every file under the backup store (complete or not).
  std::size_t backup_entries() const {
    std::error_code ec;
    if (!std::filesystem::exists(backups, ec)) return 0;
    return static_cast<std::size_t>(std::distance(std::filesystem::recursive_directory_iterator(backups), {}));
  }
  fix::FileResult apply(const fix::Plan& plan) const { return fix::apply_plan(plan, options()).files.at(0); }
  fix::FileResult apply(const fix::Plan& plan, const fix::ApplyOptions& o) const {
    return fix::apply_plan(plan, o).files.at(0);
  }
  fix::RestoreResult restore(const std::string& id, bool force = false) const {
    return fix::restore_backup(backups, id, force, {home}, {&adapter});
  }
  // The manifest of backup `id`, changed by `edit`.
  void tamper(const std::string& id, const std::function<void(nlohmann::json&)>& edit) const {
    const std::filesystem::path manifest = backups / id / "manifest.json";
    auto j = nlohmann::json::parse(testutil::read_bytes(manifest));
    edit(j);
    testutil::write_bytes(manifest, j.dump());
  }
};

}  // namespace fixture
