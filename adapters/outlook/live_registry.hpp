#pragma once
// The live Windows registry (RegOpenKeyExW ...), behind the same RegistrySnapshot as .reg files
// and hives. Windows only: on other systems this header declares nothing.
#ifdef _WIN32
#include <string>
#include <vector>

#include "adapters/outlook/registry.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

// Reads `subtrees` (relative to the user hive root) of one user hive: "HKCU" for the current
// user, or "HKU\\<SID>" for a loaded user hive (--all-users). Key full paths start with `root`.
util::Result<RegistrySnapshot> read_live_registry(const std::string& root, const std::vector<std::string>& subtrees);
// SIDs of the user hives loaded under HKEY_USERS (S-1-5-21-..., without the _Classes hives).
std::vector<std::string> loaded_user_hives();
// Whether OUTLOOK.EXE runs in the current session (a fix would be overwritten on exit).
bool outlook_running();

}  // namespace adapters::outlook
#endif
