#pragma once
// Where Thunderbird keeps its profiles under a home folder (thunderbird.md §3.1), and what kind of
// Thunderbird path an explicit argument is.
#include <filesystem>
#include <string_view>
#include <vector>

namespace adapters::thunderbird {

// Candidate roots relative to a home folder, in the order they are probed.
const std::vector<std::filesystem::path>& root_candidates();
// The roots under `home` that exist as folders (each normally holds profiles.ini).
std::vector<std::filesystem::path> find_roots(const std::filesystem::path& home);

enum class PathKind { None, Root, Profile, PrefsFile, SavedPrefsFile };
// Root: a folder with profiles.ini (or the profiles.ini itself); Profile: a folder with prefs.js;
// PrefsFile: a file named prefs.js; SavedPrefsFile: another file whose first bytes are a prefs.js
// (the "Mozilla User Preferences" header or a user_pref( statement), such as prefs.js.bak.
PathKind classify(const std::filesystem::path& path);

// Whether `head` (the first bytes of a file) starts like a prefs.js: after blank lines, the header comment
// "// Mozilla User Preferences" / "# Mozilla User Preferences", or user_pref( after comment lines.
bool looks_like_prefs_js(std::string_view head);

}  // namespace adapters::thunderbird
