#include "adapters/thunderbird/profiles_ini.hpp"

#include <map>
#include <set>

#include "util/file.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;

IniData parse_ini(std::string_view bytes) {
  IniData data;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string section;
  bool in_section = false;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t eol = bytes.find_first_of("\r\n", pos);
    std::string_view line = util::trim(bytes.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
    pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      auto close = line.find(']');
      in_section = close != std::string_view::npos;
      if (in_section) {
        section = std::string(line.substr(1, close - 1));
        data[section];
      }
      continue;
    }
    auto eq = line.find('=');
    if (!in_section || eq == std::string_view::npos) continue;
    data[section][std::string(util::trim(line.substr(0, eq)))] = std::string(util::trim(line.substr(eq + 1)));
  }
  return data;
}

namespace {

const std::string* lookup(const IniData& ini, std::string_view section, std::string_view key) {
  auto s = ini.find(section);
  if (s == ini.end()) return nullptr;
  auto k = s->second.find(std::string(key));
  return k == s->second.end() ? nullptr : &k->second;
}

// Relative descriptors use '/' on every platform.
fs::path resolve(const fs::path& root, const std::string& descriptor, bool relative) {
  if (!relative) return util::path_from_utf8(descriptor);
  fs::path out = root;
  for (const auto& part : util::split(descriptor, '/', true)) out /= util::path_from_utf8(part);
  return out;
}

// The install defaults: [Install<hash>] Default= in profiles.ini, else installs.ini when there is no Version.
std::vector<std::pair<std::string, std::string>> install_defaults(const IniData& profiles, const IniData& installs) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [section, keys] : profiles) {
    if (!section.starts_with("Install")) continue;
    if (auto d = keys.find("Default"); d != keys.end() && !d->second.empty()) out.emplace_back(section, d->second);
  }
  if (out.empty() && !lookup(profiles, "General", "Version")) {
    for (const auto& [section, keys] : installs) {
      if (auto d = keys.find("Default"); d != keys.end() && !d->second.empty()) {
        out.emplace_back("installs.ini [" + section + "]", d->second);
      }
    }
  }
  return out;
}

}  // namespace

ProfilesIni interpret_profiles_ini(const fs::path& root, const IniData& profiles, const IniData& installs) {
  ProfilesIni out;
  // Thunderbird stops at the first ProfileN section that has no IsRelative key.
  for (int n = 0;; ++n) {
    std::string section = "Profile" + std::to_string(n);
    const std::string* relative = lookup(profiles, section, "IsRelative");
    if (!relative) break;
    const std::string* path = lookup(profiles, section, "Path");
    const std::string* name = lookup(profiles, section, "Name");
    if (!path || !name) continue;
    ProfileEntry p;
    p.section = section;
    p.name = *name;
    p.descriptor = *path;
    p.is_relative = *relative == "1";
    p.folder = resolve(root, *path, p.is_relative);
    const std::string* def = lookup(profiles, section, "Default");
    p.legacy_default = def && *def == "1";
    out.profiles.push_back(std::move(p));
  }
  auto installs_list = install_defaults(profiles, installs);
  std::set<int> install_choice;
  std::string install_section;
  // By descriptor, so tens of thousands of sections on both sides cost no quadratic time.
  std::map<std::string_view, std::vector<int>> by_descriptor;
  for (std::size_t i = 0; i < out.profiles.size(); ++i) {
    by_descriptor[out.profiles[i].descriptor].push_back(static_cast<int>(i));
  }
  for (const auto& [section, descriptor] : installs_list) {
    auto match = by_descriptor.find(descriptor);
    if (match == by_descriptor.end()) continue;
    install_choice.insert(match->second.begin(), match->second.end());
    install_section = section;
  }
  if (install_choice.size() == 1) {
    out.default_index = *install_choice.begin();
    out.default_reason = i18n::Text(install_section.starts_with("installs.ini") ? install_section + " Default"
                                                                                : "[" + install_section + "] Default");
    return out;
  }
  for (std::size_t i = 0; i < out.profiles.size(); ++i) {
    if (out.profiles[i].legacy_default && install_choice.empty()) {
      out.default_index = static_cast<int>(i);
      out.default_reason = i18n::Text(std::string("Default=1"));
      return out;
    }
  }
  if (out.profiles.size() == 1) {
    out.default_index = 0;
    out.default_reason = i18n::msg("the only profile");
  }
  return out;
}

util::Result<ProfilesIni> read_profiles_ini(const fs::path& root) {
  auto profiles = util::read_file(root / "profiles.ini", 1024 * 1024);
  if (!profiles) return profiles.error();
  IniData installs;
  std::error_code ec;
  if (fs::is_regular_file(root / "installs.ini", ec)) {
    auto bytes = util::read_file(root / "installs.ini", 1024 * 1024);
    if (bytes) installs = parse_ini(*bytes);
  }
  return interpret_profiles_ini(root, parse_ini(*profiles), installs);
}

}  // namespace adapters::thunderbird
