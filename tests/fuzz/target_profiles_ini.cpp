// profiles.ini / installs.ini: parsing is total; keys and values are single lines; the chosen
// default profile is one of the listed profiles.
#include <string>

#include "adapters/thunderbird/profiles_ini.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {

int profiles_ini(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  namespace tb = adapters::thunderbird;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The input holds profiles.ini, then optionally installs.ini after a NUL byte.
  auto nul = bytes.find('\0');
  std::string_view profiles = bytes.substr(0, nul);
  std::string_view installs = nul == std::string_view::npos ? std::string_view() : bytes.substr(nul + 1);
  auto p = tb::parse_ini(profiles);
  auto i = tb::parse_ini(installs);
  for (const auto* ini : {&p, &i}) {
    for (const auto& [section, keys] : *ini) {
      check(section.find('\n') == std::string::npos);
      for (const auto& [key, value] : keys) check(key.find('\n') == std::string::npos && value.find('\n') == std::string::npos);
    }
  }
  auto result = tb::interpret_profiles_ini("/nonexistent/fuzz", p, i);
  check(result.default_index >= -1 && result.default_index < static_cast<int>(result.profiles.size()));
  return 0;
}

}  // namespace fuzz
