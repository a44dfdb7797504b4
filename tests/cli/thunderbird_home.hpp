#pragma once
// A scratch home folder with one Thunderbird profile (abcd1234.default) holding the given prefs.js,
// for the CLI tests that run the real binary over a home.
#include <filesystem>
#include <string>

#include "support/testutil.hpp"

namespace cli_test {

inline constexpr const char* kProfilesIni =
    "[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\nPath=abcd1234.default\nDefault=1\n";

inline std::filesystem::path prefs_of(const std::filesystem::path& home) {
  return home / ".thunderbird/abcd1234.default/prefs.js";
}

inline std::filesystem::path make_home(const std::string& name, const std::string& prefs) {
  std::filesystem::path home = testutil::scratch() / name;
  testutil::write_bytes(home / ".thunderbird/profiles.ini", kProfilesIni);
  testutil::write_bytes(prefs_of(home), prefs);
  return home;
}

}  // namespace cli_test
