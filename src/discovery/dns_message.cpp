#include "discovery/dns_message.hpp"

#include <cstdint>

namespace discovery {
namespace {

// Moves `at` past one (possibly compressed) name; false when the message ends first.
bool skip_name(const unsigned char* m, std::size_t size, std::size_t& at) {
  while (at < size) {
    const unsigned char length = m[at];
    if (length == 0) {
      ++at;
      return true;
    }
    if ((length & 0xC0) == 0xC0) {  // a pointer ends the name
      at += 2;
      return at <= size;
    }
    if ((length & 0xC0) != 0) return false;
    at += 1 + length;
  }
  return false;
}

unsigned read16(const unsigned char* p) { return (unsigned{p[0]} << 8) | p[1]; }

}  // namespace

std::optional<std::chrono::seconds> smallest_answer_ttl(const unsigned char* m, std::size_t size) {
  if (m == nullptr || size < 12) return std::nullopt;
  const unsigned questions = read16(m + 4);
  const unsigned answers = read16(m + 6);
  std::size_t at = 12;
  for (unsigned i = 0; i < questions; ++i) {
    if (!skip_name(m, size, at) || at + 4 > size) return std::nullopt;
    at += 4;
  }
  std::optional<std::chrono::seconds> smallest;
  for (unsigned i = 0; i < answers; ++i) {
    if (!skip_name(m, size, at) || at + 10 > size) return std::nullopt;
    const std::uint32_t ttl = (std::uint32_t{m[at + 4]} << 24) | (std::uint32_t{m[at + 5]} << 16) |
                              (std::uint32_t{m[at + 6]} << 8) | m[at + 7];
    const std::size_t rdlength = read16(m + at + 8);
    at += 10 + rdlength;
    if (at > size) return std::nullopt;
    const std::chrono::seconds t((ttl & 0x80000000u) ? 0 : ttl);  // RFC 2181 §8: the top bit set means 0
    if (!smallest || t < *smallest) smallest = t;
  }
  return smallest;
}

}  // namespace discovery
