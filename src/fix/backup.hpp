#pragma once
// The backup store: one folder per backup id holding the original bytes ("original") and
// "manifest.json". Folders are 0700 and files 0600, owned by the fixed file's owner. A database
// changed in place (kind "database") keeps a copy of its whole folder in "original/" and, in the
// manifest, the exact bytes of every changed cell before and after: restore writes those back.
// A live registry (kind "registry") has no file: the manifest holds each value's key, name, type
// and exact bytes before and after, and a regedit undo file ("undo.reg") lies beside it.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/adapter.hpp"
#include "core/error.hpp"
#include "i18n/text.hpp"
#include "util/result.hpp"
#include "util/safe_tree.hpp"

namespace fix {

// /var/backups/mailmend as root; otherwise $XDG_STATE_HOME/mailmend/backups or
// ~/.local/state/mailmend/backups.
std::filesystem::path default_backup_dir();

struct BackupInfo {
  std::string id;  // sortable: "20261127-193450.123-1a2b3c"
  std::string kind = "file";  // "file", "database" or "registry"
  std::filesystem::path original_path;
  std::filesystem::path home;  // the home folder the file was opened from ("" when none)
  std::string client;
  std::string created_at;  // RFC 3339 UTC
  std::string tool_version;
  util::UserId owner_uid = 0;
  util::GroupId owner_gid = 0;
  unsigned mode = 0;  // permission bits of the original file
  std::string sha256_before;
  std::string sha256_after;
  nlohmann::json items = nlohmann::json::array();  // the plan items applied to the file
  nlohmann::json cells;  // database, registry: the changed cells or values (cells_json exact)
  nlohmann::json files;  // database: the copied folder's entries {path, size, sha256}
  std::string run_id;    // the `fix --apply` run that made it ("" for a backup made by restore --force)
  // Files written together with this one, all or none (PlanFile::group); `restore RUN-ID` restores them all.
  std::vector<std::string> together_with;
  std::string note;      // why it was made, when not by fix --apply ("state before restore --force of ID")
};

// A new apply run's id: "run-" and the backup-id form ("run-20261127-193450.123-1a2b3c"). Every
// backup of one `fix --apply` records it; `restore` given it restores every file of the run.
std::string new_run_id();
bool is_run_id(const std::string& id);

nlohmann::json manifest_json(const BackupInfo& info);

// Stores `original` and the manifest under a new id (fills info.id and info.created_at), fsynced
// before it returns. The store folder is created 0700 when missing.
util::Result<std::string> create_backup(const std::filesystem::path& dir, BackupInfo& info,
                                        std::string_view original);

// A database's backup: copies the whole folder `folder_fd` (shown as `folder`) into
// "original/", checking each entry as util::walk_tree_at does, and records the entries in the
// manifest. Fills info.id, info.created_at and info.files.
util::Result<std::string> create_folder_backup(const std::filesystem::path& dir, BackupInfo& info, int folder_fd,
                                               const std::filesystem::path& folder,
                                               const util::TreeLimits& limits);

// A live registry's backup: the manifest (info.cells: the changed values) and `undo` (may be null)
// beside it. Fills info.id, info.created_at and info.kind.
util::Result<std::string> create_values_backup(const std::filesystem::path& dir, BackupInfo& info,
                                               const core::UndoDocument* undo);

// Complete backups (with a readable manifest), oldest first.
std::vector<BackupInfo> list_backups(const std::filesystem::path& dir);

enum class RestoreStatus {
  Restored,         // the original bytes were written back
  AlreadyOriginal,  // the file already holds the original bytes: nothing to do
  Refused,          // the file changed since mailmend wrote it (use force), or is unsafe to write
  Error,            // no such backup, a damaged backup, or an I/O error
};
std::string_view to_string(RestoreStatus s);

struct RestoreResult {
  RestoreStatus status = RestoreStatus::Error;
  std::filesystem::path file;
  std::string message;            // one line, English
  std::string message_localized;  // the same in the run's language (empty in an English run)
  std::string saved_as;  // --force: the backup id of the state the restore replaced
  const std::string& shown() const { return message_localized.empty() ? message : message_localized; }
};
// A result that saved nothing aside (no saved_as).
RestoreResult restore_result(RestoreStatus status, const std::filesystem::path& file, const i18n::Text& message);
// A restore done: `restored` says what was put back; with `saved_as` (restore --force saved the state it
// replaced first) the message also names that backup.
RestoreResult restored_result(const std::filesystem::path& file, const i18n::Text& restored, const std::string& saved_as);
// "file: database is locked; nothing changed".
i18n::Text database_busy(const std::filesystem::path& db);

// Puts the original back atomically (same safe write as apply). Refuses when the file's sha256
// is neither the "after" nor the "before" hash unless `force`; with `force`, a file that holds
// anything but the original is first saved as a backup of its own (RestoreResult::saved_as), so the
// forced restore can be undone; works when the file is missing; idempotent. `homes` adds home folders to the one recorded in the manifest. When an adapter of
// the backup's client is given, a running client refuses the restore (even with `force`).
RestoreResult restore_backup(const std::filesystem::path& dir, const std::string& id, bool force,
                             const std::vector<std::filesystem::path>& homes = {},
                             const std::vector<const core::Adapter*>& adapters = {});

// 0 restored or already original, 3 refused, 2 error.
core::ExitCode restore_exit_code(const RestoreResult& result);

// Restores every backup of one apply run (newest first). Empty when the run has no backup in `dir`.
std::vector<RestoreResult> restore_run(const std::filesystem::path& dir, const std::string& run_id, bool force,
                                       const std::vector<std::filesystem::path>& homes = {},
                                       const std::vector<const core::Adapter*>& adapters = {});

// 0 every file restored (or already the original), 2 no backup of the run, 3 otherwise.
core::ExitCode restore_run_exit_code(const std::vector<RestoreResult>& results);

// The note of a backup that restore --force makes of the state it replaces (BackupInfo::note).
std::string forced_restore_note(const std::string& backup_id);

// `backups list`'s text, in the run's language.
std::string render_backups_text(const std::vector<BackupInfo>& backups);
nlohmann::json backups_json(const std::vector<BackupInfo>& backups);

}  // namespace fix
