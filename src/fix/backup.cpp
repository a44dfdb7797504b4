#include "fix/backup.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <cstdlib>
#include <ctime>

#include "fix/database_fix.hpp"
#include "fix/target.hpp"
#include "i18n/messages.hpp"
#include "util/file.hpp"
#include "util/safe_fs.hpp"
#include "util/sha256.hpp"
#include "util/system.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

constexpr std::size_t kMaxManifestBytes = 4u * 1024u * 1024u;

struct Stamp {
  std::string id_prefix;  // "20261127-193450.123"
  std::string rfc3339;    // "2026-11-27T19:34:50.123Z"
};

Stamp now_stamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const std::tm utc = util::utc_time(seconds);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(ms));
  char id[32], rfc[32];
  std::strftime(id, sizeof id, "%Y%m%d-%H%M%S", &utc);
  std::strftime(rfc, sizeof rfc, "%Y-%m-%dT%H:%M:%S", &utc);
  return {std::string(id) + millis, std::string(rfc) + millis + "Z"};
}



bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || id.front() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
           c == '_';
  });
}

std::string mode_text(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777u);
  return text;
}

std::optional<BackupInfo> parse_manifest(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    BackupInfo info;
    info.id = j.at("id").get<std::string>();
    info.original_path = j.at("original_path").get<std::string>();
    info.home = j.value("home", std::string());
    info.client = j.value("client", std::string());
    info.created_at = j.at("created_at").get<std::string>();
    info.tool_version = j.value("tool_version", std::string());
    info.owner_uid = j.at("owner_uid").get<util::UserId>();
    info.owner_gid = j.at("owner_gid").get<util::GroupId>();
    info.mode = static_cast<unsigned>(std::stoul(j.at("mode").get<std::string>(), nullptr, 8)) & 07777u;
    info.sha256_before = j.at("sha256_before").get<std::string>();
    info.sha256_after = j.at("sha256_after").get<std::string>();
    info.items = j.value("items", nlohmann::json::array());
    info.kind = j.value("kind", std::string("file"));
    if (info.kind != "file" && info.kind != "database" && info.kind != "registry") return std::nullopt;
    info.cells = j.value("cells", nlohmann::json());
    info.files = j.value("files", nlohmann::json());
    info.run_id = j.value("run_id", std::string());
    info.note = j.value("note", std::string());
    info.together_with = j.value("together_with", std::vector<std::string>());
    return info;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Reads one file of a backup without following symlinks or hard links.
util::Result<std::string> read_backup_file(const fs::path& dir, const std::string& id, const std::string& name,
                                           std::size_t max_bytes) {
  auto folder = util::open_folder_beneath(dir, dir / id);
  if (!folder) return folder.error();
  auto file = util::open_regular_file_at(folder->get(), name, dir / id / name);
  if (!file) return file.error();
  return util::read_fd(file->get(), dir / id / name, max_bytes);
}

}  // namespace

RestoreResult restore_result(RestoreStatus status, const fs::path& file, const i18n::Text& message) {
  return RestoreResult{status, file, message.english, i18n::localized_member(message), {}};
}

RestoreResult restored_result(const fs::path& file, const i18n::Text& restored, const std::string& saved_as) {
  if (saved_as.empty()) return restore_result(RestoreStatus::Restored, file, restored);
  RestoreResult done = restore_result(
      RestoreStatus::Restored, file,
      i18n::msg("{1}; the state it replaced is backup {2} (mailmend restore {2} puts it back)", {restored, saved_as}));
  done.saved_as = saved_as;
  return done;
}

i18n::Text database_busy(const fs::path& db) { return i18n::msg("{1}: database is locked; nothing changed", {db.string()}); }

std::string new_run_id() {
  return "run-" + now_stamp().id_prefix + "-" + util::random_hex(6);
}

bool is_run_id(const std::string& id) { return id.starts_with("run-") && valid_id(id); }

fs::path default_backup_dir() { return util::default_backup_root(); }

