#pragma once
// The folder of a database changed in place (the Apple Accounts folder): opened from the home
// down like any fix target, every entry checked (no symlink, no special or hard-linked file, all
// owned by the home's owner) before SQLite opens anything in it, and copied whole as the backup.

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/database_store.hpp"
#include "fix/target.hpp"
#include "util/identity.hpp"
#include "util/safe_tree.hpp"

namespace fix {

struct DatabaseFolder {
  Target target;  // the database file; target.folder is its folder
  util::EntryStatus st;  // of the database file
};

util::Result<DatabaseFolder> open_database_folder(const std::filesystem::path& db,
                                                  const std::vector<std::filesystem::path>& homes);

// The ids SQLite should run with: the database owner's when running as root (a no-op otherwise).
util::Result<util::ScopedIdentity> become_database_owner(const DatabaseFolder& folder);

// Cells as JSON: readable values, plus the exact stored bytes in hex when `exact` (the undo
// record of a backup manifest).
nlohmann::json cells_json(const std::vector<core::CellChange>& cells, bool exact = false);
// The cells of a manifest; nullopt when it is damaged.
std::optional<std::vector<core::CellChange>> cells_from_json(const nlohmann::json& j);

}  // namespace fix
