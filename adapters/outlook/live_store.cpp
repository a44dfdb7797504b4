#include "adapters/outlook/live_store.hpp"

#include <algorithm>

#include "adapters/outlook/edits.hpp"
#include "adapters/outlook/live_registry.hpp"
#include "adapters/outlook/regwrite.hpp"
#include "util/text.hpp"
#include "i18n/text.hpp"

namespace adapters::outlook {
namespace {

// A value as a cell state: present with a type and bytes, or missing.
struct ValueState {
  bool missing = true;
  std::uint32_t type = 0;
  std::string data;
};

ValueState state_of(const std::optional<RegValue>& v) {
  return v ? ValueState{false, v->type, v->data} : ValueState{};
}

bool holds(const ValueState& now, bool missing, std::uint32_t type, const std::string& data) {
  return missing ? now.missing : !now.missing && now.type == type && now.data == data;
}

std::string shown(const std::optional<RegValue>& v) {
  if (!v) return "(missing)";
  std::string text;
  if (auto n = value_number(*v); n && v->type != regtype::Sz) {
    text = std::to_string(*n);
  } else if (auto t = value_text(*v)) {
    text = "\"" + *t + "\"";
  } else {
    text = std::to_string(v->data.size()) + " bytes";
  }
  return text + " (" + registry_type_name(v->type) + ")";
}

// The key path below the hive root of a change's key ("HKCU\\Software\\X" -> "Software\\X"); an
// error when the key is not inside `root` (a manifest must not send a write elsewhere).
util::Result<std::string> relative_key(const std::string& root, const std::string& key) {
  if (key.size() <= root.size() + 1 || !util::iequals(key.substr(0, root.size()), root) || key[root.size()] != '\\') {
    return i18n::error(i18n::msg("{1}: not a key of {2}", {key, root}));
  }
  return key.substr(root.size() + 1);
}

// The change's `before` made what the value is now, with the type it has now (so a backup of
// this state puts back the same type and bytes).
void found_as(core::CellChange& c, const ValueState& now) {
  c.missing_before = now.missing;
  c.before = now.data;
  if (!now.missing) c.type = now.type;
  c.before_text = now.missing ? "(missing)" : shown(RegValue{c.column, now.type, now.data, 0});
}

util::Result<ValueState> current(const std::string& root, const core::CellChange& c) {
  auto key = relative_key(root, c.table);
  if (!key) return key.error();
  auto value = read_live_value(root, *key, c.column);
  if (!value) return value.error();
  return state_of(*value);
}

// Writes the `after` state of one change and reads it back.
util::Status put(const std::string& root, const core::CellChange& c) {
  auto key = relative_key(root, c.table);
  if (!key) return key.error();
  util::Status done = c.missing_after ? delete_live_value(root, *key, c.column)
                                      : write_live_value(root, *key, RegValue{c.column, c.type, c.after, 0});
  if (!done) return done;
  auto now = current(root, c);
  if (!now) return now.error();
  if (!holds(*now, c.missing_after, c.type, c.after)) {
    return i18n::error(i18n::msg("{1}: reads back differently after writing it", {c.location}));
  }
  return {};
}

}  // namespace

std::string registry_type_name(std::uint32_t type) {
  switch (type) {
    case regtype::None: return "REG_NONE";
    case regtype::Sz: return "REG_SZ";
    case regtype::ExpandSz: return "REG_EXPAND_SZ";
    case regtype::Binary: return "REG_BINARY";
    case regtype::Dword: return "REG_DWORD";
    case regtype::MultiSz: return "REG_MULTI_SZ";
    case regtype::Qword: return "REG_QWORD";
    default: return "REG_" + std::to_string(type);
  }
}

util::Result<std::vector<core::CellChange>> LiveRegistryStore::prepare(const std::filesystem::path& root_path,
                                                                       const std::vector<core::Edit>& edits) const {
  const std::string root = root_path.string();
  std::vector<core::CellChange> out;
  for (const auto& e : edits) {
    const EditTarget target = edit_target(e.target);
    auto existing = read_live_value(root, snapshot_relative_path(target.key_path), target.value_name);
    if (!existing) return existing.error();
    const RegValue* old = existing->has_value() ? &existing->value() : nullptr;
    auto value = encode_edit(e, target.value_name, old);
    if (!value) return value.error();
    if (old && old->type != value->type) {
      return i18n::error(i18n::msg("{1}: stored as {2}; mailmend keeps the type of live registry values and would have to "
                                   "change it to {3}: change it by hand",
                                   {e.target.key, std::string(registry_type_name(old->type)),
                                    std::string(registry_type_name(value->type))}));
    }
    core::CellChange c;
    c.location = target.key_path + "\\" + value->name;
    c.table = target.key_path;
    c.column = value->name;
    c.type = value->type;
    c.before = old ? old->data : std::string();
    c.after = value->data;
    c.missing_before = old == nullptr;
    c.before_text = shown(*existing);
    c.after_text = shown(*value);
    out.push_back(std::move(c));
  }
  return out;
}

util::Result<core::WriteOutcome> LiveRegistryStore::write(const std::filesystem::path& root_path,
                                                          const std::vector<core::CellChange>& changes,
                                                          core::CellCheck check,
                                                          const core::WhileLocked& while_locked) const {
  const std::string root = root_path.string();
  std::size_t at_before = 0, at_after = 0;
  std::vector<core::CellChange> found = changes;
  for (auto& c : found) {
    auto now = current(root, c);
    if (!now) return now.error();
    at_before += holds(*now, c.missing_before, c.type, c.before) ? 1 : 0;
    at_after += holds(*now, c.missing_after, c.type, c.after) ? 1 : 0;
    found_as(c, *now);
  }
  if (at_after == changes.size()) return core::WriteOutcome::AlreadyDone;
  if (check == core::CellCheck::Before && at_before != changes.size()) return core::WriteOutcome::Changed;
  if (while_locked) {
    if (auto s = while_locked(found); !s) return s.error();
  }
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto written = put(root, changes[i]);
    if (written) continue;
    // The registry has no transaction: put back what this call already changed.
    const auto undo = core::reversed({changes.begin(), changes.begin() + static_cast<long>(i) + 1});
    for (const auto& c : undo) {
      auto now = current(root, c);
      if (now && holds(*now, c.missing_after, c.type, c.after)) continue;  // not changed (the failed one)
      if (auto back = now ? put(root, c) : util::Status(now.error()); !back) {
        return i18n::error(i18n::msg("{1}; putting the values already written back failed too ({2}): the registry is partly "
                                     "changed",
                                     {i18n::text_of(written.error()), i18n::text_of(back.error())}));
      }
    }
    return i18n::error(i18n::msg("{1}; the values already written were put back, nothing was changed",
                                 {i18n::text_of(written.error())}));
  }
  return core::WriteOutcome::Written;
}

std::optional<core::UndoDocument> LiveRegistryStore::undo_document(const std::vector<core::CellChange>& changes) const {
  std::vector<RegFileKey> keys;
  for (const auto& c : changes) {
    auto key = std::find_if(keys.begin(), keys.end(), [&](const RegFileKey& k) { return util::iequals(k.path, c.table); });
    if (key == keys.end()) key = keys.insert(keys.end(), RegFileKey{c.table, {}});
    if (c.missing_before) {
      key->entries.push_back({c.column, std::nullopt});
    } else {
      key->entries.push_back({c.column, RegValue{c.column, c.type, c.before, 0}});
    }
  }
  return core::UndoDocument{"undo.reg", write_reg_file(keys)};
}

}  // namespace adapters::outlook