nlohmann::json manifest_json(const BackupInfo& info) {
  nlohmann::json j = {{"manifest_version", 1},
          {"id", info.id},
          {"original_path", info.original_path.string()},
          {"home", info.home.string()},
          {"client", info.client},
          {"created_at", info.created_at},
          {"tool_version", info.tool_version},
          {"owner_uid", info.owner_uid},
          {"owner_gid", info.owner_gid},
          {"mode", mode_text(info.mode)},
          {"sha256_before", info.sha256_before},
          {"sha256_after", info.sha256_after},
          {"items", info.items},
          {"run_id", info.run_id}};
  if (!info.note.empty()) j["note"] = info.note;
  if (!info.together_with.empty()) j["together_with"] = info.together_with;
  if (info.kind != "file") {
    j["kind"] = info.kind;
    j["cells"] = info.cells;
    j["files"] = info.files;
  }
  return j;
}

namespace {

struct NewBackup {
  util::UniqueFd store;
  util::UniqueFd folder;
  fs::path shown;
};

// A new, empty backup folder under a fresh id (fills info.id and info.created_at).
util::Result<NewBackup> new_backup_folder(const fs::path& dir, BackupInfo& info) {
  if (util::Status s = util::ensure_private_backup_root(dir); !s) return s.error();
  auto store = util::open_folder_beneath({}, dir);
  if (!store) return store.error();
  util::UniqueFd folder;
  for (int attempt = 0; attempt < 16 && !folder; ++attempt) {
    const Stamp stamp = now_stamp();
    info.id = stamp.id_prefix + "-" + util::random_hex(6);
    info.created_at = stamp.rfc3339;
    auto created = util::create_folder_at(store->get(), info.id, info.owner_uid, info.owner_gid, 0700, dir / info.id);
    if (created) {
      folder = std::move(created.value());
    } else if (attempt == 15 || errno != EEXIST) {
      return created.error();
    }
  }
  return NewBackup{std::move(store.value()), std::move(folder), dir / info.id};
}

// Writes the manifest last: a backup without one is incomplete and never listed or restored.
util::Result<std::string> finish_backup(const NewBackup& backup, const BackupInfo& info) {
  const std::string manifest = manifest_json(info).dump(2) + "\n";
  if (auto s = util::create_file_at(backup.folder.get(), "manifest.json", manifest, info.owner_uid, info.owner_gid,
                                    0600, backup.shown / "manifest.json");
      !s) {
    return s.error();
  }
  if (auto s = util::sync_folder(backup.folder.get(), backup.shown); !s) return s.error();
  if (auto s = util::sync_folder(backup.store.get(), backup.shown.parent_path()); !s) return s.error();
  return info.id;
}

}  // namespace

// Runs `fill` on a new backup folder and writes the manifest; a failed backup is removed again, so
// that failures (a full disk) do not pile up incomplete folders.
template <class Fill>
util::Result<std::string> make_backup(const fs::path& dir, BackupInfo& info, const Fill& fill) {
  auto backup = new_backup_folder(dir, info);
  if (!backup) return backup.error();
  util::Status filled = fill(*backup);
  auto id = filled ? finish_backup(*backup, info) : util::Result<std::string>(filled.error());
  if (!id) {
    std::error_code ec;
    fs::remove_all(backup->shown, ec);  // inside the private store: nobody else can plant links there
  }
  return id;
}

util::Result<std::string> create_backup(const fs::path& dir, BackupInfo& info, std::string_view original) {
  return make_backup(dir, info, [&](const NewBackup& backup) {
    return util::create_file_at(backup.folder.get(), "original", original, info.owner_uid, info.owner_gid, 0600,
                                backup.shown / "original");
  });
}

namespace {

// restore --force: the bytes the restore is about to replace, as a backup of their own whose
// "original" is that state and whose "after" is the restored original.
util::Result<std::string> save_state_before_restore(const fs::path& dir, const BackupInfo& restoring,
                                                    const Target& target, const Contents& current) {
  BackupInfo info;
  info.original_path = target.path;
  info.home = restoring.home;
  info.client = restoring.client;
  info.tool_version = MAILMEND_VERSION;
  info.owner_uid = current.st.owner;
  info.owner_gid = current.st.group;
  info.mode = current.st.mode;
  info.sha256_before = util::sha256_hex(current.bytes);
  info.sha256_after = restoring.sha256_before;
  info.note = forced_restore_note(restoring.id);
  return create_backup(dir, info, current.bytes);
}

}  // namespace

