#include "adapters/thunderbird/discovery.hpp"

#include <cstdlib>

#include "util/file.hpp"
#include "util/system.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;
namespace {
// How much of a file is read to tell whether it is a prefs.js saved under another name.
constexpr std::size_t kSniffBytes = 4096;
}  // namespace

const std::vector<fs::path>& root_candidates() {
  static const std::vector<fs::path> roots{
      ".thunderbird",
      "snap/thunderbird/common/.thunderbird",
      ".var/app/org.mozilla.Thunderbird/.thunderbird",
      ".icedove",
      ".mozilla-thunderbird",
      ".config/thunderbird",
      "Library/Thunderbird",
      "AppData/Roaming/Thunderbird",
  };
  return roots;
}

std::vector<fs::path> find_roots(const fs::path& home) {
  std::vector<fs::path> out;
  std::vector<fs::path> candidates;
  for (const auto& rel : root_candidates()) candidates.push_back(home / fs::path(rel).make_preferred());
  // $XDG_CONFIG_HOME/thunderbird or %APPDATA%\Thunderbird: when it points inside this home, or
  // (folder redirection puts %APPDATA% on a server) when this is the current user's home.
  if (const fs::path settings = util::current_user_settings_folder(); !settings.empty()) {
    auto rel = settings.lexically_relative(home);
    const bool inside = !rel.empty() && *rel.begin() != "..";
    if (inside || home == util::current_user_home()) {
      candidates.push_back(settings / "thunderbird");
      candidates.push_back(settings / "Thunderbird");
    }
  }
  std::error_code ec;
  for (const auto& c : candidates) {
    if (!fs::is_directory(c, ec)) continue;
    bool dup = false;
    for (const auto& o : out) dup = dup || fs::equivalent(o, c, ec);
    if (!dup) out.push_back(c);
  }
  return out;
}

PathKind classify(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (fs::is_regular_file(path / "profiles.ini", ec)) return PathKind::Root;
    if (fs::is_regular_file(path / "prefs.js", ec)) return PathKind::Profile;
    return PathKind::None;
  }
  if (!fs::is_regular_file(path, ec)) return PathKind::None;
  if (path.filename() == "prefs.js") return PathKind::PrefsFile;
  if (path.filename() == "profiles.ini") return PathKind::Root;
  if (path.filename() == "user.js") return PathKind::None;  // the profile's override file, not a copy
  if (looks_like_prefs_js(util::read_file_head(path, kSniffBytes))) {
    return PathKind::SavedPrefsFile;
  }
  return PathKind::None;
}

bool looks_like_prefs_js(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  bool in_block = false;
  while (!head.empty()) {
    std::size_t eol = head.find_first_of("\r\n");
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
    std::size_t first = line.find_first_not_of(" \t");
    line = first == std::string_view::npos ? std::string_view() : line.substr(first);
    if (in_block) {
      if (line.find("*/") != std::string_view::npos) in_block = false;
      continue;
    }
    if (line.empty()) continue;
    if (line.starts_with("// Mozilla User Preferences") || line.starts_with("# Mozilla User Preferences")) return true;
    if (line.starts_with("user_pref(")) return true;
    if (line.starts_with("//") || line.starts_with("#")) continue;
    if (line.starts_with("/*")) {
      in_block = line.find("*/", 2) == std::string_view::npos;
      continue;
    }
    return false;
  }
  return false;
}

}  // namespace adapters::thunderbird
