#pragma once
// Reads one Thunderbird profile: prefs.js, then user.js, then policies, into accounts with origins.
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/thunderbird/pref_writer.hpp"
#include "core/adapter.hpp"

namespace adapters::thunderbird {

struct ProfileContext {
  std::string name;  // profile name (from profiles.ini, else the folder name)
  std::string note;  // e.g. "the default profile ([InstallFDC34C9F024745EB] Default)"
  std::vector<std::filesystem::path> policy_files;  // policies.json files to apply when present
};

core::ReadOutput read_profile(const std::filesystem::path& profile_dir, const ProfileContext& context);

// Prefs that existing policy files lock, for the writer to refuse.
std::vector<LockedPref> locked_by_policy(const std::vector<std::filesystem::path>& policy_files);

}  // namespace adapters::thunderbird
