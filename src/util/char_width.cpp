#include "util/char_width.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace util {
namespace {

#include "util/char_width_table.inc"

}  // namespace

std::size_t char_width(char32_t code_point) {
  if (code_point > 0x10FFFF) return 1;
  // The run holding `code_point`: the last entry whose first code point is not above it.
  const std::uint32_t key = (static_cast<std::uint32_t>(code_point) << 2) | 3;
  const auto* after = std::upper_bound(std::begin(kCharWidthRuns), std::end(kCharWidthRuns), key);
  return after == std::begin(kCharWidthRuns) ? 1 : (*(after - 1) & 3);
}

std::string_view char_width_source() { return kCharWidthSource; }

}  // namespace util
