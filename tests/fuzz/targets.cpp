#include "fuzz/targets.hpp"

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>

namespace fuzz {

namespace {

// Whether `name` matches the shell pattern `pattern` ('*' any run of characters, '?' one).
bool glob_match(std::string_view pattern, std::string_view name) {
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

const std::vector<Target>& all_targets() {
  static const std::vector<Target> targets = {
      {"prefs_js", prefs_js, "fixtures:prefs.js fixtures:user.js", 64 * 1024},
      {"profiles_ini", profiles_ini, "fixtures:*.ini", 8 * 1024},
      {"reg", reg, "tests/fuzz/seeds/reg:*.reg", 64 * 1024},
      {"hive", hive, "fixtures:NTUSER.DAT", 64 * 1024},
      {"prf", prf, "fixtures:*.prf", 32 * 1024},
      {"bplist", bplist, "fixtures:*.plist fixtures:*binary.mobileconfig tests/fuzz/seeds/keyed_archive:*.bin", 16 * 1024},
      {"xml_plist", xml_plist, "fixtures:*.plist fixtures:company-imap.mobileconfig fixtures:broken-providers.mobileconfig",
       16 * 1024},
      {"keyed_archive", keyed_archive, "tests/fuzz/seeds/keyed_archive:*.bin", 4 * 1024},
      {"mobileconfig", mobileconfig, "fixtures:*.mobileconfig", 16 * 1024},
      {"declaration", declaration, "fixtures/apple:*.json", 8 * 1024},
      {"ispdb", ispdb, "data/ispdb:*.xml data/overrides:*.xml", 64 * 1024},
      {"imap_reply", imap_reply, "tests/fuzz/seeds/imap_reply:*.txt", 16 * 1024},
      {"pop3_reply", pop3_reply, "tests/fuzz/seeds/pop3_reply:*.txt", 16 * 1024},
      {"smtp_reply", smtp_reply, "tests/fuzz/seeds/smtp_reply:*.txt", 16 * 1024},
      {"hosts_file", hosts_file, "tests/fuzz/seeds/hosts_file:*.txt", 16 * 1024},
      {"logins_json", logins_json, "fixtures/thunderbird/saved-logins:*.json tests/fuzz/seeds/logins_json:*.json", 16 * 1024},
      {"summary_json", summary_json, "tests/fuzz/seeds/summary_json:*.json tests/fuzz/seeds/summary_json:*.ndjson", 16 * 1024},
      {"certificate_names", certificate_names, "tests/fuzz/seeds/certificate_names:*.der", 4 * 1024},
      {"sqlite_table", sqlite_table, "tests/fuzz/seeds/sqlite_table:*.db", 64 * 1024},
  };
  return targets;
}

const Target* find_target(std::string_view name) {
  for (const auto& t : all_targets()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

std::vector<std::filesystem::path> seed_files(const Target& target, const std::filesystem::path& source_dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  std::istringstream items(target.seed_dir);
  std::string item;
  while (items >> item) {
    auto colon = item.find(':');
    fs::path folder = source_dir / item.substr(0, colon);
    std::string pattern = item.substr(colon + 1);
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      if (glob_match(pattern, it->path().filename().string())) out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace fuzz
