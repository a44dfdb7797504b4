#include <doctest/doctest.h>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <string>

#include "util/char_width.hpp"
#include "util/utf8_decode.hpp"

TEST_SUITE("util char_width") {
  TEST_CASE("every code point is as wide as this build's utf8proc says") {
    const std::string reference = std::string("utf8proc ") + utf8proc_version() + ", Unicode " + utf8proc_unicode_version();
    INFO("the table is from " << util::char_width_source() << ", the tests link " << reference
                              << ": run scripts/gen-char-widths");
    std::size_t differ = 0;
    char32_t first_difference = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
      const auto expected = static_cast<std::size_t>(std::max(0, utf8proc_charwidth(static_cast<utf8proc_int32_t>(c))));
      if (util::char_width(c) != expected && differ++ == 0) first_difference = c;
    }
    char where[16];
    std::snprintf(where, sizeof where, "U+%04lX", static_cast<unsigned long>(first_difference));
    INFO("first difference at " << where);
    CHECK(differ == 0);
    CHECK(util::char_width_source() == reference);
  }

  TEST_CASE("known widths: CJK and full-width forms two, combining marks and controls none") {
    CHECK(util::char_width(U'A') == 1);
    CHECK(util::char_width(U'错') == 2);
    CHECK(util::char_width(U'\uFF0C') == 2);     // full-width comma
    CHECK(util::char_width(U'\u0301') == 0);     // combining acute accent
    CHECK(util::char_width(U'\u0007') == 0);     // BEL
    CHECK(util::char_width(U'\U0001F600') == 2); // emoji
    CHECK(util::char_width(0x10FFFF) == static_cast<std::size_t>(std::max(0, utf8proc_charwidth(0x10FFFF))));
    CHECK(util::char_width(0x110000) == 1);
  }

  TEST_CASE("decode_utf8 takes and refuses exactly the sequences utf8proc_iterate does") {
    // Every lead byte with every second byte, and third and fourth bytes from the edges of the
    // continuation range and outside it: overlong forms, surrogates, values above U+10FFFF,
    // stray continuation bytes and cut sequences are all among them.
    constexpr std::array<unsigned char, 11> kTails{0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    std::size_t compared = 0, disagreed = 0;
    for (int lead = 0; lead < 256; ++lead) {
      for (int second = 0; second < 256; ++second) {
        for (unsigned char third : kTails) {
          for (unsigned char fourth : kTails) {
            const char bytes[4] = {static_cast<char>(lead), static_cast<char>(second), static_cast<char>(third),
                                   static_cast<char>(fourth)};
            for (std::size_t length = 1; length <= 4; ++length) {
              utf8proc_int32_t theirs = -1;
              const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(bytes),
                                              static_cast<utf8proc_ssize_t>(length), &theirs);
              char32_t ours = 0;
              const int m = util::decode_utf8(bytes, bytes + length, ours);
              const bool agree = n > 0 ? (m == n && static_cast<utf8proc_int32_t>(ours) == theirs) : m <= 0;
              if (!agree && disagreed++ < 5) {
                INFO("bytes " << lead << " " << second << " " << int(third) << " " << int(fourth) << ", length " << length);
                CHECK(agree);
              }
              ++compared;
            }
          }
        }
      }
    }
    CHECK(compared == 256u * 256u * 11u * 11u * 4u);
    CHECK(disagreed == 0);
  }
}
