#pragma once
// Reads one Thunderbird profile: prefs.js, then user.js, then policies, into accounts with origins.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "adapters/thunderbird/pref_writer.hpp"
#include "core/adapter.hpp"

namespace adapters::thunderbird {

// What the installations (AutoConfig, defaults/pref) and the enterprise policies set: the same for
// every profile a root lists, so read once for all of them (13 file lookups each time otherwise).
struct MachineConfig;
std::shared_ptr<const MachineConfig> read_machine_config(const std::vector<std::filesystem::path>& policy_files,
                                                         const std::vector<std::filesystem::path>& install_dirs);

struct ProfileContext {
  std::string name;  // profile name (from profiles.ini, else the folder name)
  i18n::Text note;   // e.g. "the default profile ([InstallFDC34C9F024745EB] Default)"
  std::vector<std::filesystem::path> policy_files;  // policies.json files to apply when present
  std::vector<std::filesystem::path> install_dirs = {};  // installations whose AutoConfig applies
  std::shared_ptr<const MachineConfig> machine = {};  // read_machine_config's, else read for this profile
};

core::ReadOutput read_profile(const std::filesystem::path& profile_dir, const ProfileContext& context);

// A prefs.js saved under another name (prefs.js.bak, prefs-old.js): its accounts as they are in the file,
// with the file as their source, read-only (Thunderbird does not read it, so it is never fixed).
core::ReadOutput read_saved_prefs(const std::filesystem::path& file, const ProfileContext& context);

// Prefs that existing policy files lock, for the writer to refuse.
std::vector<LockedPref> locked_by_policy(const std::vector<std::filesystem::path>& policy_files);
// Prefs that the installations lock or set at every start (AutoConfig, defaults/pref), for the writer to refuse.
std::vector<LockedPref> locked_by_install(const std::vector<std::filesystem::path>& install_dirs);

}  // namespace adapters::thunderbird
