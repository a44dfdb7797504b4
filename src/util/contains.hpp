#pragma once
// Whether a list holds a value (std::ranges::contains is C++23).
#include <algorithm>

namespace util {

template <class Range, class T>
bool contains(const Range& range, const T& value) {
  return std::ranges::find(range, value) != std::ranges::end(range);
}

}  // namespace util
