#pragma once
// One user's live Windows registry, named "HKCU" (the user running mailmend) or "HKU\<SID>" (a
// user hive loaded under HKEY_USERS; core::is_live_registry_source): read into the same
// RegistrySnapshot as .reg files and hives, single values read and written keeping their type,
// which live registry holds a home's settings, and whether that user's Outlook runs.
// Platform layer: live_registry_win.cpp; live_registry_posix.cpp has no live registry (reads and
// writes are errors saying so, and no home has one).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "adapters/outlook/registry.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

// Whether this system has a live registry (Windows).
bool live_registry_available();

// Reads `subtrees` (relative to the user hive root) of the user hive `root`. Key full paths start
// with `root` ("HKCU\\Software\\...").
util::Result<RegistrySnapshot> read_live_registry(const std::string& root, const std::vector<std::string>& subtrees);

// One value; `key_path` is relative to the user hive root. nullopt when the value or its key does
// not exist.
util::Result<std::optional<RegValue>> read_live_value(const std::string& root, const std::string& key_path,
                                                      const std::string& name);
// Sets the value with exactly `value.type` and `value.data` (RegSetValueExW); the key must exist.
util::Status write_live_value(const std::string& root, const std::string& key_path, const RegValue& value);
// Deletes the value; a value that is already missing is not an error.
util::Status delete_live_value(const std::string& root, const std::string& key_path, const std::string& name);

// The live registry that holds the settings of the user whose profile folder is `home`: "HKCU"
// when it is the profile of the user running mailmend, "HKU\<SID>" when that user's hive is
// loaded (ProfileList's ProfileImagePath maps the folder to the SID); nullopt otherwise, and the
// home's NTUSER.DAT is read as a file.
std::optional<std::string> live_registry_for_home(const std::filesystem::path& home);

// The process id of an OUTLOOK.EXE running as the user that `root` belongs to (the user SID of
// its process token), whatever Windows session it runs in; nullopt when there is none.
std::optional<long> outlook_process_for(const std::string& root);

}  // namespace adapters::outlook
