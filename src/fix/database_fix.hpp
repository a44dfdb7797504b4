#pragma once
// Applying and restoring a database changed in place (the Apple Accounts database). Apply:
// refuse while the client runs; check the whole folder (no symlink, no hard link, one owner);
// as root, let SQLite run with the owner's ids; inside one BEGIN IMMEDIATE transaction check that
// every cell still holds its planned old value, copy the whole folder into the backup store, write
// the cells, commit; verify by re-reading; on a failed verification write the old cells back.
// Restore writes the manifest's old cells back the same way.
#include <filesystem>
#include <vector>

#include "fix/apply.hpp"
#include "fix/backup.hpp"

namespace fix {

// `run_id`: the apply run the backup belongs to.
FileResult apply_database_file(const PlanFile& file, const ApplyOptions& options, const std::filesystem::path& backup_dir,
                               const std::vector<std::filesystem::path>& homes, const std::string& run_id);

// `info` is a backup of kind "database"; the lock check is the caller's.
RestoreResult restore_database_backup(const std::filesystem::path& dir, const BackupInfo& info, bool force,
                                      const std::vector<std::filesystem::path>& homes,
                                      const std::vector<const core::Adapter*>& adapters);

}  // namespace fix
