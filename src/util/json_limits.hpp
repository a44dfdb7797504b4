#pragma once
// Bounds for JSON read from users' files, checked before a DOM is built: nlohmann::json builds
// any nesting, and a deep document costs memory far beyond its size.
#include <cstddef>
#include <string_view>

namespace util {

inline constexpr std::size_t kMaxJsonDepth = 64;

// Whether objects/arrays nest deeper than max_depth (strings and escapes are skipped).
bool json_nests_deeper_than(std::string_view bytes, std::size_t max_depth = kMaxJsonDepth);

}  // namespace util