util::Result<std::string> create_folder_backup(const fs::path& dir, BackupInfo& info, int folder_fd,
                                               const fs::path& folder, const util::TreeLimits& limits) {
  info.kind = "database";
  return make_backup(dir, info, [&](const NewBackup& backup) -> util::Status {
    auto copy_root = util::create_folder_at(backup.folder.get(), "original", info.owner_uid, info.owner_gid, 0700,
                                            backup.shown / "original");
    if (!copy_root) return copy_root.error();
    const util::TreeCopy copy{copy_root->get(), info.owner_uid, info.owner_gid, backup.shown / "original"};
    auto entries = util::walk_tree_at(folder_fd, folder, limits, &copy);
    if (!entries) return entries.error();
    info.files = nlohmann::json::array();
    for (const auto& e : *entries) {
      if (e.folder) info.files.push_back({{"path", e.path + "/"}});
      else info.files.push_back({{"path", e.path}, {"size", e.size}, {"sha256", e.sha256}});
    }
    return {};
  });
}

util::Result<std::string> create_values_backup(const fs::path& dir, BackupInfo& info, const core::UndoDocument* undo) {
  info.kind = "registry";
  info.owner_uid = util::current_user_id();
  info.owner_gid = util::current_group_id();
  if (undo && (!valid_id(undo->name) || undo->name == "manifest.json" || undo->name == "original")) {
    return util::make_error("'" + undo->name + "' cannot name a file in a backup");
  }
  return make_backup(dir, info, [&](const NewBackup& backup) -> util::Status {
    if (!undo) return {};
    return util::create_file_at(backup.folder.get(), undo->name, undo->bytes, info.owner_uid, info.owner_gid, 0600,
                                backup.shown / undo->name);
  });
}

