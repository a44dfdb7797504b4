#pragma once
// Flat views of registry snapshots, for the .reg and hive round-trip invariants.
#include <map>
#include <string>
#include <utility>

#include "adapters/outlook/registry.hpp"

namespace fuzz {

// "key\\path|value name" (lower-case key names, as the registry compares) -> (type, bytes).
using FlatRegistry = std::map<std::string, std::pair<std::uint32_t, std::string>>;

inline std::string lower_ascii(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

inline void flatten(const adapters::outlook::RegKey& key, const std::string& path, FlatRegistry& out, int depth = 0) {
  if (depth > 200) return;
  for (const auto& v : key.values()) out[path + "|" + lower_ascii(v.name)] = {v.type, v.data};
  for (const auto* c : key.children()) flatten(*c, path + "\\" + lower_ascii(c->name()), out, depth + 1);
}

inline FlatRegistry flatten(const adapters::outlook::RegistrySnapshot& snap) {
  FlatRegistry out;
  flatten(snap.root, "", out);
  return out;
}

}  // namespace fuzz
