#include "fix/database_fix.hpp"

#include "fix/apply_steps.hpp"
#include "fix/backup.hpp"
#include "fix/database_folder.hpp"
#include "fix/verify.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {


// Backs up the cells about to be written, as `info` says why: a database's whole folder (copied
// with the ids the process started with: the backup store is root's) or, for the registry, the
// values with the store's undo document. Called inside the store's write, before any cell changes.
util::Result<std::string> back_up_cells(const fs::path& backup_dir, BackupInfo& info, const DatabaseFolder* folder,
                                        const core::DatabaseStore& store, const std::vector<core::CellChange>& cells,
                                        util::ScopedIdentity* identity) {
  if (identity) {
    if (auto s = identity->leave(); !s) return s.error();
  }
  info.cells = cells_json(cells, true);
  util::Result<std::string> id = util::make_error("");
  if (folder) {
    info.home = folder->target.home;
    info.owner_uid = folder->st.owner;
    info.owner_gid = folder->st.group;
    info.mode = folder->st.mode;
    util::TreeLimits limits;
    limits.owner = folder->st.owner;
    id = create_folder_backup(backup_dir, info, folder->target.folder.get(), folder->target.path.parent_path(), limits);
  } else {
    const std::optional<core::UndoDocument> undo = store.undo_document(cells);
    id = create_values_backup(backup_dir, info, undo ? &*undo : nullptr);
  }
  util::Status back = identity ? identity->enter() : util::Status{};
  if (!id) return i18n::error(i18n::msg("{1}; nothing was changed", {i18n::text_of(id.error())}));
  if (!back) return back.error();
  return id;
}

// Whether a cell as found holds what the change writes (type and missing-ness included).
bool holds_after(const core::CellChange& found, const core::CellChange& change) {
  if (found.missing_before || change.missing_after) return found.missing_before == change.missing_after;
  return found.before == change.after && found.type == change.type;
}

class DatabaseApplier {
 public:
  DatabaseApplier(const PlanFile& file, const ApplyOptions& options, const fs::path& backup_dir,
                  const std::vector<fs::path>& homes, const std::string& run_id)
      : file_(file), options_(options), backup_dir_(backup_dir), homes_(homes), run_id_(run_id) {}

  FileResult run() {
    if (const core::LockState lock = file_.adapter->lock_state(file_.file); lock.locked) {
      return refuse(i18n::msg("{1}: {2}; close the client and run again", {file_.file.string(), lock.message}));
    }
    // A database lives in a folder, checked and opened from the home down; the registry has none.
    std::optional<DatabaseFolder> folder;
    if (!file_.live_registry()) {
      auto opened = open_database_folder(file_.file, homes_);
      if (!opened) return refuse(i18n::text_of(opened.error()));
      folder.emplace(std::move(opened.value()));
    }
    const DatabaseFolder* in = folder ? &*folder : nullptr;
    const auto before = detail::reread_sources(file_, options_.reread);
    if (!before) return refuse(i18n::msg("{1}: {2}", {file_.file.string(), i18n::text_of(before.error())}));
    auto written = write_as_owner(in, file_.cells, [&](const std::vector<core::CellChange>&) { return back_up(in); });
    if (!written) return not_written(written.error());
    switch (*written) {
      case core::WriteOutcome::Written: break;
      case core::WriteOutcome::AlreadyDone:
        return refuse(i18n::msg("{1}: already holds the planned values (changed since planning); plan again",
                                {file_.file.string()}));
      case core::WriteOutcome::Changed: return refuse(detail::changed_since_planning(file_.file));
      case core::WriteOutcome::Busy: return refuse(database_busy(file_.file));
    }
    return verify(in, *before);
  }

 private:
  FileResult refuse(const i18n::Text& message) {
    return detail::file_result(file_, FileOutcome::Refused, message, backup_id_);
  }
  FileResult outcome(FileOutcome o, const i18n::Text& message) {
    return detail::file_result(file_, o, i18n::msg("{1}: {2}", {file_.file.string(), message}), backup_id_);
  }

  // The store's write failed: refused when nothing changed, failed when the registry (which has
  // no transaction) may hold some of the new values.
  FileResult not_written(const util::Error& error) {
    const i18n::Text why = i18n::text_of(error);
    const bool said = error.message.ends_with("nothing changed") || error.message.ends_with("nothing was changed");
    // The registry has no transaction: its store says when it could not put the values back.
    if (file_.live_registry() && !said && !backup_id_.empty()) {
      return outcome(FileOutcome::Failed,
                     i18n::msg("{1}; mailmend restore {2} --force writes the old values back", {why, backup_id_}));
    }
    return refuse(backup_id_.empty() || said ? why : i18n::msg("{1}; nothing was changed", {why}));
  }

