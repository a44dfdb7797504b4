#pragma once
// Enterprise policies (policies.json) that set or lock mail prefs (thunderbird.md §1.6).
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/thunderbird/pref_store.hpp"
#include "util/result.hpp"

namespace adapters::thunderbird {

struct PolicyPref {
  std::string name;
  PrefValue value;
  PrefStore::PolicyStatus status = PrefStore::PolicyStatus::Locked;
};

// The "Preferences" entries of one policies.json whose names start with "mail." or "mailnews.".
// Fails with a one-line error naming the file when it is unreadable or not valid JSON.
util::Result<std::vector<PolicyPref>> read_policy_prefs(const std::filesystem::path& file);

}  // namespace adapters::thunderbird
