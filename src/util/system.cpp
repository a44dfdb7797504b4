// The parts of system.hpp that are the same on every system.
#include "util/system.hpp"

#include <vector>

namespace util {

std::string random_hex(std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::vector<unsigned char> bytes((digits + 1) / 2);
  fill_random(bytes.data(), bytes.size());
  std::string out;
  out.reserve(digits);
  for (std::size_t i = 0; i < digits; ++i) out += kHex[(bytes[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf];
  return out;
}

}  // namespace util