  // SQLite opens the database (and creates its -wal / -shm) with the owner's ids when root. The
  // registry (no folder) is written as the user running mailmend.
  util::Result<core::WriteOutcome> write_as_owner(const DatabaseFolder* folder, const std::vector<core::CellChange>& cells,
                                                  const core::WhileLocked& while_locked) {
    if (!folder) return file_.database->write(file_.file, cells, core::CellCheck::Before, while_locked);
    auto identity = become_database_owner(*folder);
    if (!identity) return i18n::error(i18n::msg("{1}: {2}", {file_.file.string(), i18n::text_of(identity.error())}));
    identity_ = &identity.value();
    auto written = file_.database->write(file_.file, cells, core::CellCheck::Before, while_locked);
    identity_ = nullptr;
    if (!written && identity->active()) {
      return i18n::error(i18n::msg("{1} (SQLite ran as uid {2}, the database's owner)",
                                   {i18n::text_of(written.error()), std::to_string(folder->st.owner)}));
    }
    return written;
  }

  util::Status back_up(const DatabaseFolder* folder) {
    BackupInfo info;
    info.original_path = folder ? folder->target.path : file_.file;
    info.client = file_.client;
    info.tool_version = MAILMEND_VERSION;
    info.items = detail::items_json(file_);
    info.run_id = run_id_;
    auto id = back_up_cells(backup_dir_, info, folder, *file_.database, file_.cells, identity_);
    if (!id) return id.error();
    backup_id_ = *id;
    detail::crash_hook("after-backup");
    return {};
  }

  FileResult verify(const DatabaseFolder* folder, const core::ReadOutput& before) {
    const auto after = detail::reread_sources(file_, options_.reread);
    const std::vector<i18n::Text> problems =
        after ? verify_rewrite(before, *after, file_.items) : std::vector<i18n::Text>{i18n::text_of(after.error())};
    if (problems.empty()) return outcome(FileOutcome::Applied, applied_in_place());
    const i18n::Text failed = detail::verification_failed(problems);
    auto undone = write_as_owner(folder, core::reversed(file_.cells), {});
    if (!undone) {
      return outcome(FileOutcome::Failed, i18n::msg("{1} and writing the old values back failed: {2}; run mailmend restore {3}",
                                                    {failed, i18n::text_of(undone.error()), backup_id_}));
    }
    if (*undone == core::WriteOutcome::Busy) {
      return outcome(FileOutcome::Failed,
                     i18n::msg("{1} and the database is now locked by another program; run mailmend restore {2}",
                               {failed, backup_id_}));
    }
    if (*undone == core::WriteOutcome::Changed) {
      return outcome(FileOutcome::Failed, i18n::msg("{1} and the database changed meanwhile, so it was left as it is; "
                                                    "mailmend restore {2} --force writes the old values back",
                                                    {failed, backup_id_}));
    }
    return outcome(FileOutcome::RolledBack, i18n::msg("{1}; the old values were written back", {failed}));
  }

  i18n::Text applied_in_place() const {
    const std::initializer_list<i18n::Text> counts{std::to_string(file_.items.size()), std::to_string(file_.cells.size())};
    return file_.live_registry() ? i18n::msg("{1} change(s) applied in place ({2} registry value(s), read back)", counts)
                                 : i18n::msg("{1} change(s) applied in place ({2} cell(s))", counts);
  }

  const PlanFile& file_;
  const ApplyOptions& options_;
  const fs::path& backup_dir_;
  const std::vector<fs::path>& homes_;
  const std::string& run_id_;
  util::ScopedIdentity* identity_ = nullptr;
  std::string backup_id_;
};

// The store of the backup's client, when it is of the kind the manifest says.
const core::DatabaseStore* store_for(const BackupInfo& info, const std::vector<const core::Adapter*>& adapters) {
  const auto kind = info.kind == "registry" ? core::DatabaseStore::Kind::LiveRegistry : core::DatabaseStore::Kind::DatabaseFile;
  for (const auto* adapter : adapters) {
    if (!adapter || adapter->client() != info.client) continue;
    const core::DatabaseStore* store = adapter->database_store(info.original_path);
    return store && store->kind() == kind ? store : nullptr;
  }
  return nullptr;
}

}  // namespace

FileResult apply_database_file(const PlanFile& file, const ApplyOptions& options, const fs::path& backup_dir,
                               const std::vector<fs::path>& homes, const std::string& run_id) {
  return DatabaseApplier(file, options, backup_dir, homes, run_id).run();
}

