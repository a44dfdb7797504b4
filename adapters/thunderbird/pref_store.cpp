#include "adapters/thunderbird/pref_store.hpp"

#include <unordered_map>

namespace adapters::thunderbird {

void PrefStore::add_file(const std::string& file, PrefLayer layer, const PrefTokens& tokens,
                         std::vector<DuplicatePref>& duplicates) {
  std::unordered_map<std::string_view, int> seen_line;  // within this file
  for (const auto& st : tokens.statements) {
    auto [it, fresh] = seen_line.try_emplace(st.name, st.line);
    if (!fresh) {
      duplicates.push_back({st.name, file, it->second, st.line});
      it->second = st.line;
    }
    add_statement(file, layer, st.name, st.value, st.line, st.value_range);
  }
}

void PrefStore::add_statement(const std::string& file, PrefLayer layer, std::string_view name, PrefValue value,
                              int line, ByteRange value_range) {
  auto existing = prefs_.find(name);
  if (existing != prefs_.end() && existing->second.locked) return;
  PrefEntry entry{std::move(value), layer, file, line, value_range, false, {}, false, {}};
  if (existing != prefs_.end()) {
    entry.shadowed = existing->second.layer != layer ? existing->second.file : existing->second.shadowed;
    existing->second = std::move(entry);
  } else {
    prefs_.emplace(std::string(name), std::move(entry));
  }
}

void PrefStore::add_policy(const std::string& file, const std::string& name, PrefValue value, PolicyStatus status) {
  auto existing = prefs_.find(name);
  if (status == PolicyStatus::Clear) {
    if (existing != prefs_.end() && !existing->second.locked) prefs_.erase(existing);
    return;
  }
  if (status == PolicyStatus::Default && existing != prefs_.end()) return;
  PrefEntry entry{std::move(value), PrefLayer::Policy, file, 0, {}, status == PolicyStatus::Locked, {}, false, {}};
  // "Status": "default" only fills a gap: a user value in prefs.js would win, so a fix goes there.
  entry.is_default = status == PolicyStatus::Default;
  replace(name, std::move(entry));
}

void PrefStore::add_admin(PrefLayer layer, const std::string& file, int line, const std::string& setter,
                          const std::string& name, PrefValue value, PolicyStatus status) {
  auto existing = prefs_.find(name);
  if (status == PolicyStatus::Clear) return;
  if (existing != prefs_.end()) {
    const PrefEntry& e = existing->second;
    if (status == PolicyStatus::Default && !e.is_default) return;
    if (status == PolicyStatus::User && e.locked) return;
  }
  PrefEntry entry{std::move(value), layer, file, line, {}, status == PolicyStatus::Locked, {}, false, setter};
  entry.is_default = status == PolicyStatus::Default;
  replace(name, std::move(entry));
}

void PrefStore::replace(const std::string& name, PrefEntry entry) {
  auto existing = prefs_.find(name);
  if (existing == prefs_.end()) {
    prefs_.emplace(name, std::move(entry));
    return;
  }
  entry.shadowed = existing->second.file;
  existing->second = std::move(entry);
}

const PrefEntry* PrefStore::find(std::string_view name) const {
  auto it = prefs_.find(name);
  return it == prefs_.end() ? nullptr : &it->second;
}

bool PrefStore::has_prefix(std::string_view prefix) const {
  auto it = prefs_.lower_bound(prefix);
  return it != prefs_.end() && std::string_view(it->first).starts_with(prefix);
}

}  // namespace adapters::thunderbird