std::vector<BackupInfo> list_backups(const fs::path& dir) {
  std::vector<BackupInfo> backups;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string id = it->path().filename().string();
    if (!valid_id(id) || !it->is_directory(ec)) continue;
    auto text = read_backup_file(dir, id, "manifest.json", kMaxManifestBytes);
    if (!text) continue;
    auto info = parse_manifest(*text);
    if (info && info->id == id) backups.push_back(std::move(*info));
  }
  std::sort(backups.begin(), backups.end(), [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
  return backups;
}

std::string_view to_string(RestoreStatus s) {
  switch (s) {
    case RestoreStatus::Restored: return "restored";
    case RestoreStatus::AlreadyOriginal: return "already-original";
    case RestoreStatus::Refused: return "refused";
    case RestoreStatus::Error: return "error";
  }
  return "error";
}

namespace {

enum class RestoreStep {
  Write,      // restore
  CheckOnly,  // every check a file's restore makes, nothing written (a file group's first pass)
};

RestoreResult restore_one(const fs::path& dir, const std::string& id, bool force, const std::vector<fs::path>& homes,
                          const std::vector<const core::Adapter*>& adapters, RestoreStep step) {
  if (!valid_id(id)) return restore_result(RestoreStatus::Error, {}, i18n::msg("'{1}' is not a backup id", {id}));
  const fs::path folder = dir / id;
  std::error_code ec;
  if (!fs::exists(folder / "manifest.json", ec)) {
    return restore_result(RestoreStatus::Error, {}, i18n::msg("no backup {1} in {2}", {id, dir.string()}));
  }
  if (auto s = util::check_private_backup_root(dir); !s) return restore_result(RestoreStatus::Refused, {}, i18n::text_of(s.error()));
  auto text = read_backup_file(dir, id, "manifest.json", kMaxManifestBytes);
  if (!text) return restore_result(RestoreStatus::Error, {}, i18n::text_of(text.error()));
  auto info = parse_manifest(*text);
  if (!info || info->id != id) {
    return restore_result(RestoreStatus::Error, {}, i18n::msg("{1}: damaged manifest", {(folder / "manifest.json").string()}));
  }
  const fs::path file = info->original_path;
  for (const auto* adapter : adapters) {
    if (!adapter || adapter->client() != info->client) continue;
    if (const core::LockState lock = adapter->lock_state(file); lock.locked) {
      return restore_result(RestoreStatus::Refused, file,
                            i18n::msg("{1}: {2}; close the client and run again", {file.string(), lock.message}));
    }
  }
  if (info->kind != "file") {
    // Groups hold files only; a database or registry backup checks itself inside its write.
    if (step == RestoreStep::CheckOnly) return restore_result(RestoreStatus::Restored, file, {});
    return restore_database_backup(dir, *info, force, homes, adapters);
  }
  auto original = read_backup_file(dir, id, "original", util::kDefaultMaxFileBytes);
  if (!original) return restore_result(RestoreStatus::Error, file, i18n::text_of(original.error()));
  if (util::sha256_hex(*original) != info->sha256_before) {
    return restore_result(RestoreStatus::Error, file,
                          i18n::msg("{1}: damaged backup (sha256 does not match the manifest)", {(folder / "original").string()}));
  }
  std::vector<fs::path> all_homes = homes;
  if (!info->home.empty()) all_homes.push_back(info->home);
  auto target = open_target(file, all_homes);
  if (!target) return restore_result(RestoreStatus::Refused, file, i18n::text_of(target.error()));
  if (target->owner && *target->owner != info->owner_uid) {
    return restore_result(RestoreStatus::Refused, file,
                          i18n::msg("{1}: the backup's owner (uid {2}) is not the owner of {3}; refusing",
                                    {file.string(), std::to_string(info->owner_uid), target->home.string()}));
  }
  auto exists = target_exists(*target);
  if (!exists) return restore_result(RestoreStatus::Error, file, i18n::text_of(exists.error()));
  std::string saved_as;
  if (*exists) {
    auto current = read_target(*target);
    if (!current) return restore_result(RestoreStatus::Refused, file, i18n::text_of(current.error()));
    const std::string sha = util::sha256_hex(current->bytes);
    if (sha == info->sha256_before) {
      util::remove_stale_temp_files_at(target->folder.get(), target->name);
      return restore_result(RestoreStatus::AlreadyOriginal, file,
                            i18n::msg("{1}: already holds the original bytes of backup {2}", {file.string(), id}));
    }
    if (sha != info->sha256_after && !force) {
      return restore_result(RestoreStatus::Refused, file,
                            i18n::msg("{1}: changed since mailmend wrote it (sha256 {2}); use --force to restore backup {3} anyway",
                                      {file.string(), sha, id}));
    }
    if (step == RestoreStep::CheckOnly) return restore_result(RestoreStatus::Restored, file, {});
    if (force) {
      auto saved = save_state_before_restore(dir, *info, *target, *current);
      if (!saved) {
        return restore_result(RestoreStatus::Error, file,
                              i18n::msg("{1}; the current state could not be saved first, nothing was changed",
                                        {i18n::text_of(saved.error())}));
      }
      saved_as = *saved;
    }
  }
  if (step == RestoreStep::CheckOnly) return restore_result(RestoreStatus::Restored, file, {});
  util::AtomicWrite how{info->owner_uid, info->owner_gid, static_cast<util::FileMode>(info->mode), {}};
  if (auto s = util::replace_file_at(target->folder.get(), target->name, *original, how, target->path); !s) {
    return restore_result(RestoreStatus::Error, file, i18n::text_of(s.error()));
  }
  util::remove_stale_temp_files_at(target->folder.get(), target->name);
  return restored_result(file, i18n::msg("{1}: restored from backup {2}", {file.string(), id}), saved_as);
}

// The files written together (all or none) that a backup belongs to, as one key: its own path
// and the paths it names, sorted. "" for a file written on its own.
std::string group_key(const BackupInfo& b) {
  if (b.together_with.empty()) return "";
  std::vector<std::string> paths = b.together_with;
  paths.push_back(b.original_path.string());
  std::sort(paths.begin(), paths.end());
  return util::join(paths, "\n");
}

}  // namespace

RestoreResult restore_backup(const fs::path& dir, const std::string& id, bool force, const std::vector<fs::path>& homes,
                             const std::vector<const core::Adapter*>& adapters) {
  return restore_one(dir, id, force, homes, adapters, RestoreStep::Write);
}

std::vector<RestoreResult> restore_run(const fs::path& dir, const std::string& run_id, bool force,
                                       const std::vector<fs::path>& homes,
                                       const std::vector<const core::Adapter*>& adapters) {
  std::vector<BackupInfo> in_run;  // newest first
  const auto backups = list_backups(dir);
  for (auto it = backups.rbegin(); it != backups.rend(); ++it) {
    if (it->run_id == run_id) in_run.push_back(*it);
  }
  // Files written together are restored together: every file of a group is checked first, and
  // when one would be refused or fail (say prefs.js, which the client rewrote since), none of the
  // group is written, so saved logins never end up keyed to hosts the settings no longer name.
  std::map<std::string, RestoreResult> blocked;  // group key -> the refusal that holds the group
  for (const auto& b : in_run) {
    const std::string key = group_key(b);
    if (key.empty() || blocked.count(key)) continue;
    RestoreResult check = restore_one(dir, b.id, force, homes, adapters, RestoreStep::CheckOnly);
    if (check.status == RestoreStatus::Refused || check.status == RestoreStatus::Error) blocked.emplace(key, check);
  }
  std::vector<RestoreResult> results;
  for (const auto& b : in_run) {
    const auto held = blocked.find(group_key(b));
    if (held == blocked.end()) {
      results.push_back(restore_backup(dir, b.id, force, homes, adapters));
      continue;
    }
    const bool itself = held->second.file == b.original_path;
    results.push_back(itself ? held->second
                             : restore_result(RestoreStatus::Refused, b.original_path,
                                              i18n::msg("{1}: not restored: it was written together with {2}, which cannot "
                                                        "be restored (files written together are restored all or none)",
                                                        {b.original_path.string(), held->second.file.string()})));
  }
  return results;
}

core::ExitCode restore_run_exit_code(const std::vector<RestoreResult>& results) {
  if (results.empty()) return core::ExitCode::Usage;
  const bool all = std::all_of(results.begin(), results.end(),
                               [](const RestoreResult& r) { return restore_exit_code(r) == core::ExitCode::Ok; });
  return all ? core::ExitCode::Ok : core::ExitCode::Partial;
}

core::ExitCode restore_exit_code(const RestoreResult& result) {
  switch (result.status) {
    case RestoreStatus::Restored:
    case RestoreStatus::AlreadyOriginal: return core::ExitCode::Ok;
    case RestoreStatus::Refused: return core::ExitCode::Partial;
    case RestoreStatus::Error: return core::ExitCode::Usage;
  }
  return core::ExitCode::Usage;
}

namespace {

constexpr std::string_view kForcedRestoreNote = "state before restore --force of backup ";

// A backup's note in the run's language: the one mailmend writes, translated; another verbatim.
i18n::Text backup_note_text(const std::string& note) {
  if (!note.starts_with(kForcedRestoreNote)) return i18n::Text(util::printable(note));
  return i18n::msg("state before restore --force of backup {1}", {util::printable(note.substr(kForcedRestoreNote.size()))});
}

// "N change(s), client, run, note": what is known of a backup besides its id, time and file.
i18n::Text backup_details(const BackupInfo& b) {
  i18n::Text details = i18n::msg("{1} change(s)", {std::to_string(b.items.size())});
  for (const i18n::Text& more : {i18n::Text(b.client), i18n::Text(b.run_id), backup_note_text(b.note)}) {
    if (!more.empty()) details = i18n::msg("{1}, {2}", {details, more});
  }
  return details;
}

}  // namespace

std::string forced_restore_note(const std::string& backup_id) { return std::string(kForcedRestoreNote) + backup_id; }

std::string render_backups_text(const std::vector<BackupInfo>& backups) {
  if (backups.empty()) return std::string(i18n::tr("No backups.")) + "\n";
  std::string out;
  for (const auto& b : backups) {
    out += i18n::msg("{1}  {2}  {3}  ({4})", {b.id, b.created_at, util::printable(b.original_path.string(), 4000),
                                               backup_details(b)})
               .localized +
           "\n";
  }
  return out;
}

nlohmann::json backups_json(const std::vector<BackupInfo>& backups) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : backups) out.push_back(manifest_json(b));
  return out;
}

}  // namespace fix
