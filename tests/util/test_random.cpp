// util::random_hex: the digits asked for, lowercase hexadecimal, from the system's random source
// (getentropy / RtlGenRandom): names made of them do not repeat.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "util/system.hpp"

TEST_SUITE("random digits") {
  TEST_CASE("random_hex gives the digits asked for, lowercase hexadecimal, and never the same name twice") {
    for (std::size_t digits : {0u, 1u, 6u, 12u, 513u}) {
      const std::string hex = util::random_hex(digits);
      CHECK(hex.size() == digits);
      CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    std::set<std::string> names;
    for (int i = 0; i < 2000; ++i) names.insert(util::random_hex(12));
    CHECK(names.size() == 2000);  // 48 bits each: a repeat among 2,000 has odds of about 1 in 10^8
    // Each digit is a half of a random byte: every one of the sixteen appears, and the two halves
    // of a byte agree about once in sixteen (always, were one half used twice).
    const std::string many = util::random_hex(4096);
    for (char digit : std::string("0123456789abcdef")) CHECK(many.find(digit) != std::string::npos);
    int same_halves = 0;
    for (std::size_t i = 0; i + 1 < many.size(); i += 2) same_halves += many[i] == many[i + 1] ? 1 : 0;
    CHECK(same_halves < 512);  // 128 expected of 2,048
  }
}
