#pragma once
// Where Thunderbird keeps its profiles under a home folder (thunderbird.md §3.1), and what kind of
// Thunderbird path an explicit argument is.
#include <filesystem>
#include <vector>

namespace adapters::thunderbird {

// Candidate roots relative to a home folder, in the order they are probed.
const std::vector<std::filesystem::path>& root_candidates();
// The roots under `home` that exist as folders (each normally holds profiles.ini).
std::vector<std::filesystem::path> find_roots(const std::filesystem::path& home);

enum class PathKind { None, Root, Profile, PrefsFile };
// Root: a folder with profiles.ini (or the profiles.ini itself); Profile: a folder with prefs.js;
// PrefsFile: a file named prefs.js.
PathKind classify(const std::filesystem::path& path);

}  // namespace adapters::thunderbird
