#include "core/source.hpp"

#include <algorithm>

namespace core {

bool is_live_registry_source(std::string_view source) {
  if (source == "HKCU") return true;
  constexpr std::string_view kUsers = "HKU\\S-1-";
  if (!source.starts_with(kUsers) || source.size() > 200) return false;
  const std::string_view sid = source.substr(4);
  return std::all_of(sid.begin(), sid.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

}  // namespace core