RestoreResult restore_database_backup(const fs::path& dir, const BackupInfo& info, bool force,
                                      const std::vector<fs::path>& homes,
                                      const std::vector<const core::Adapter*>& adapters) {
  const fs::path& file = info.original_path;
  auto cells = cells_from_json(info.cells);
  if (!cells) {
    return restore_result(RestoreStatus::Error, file,
                          i18n::msg("{1}: damaged manifest (cells)", {(dir / info.id / "manifest.json").string()}));
  }
  const core::DatabaseStore* store = store_for(info, adapters);
  if (!store) return restore_result(RestoreStatus::Error, file,
                                       i18n::msg("{1}: no adapter writes this {2}", {file.string(), info.kind}));
  const bool registry = store->kind() == core::DatabaseStore::Kind::LiveRegistry;
  const auto check = force ? core::CellCheck::Any : core::CellCheck::Before;
  const std::vector<core::CellChange> undo = core::reversed(*cells);
  // restore --force over cells that hold anything but the original first backs up what they hold
  // (as restoring a file does), so `mailmend restore` of that backup undoes the forced restore.
  std::string saved_as;
  util::ScopedIdentity* owner = nullptr;
  std::optional<DatabaseFolder> folder;
  auto save_found_state = [&](const std::vector<core::CellChange>& found) -> util::Status {
    if (!force) return {};
    bool original = true;
    for (std::size_t i = 0; i < found.size(); ++i) original = original && holds_after(found[i], undo[i]);
    if (original) return {};
    std::vector<core::CellChange> replaced = found;
    for (std::size_t i = 0; i < replaced.size(); ++i) {
      replaced[i].after = undo[i].after;
      replaced[i].after_text = undo[i].after_text;
      replaced[i].missing_after = undo[i].missing_after;
    }
    BackupInfo state;
    state.original_path = info.original_path;
    state.client = info.client;
    state.tool_version = MAILMEND_VERSION;
    state.note = forced_restore_note(info.id);
    auto id = back_up_cells(dir, state, folder ? &*folder : nullptr, *store, replaced, owner);
    if (!id) return i18n::error(i18n::msg("{1} (the current state could not be saved first)", {i18n::text_of(id.error())}));
    saved_as = *id;
    return {};
  };
  util::Result<core::WriteOutcome> written = util::make_error("");
  if (registry) {
    written = store->write(file, undo, check, save_found_state);
  } else {
    std::vector<fs::path> all_homes = homes;
    if (!info.home.empty()) all_homes.push_back(info.home);
    auto opened = open_database_folder(file, all_homes);
    if (!opened) return restore_result(RestoreStatus::Refused, file, i18n::text_of(opened.error()));
    folder.emplace(std::move(opened.value()));
    if (folder->st.owner != info.owner_uid) {
      return restore_result(RestoreStatus::Refused, file,
                            i18n::msg("{1}: the backup's owner (uid {2}) is not the database's owner (uid {3}); refusing",
                                      {file.string(), std::to_string(info.owner_uid), std::to_string(folder->st.owner)}));
    }
    auto identity = become_database_owner(*folder);
    if (!identity) return restore_result(RestoreStatus::Error, file, i18n::msg("{1}: {2}", {file.string(), i18n::text_of(identity.error())}));
    owner = &identity.value();
    written = store->write(file, undo, check, save_found_state);
    owner = nullptr;
  }
  if (!written) return restore_result(RestoreStatus::Error, file, i18n::text_of(written.error()));
  switch (*written) {
    case core::WriteOutcome::Written: {
      const std::initializer_list<i18n::Text> args{file.string(), std::to_string(cells->size()), info.id,
                                                   (dir / info.id).string(), (dir / info.id / "original").string()};
      return restored_result(file,
                             registry ? i18n::msg("{1}: {2} registry value(s) restored from backup {3} (a regedit file of "
                                                  "the old values is also in {4})",
                                                  args)
                                      : i18n::msg("{1}: {2} cell(s) restored from backup {3} (the whole folder as it was is "
                                                  "in {5})",
                                                  args),
                             saved_as);
    }
    case core::WriteOutcome::AlreadyDone:
      return restore_result(RestoreStatus::AlreadyOriginal, file,
                            i18n::msg("{1}: already holds the original values of backup {2}", {file.string(), info.id}));
    case core::WriteOutcome::Busy: return restore_result(RestoreStatus::Refused, file, database_busy(file));
    case core::WriteOutcome::Changed: break;
  }
  return restore_result(RestoreStatus::Refused, file,
                        i18n::msg("{1}: changed since mailmend wrote it; use --force to write the old values of backup {2} "
                                  "anyway",
                                  {file.string(), info.id}));
}

}  // namespace fix
