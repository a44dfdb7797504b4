#include "adapters/thunderbird/discovery.hpp"

#include <cstdlib>

namespace adapters::thunderbird {
namespace fs = std::filesystem;

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
  for (const auto& rel : root_candidates()) candidates.push_back(home / rel);
  // $XDG_CONFIG_HOME/thunderbird, when it points inside this home.
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    fs::path x = fs::path(xdg) / "thunderbird";
    auto rel = x.lexically_relative(home);
    if (!rel.empty() && *rel.begin() != "..") candidates.push_back(x);
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
  return PathKind::None;
}

}  // namespace adapters::thunderbird
