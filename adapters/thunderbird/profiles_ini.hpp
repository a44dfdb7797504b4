#pragma once
// profiles.ini / installs.ini read the way Thunderbird's profile service reads them (thunderbird.md §3.2).
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/text.hpp"
#include "util/result.hpp"

namespace adapters::thunderbird {

// section → key → value; later duplicates win, as in Mozilla's INI parser.
using IniData = std::map<std::string, std::map<std::string, std::string>, std::less<>>;
IniData parse_ini(std::string_view bytes);

struct ProfileEntry {
  std::string section;  // "Profile0"
  std::string name;
  std::string descriptor;  // the Path= value as written
  bool is_relative = false;
  std::filesystem::path folder;  // resolved against the profiles.ini folder when relative
  bool legacy_default = false;   // Default=1
};

struct ProfilesIni {
  std::vector<ProfileEntry> profiles;
  int default_index = -1;    // which profile Thunderbird starts with, -1 if it cannot tell
  i18n::Text default_reason;  // "[InstallFDC34C9F024745EB] Default", "Default=1", "the only profile"
};

// Reads <root>/profiles.ini (and installs.ini when profiles.ini has no Version key).
util::Result<ProfilesIni> read_profiles_ini(const std::filesystem::path& root);
// The same from bytes, for tests; `installs` is the installs.ini text or empty.
ProfilesIni interpret_profiles_ini(const std::filesystem::path& root, const IniData& profiles, const IniData& installs);

}  // namespace adapters::thunderbird
