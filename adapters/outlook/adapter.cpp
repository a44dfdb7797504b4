#include "adapters/outlook/adapter.hpp"

#include <algorithm>

#include "adapters/outlook/accounts.hpp"
#include "adapters/outlook/edits.hpp"
#include "adapters/outlook/hive.hpp"
#include "adapters/outlook/live_registry.hpp"
#include "adapters/outlook/live_store.hpp"
#include "adapters/outlook/prf.hpp"
#include "adapters/outlook/regfile.hpp"
#include "util/file.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;
namespace {

const fs::path kMacProfiles = fs::path("Library") / "Group Containers" / "UBF8T346G9.Office" / "Outlook" / "Outlook 15 Profiles";
const fs::path kNewOutlookData = fs::path("AppData") / "Local" / "Microsoft" / "Olk";

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec));
}

bool ends_with_path(const fs::path& p, const fs::path& tail) {
  auto s = util::to_lower(p.lexically_normal().generic_string());
  while (s.ends_with("/")) s.pop_back();
  return util::ends_with_icase(s, "/" + tail.generic_string()) || util::iequals(s, tail.generic_string());
}

// What reading `source` yields when it is only a note: not read, or nothing to read in it.
core::ReadOutput only_note(const fs::path& source, core::SourceStatus status, const i18n::Text& note) {
  core::ReadOutput out;
  out.sources.push_back(core::Source::noted("outlook", source.string(), status, note));
  return out;
}

core::ReadOutput error_output(const fs::path& source, const util::Error& error) {
  return only_note(source, core::SourceStatus::Error, i18n::text_of(error));
}

core::ReadOutput read_hive_source(const fs::path& source) {
  auto snap = read_hive(source, outlook_subtrees());
  if (!snap.ok()) return error_output(source, snap.error());
  auto out = read_registry_accounts(*snap);
  const std::string head = util::read_file_head(source, 4096);
  auto dirty = hive_dirty_reason(source, head);
  if (!dirty.empty() && !out.sources.empty()) out.sources.front().note_further(i18n::msg("fixes refused: {1}", {dirty}));
  return out;
}

// Finds the edited key in a hive snapshot and encodes the edit with the stored value's exact
// name and type (hivex matches value names case-sensitively).
util::Result<HiveValueEdit> hive_edit(const RegistrySnapshot& snap, const core::Edit& e) {
  auto target = edit_target(e.target);
  const RegKey* key = snap.find(snapshot_relative_path(target.key_path));
  if (!key) return key_not_found(snap.file, target.key_path);
  const RegValue* existing = key->value(target.value_name);
  auto value = encode_edit(e, target.value_name, existing);
  if (!value.ok()) return value.error();
  return HiveValueEdit{key->full_path(), value->name, value->type, value->data};
}

}  // namespace

std::vector<fs::path> OutlookAdapter::discover(const fs::path& home) const {
  std::vector<fs::path> found;
  // A user's NTUSER.DAT is held open by Windows while the user's hive is loaded: read it live.
  const std::optional<std::string> live = live_registry_for_home(home);
  if (live) found.push_back(*live);
  std::error_code ec;
  // increment(ec), not ++: a listing error must not throw out of the whole audit.
  for (fs::directory_iterator it(home, ec), end; !live && !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::error_code e2;
    if (util::iequals(entry.path().filename().string(), "NTUSER.DAT") && entry.is_regular_file(e2) &&
        !entry.is_symlink(e2)) {
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());  // the listing's order is arbitrary; NTUSER.DAT (or the live root) sorts first
  if (is_dir(home / kNewOutlookData)) found.push_back(home / kNewOutlookData);
  if (is_dir(home / kMacProfiles)) found.push_back(home / kMacProfiles);
  return found;
}

bool OutlookAdapter::recognizes(const fs::path& path) const {
  if (core::is_live_registry_source(path.string())) return true;
  if (is_dir(path)) return ends_with_path(path, kNewOutlookData) || ends_with_path(path, kMacProfiles);
  auto name = path.filename().string();
  if (util::ends_with_icase(name, ".reg") || util::ends_with_icase(name, ".prf")) return true;
  if (is_hive_file(path)) return true;
  return looks_like_reg(util::read_file_head(path, 200));  // a .reg export saved under another name
}

core::ReadOutput OutlookAdapter::read(const fs::path& source) const {
  if (core::is_live_registry_source(source.string())) {
    auto snap = read_live_registry(source.string(), outlook_subtrees());
    if (!snap.ok()) return error_output(source, snap.error());
    return read_registry_accounts(*snap);
  }
  if (is_dir(source)) {
    if (ends_with_path(source, kMacProfiles)) {
      return only_note(source, core::SourceStatus::Skipped, i18n::msg("Outlook for Mac: settings are server-side / not supported"));
    }
    if (ends_with_path(source, kNewOutlookData)) {
      return only_note(source, core::SourceStatus::Skipped,
                       i18n::msg("new Outlook (olk.exe): settings are server-side / not supported"));
    }
    return only_note(source, core::SourceStatus::Error,
                     i18n::msg("{1}: a folder, not an Outlook source (.reg, .prf or hive file)", {source.string()}));
  }
  if (util::ends_with_icase(source.filename().string(), ".prf")) return read_prf(source);
  if (is_hive_file(source)) return read_hive_source(source);
  auto snap = read_reg_file(source);
  if (!snap.ok()) return error_output(source, snap.error());
  return read_registry_accounts(*snap);
}

core::LockState OutlookAdapter::lock_state(const fs::path& file) const {
  // An offline hive has no running Outlook; a hive still loaded by Windows is read live.
  if (!core::is_live_registry_source(file.string())) return {};
  const std::optional<long> pid = outlook_process_for(file.string());
  if (!pid) return {};
  return {true, i18n::msg("Outlook is running for this user (OUTLOOK.EXE, pid {1}) and would write its settings back "
                          "when it closes",
                          {std::to_string(*pid)})};
}

const core::DatabaseStore* OutlookAdapter::database_store(const fs::path& file) const {
  static const LiveRegistryStore live;
  return core::is_live_registry_source(file.string()) ? &live : nullptr;
}

util::Result<std::string> OutlookAdapter::render(const fs::path& file, std::string_view original,
                                                 const std::vector<core::Edit>& edits) const {
  if (!has_regf_magic(original)) {
    if (util::ends_with_icase(file.filename().string(), ".prf")) {
      return i18n::error(i18n::msg("{1}: PRF files are not edited: fix the values in the PRF by hand", {file.string()}));
    }
    return i18n::error(i18n::msg("{1}: a .reg export is not edited in place: import the fix .reg (and keep its undo .reg) "
                                 "that mailmend writes for it",
                                 {file.string()}));
  }
  auto dirty = hive_dirty_reason(file, original);
  if (!dirty.empty()) {
    return i18n::error(i18n::msg("{1}: refusing to write: {2}; let Windows replay the logs first (log the user on and off, or "
                                 "reg load/unload)",
                                 {file.string(), dirty}));
  }
  auto snap = read_hive_bytes(original, file.string(), outlook_subtrees());
  if (!snap.ok()) return snap.error();
  std::vector<HiveValueEdit> hive_edits;
  for (const auto& e : edits) {
    auto he = hive_edit(*snap, e);
    if (!he.ok()) return he.error();
    hive_edits.push_back(std::move(he).value());
  }
  return edit_hive_bytes(file.string(), original, hive_edits);
}

}  // namespace adapters::outlook
