#include <doctest/doctest.h>

#include <string_view>
#include <vector>

#include "util/error_text.hpp"
#include "util/text.hpp"

TEST_SUITE("util text") {
  TEST_CASE("fill_placeholders puts {1}..{9} in place and leaves every other brace as written") {
    const std::vector<std::string_view> args{"one", "two"};
    CHECK(util::fill_placeholders("{1} and {2}", args) == "one and two");
    CHECK(util::fill_placeholders("{{1}} {3} {0} {x} {", args) == "{one} {3} {0} {x} {");
    CHECK(util::fill_placeholders("{2}{1}{2}", args) == "twoonetwo");
    CHECK(util::fill_placeholders("no braces", args) == "no braces");
    CHECK(util::fill_placeholders("end {1", args) == "end {1");
    CHECK(util::fill_placeholders("", args).empty());
  }

  TEST_CASE("split keeps or drops empty pieces") {
    CHECK(util::split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
    CHECK(util::split("a,,b,", ',', true) == std::vector<std::string>{"a", "b"});
    CHECK(util::split("", ',', true).empty());
  }

  TEST_CASE("parse_int takes the whole string within bounds") {
    CHECK(util::parse_int("993", 1, 65535) == 993);
    CHECK(util::parse_int("+25", 1, 65535) == 25);
    CHECK_FALSE(util::parse_int("99x", 1, 65535));
    CHECK_FALSE(util::parse_int("70000", 1, 65535));
    CHECK_FALSE(util::parse_int("", 1, 65535));
    CHECK(util::parse_int("-1", -1, 10) == -1);
  }

  TEST_CASE("printable escapes control bytes and broken UTF-8 but keeps real UTF-8") {
    CHECK(util::printable("a\x1b[2Jb") == "a\\x1B[2Jb");
    CHECK(util::printable("caf\xC3\xA9") == "caf\xC3\xA9");
    CHECK(util::printable("x\xC3") == "x\\xC3");
    CHECK(util::printable(std::string(300, 'a'), 10) == std::string(10, 'a') + "...");
    CHECK(util::printable(std::string(10, 'a'), 10) == std::string(10, 'a'));  // the end, not a cut
    CHECK(util::printable("abc\x7F\x01" "d\xC2\x85" "e\xE2\x80\xA8", 200) == "abc\\x7F\\x01d\\xC2\\x85e\\xE2\\x80\\xA8");
    CHECK(util::printable("abcdefgh\x01xyz", 9) == "abcdefgh\\x01...");
  }

  TEST_CASE("email parts") {
    CHECK(util::email_domain("Ann@Example.COM") == "example.com");
    CHECK(util::email_local_part("ann@example.com") == "ann");
    CHECK(util::email_domain("no-at-sign").empty());
    CHECK(util::email_local_part("a@b@c.example") == "a@b");
  }

  TEST_CASE("edit_distance counts insertions, deletions, substitutions and neighbour swaps") {
    CHECK(util::edit_distance("retierd-host", "retired-host") == 1);  // a swap
    CHECK(util::edit_distance("retired-host", "retired-host") == 0);
    CHECK(util::edit_distance("", "abc") == 3);
    CHECK(util::edit_distance("abc", "") == 3);
    CHECK(util::edit_distance("plaintxt", "plaintext") == 1);
    CHECK(util::edit_distance("kitten", "sitting") == 3);
    CHECK(util::edit_distance("ca", "abc") == 3);  // optimal string alignment: no edit of a swapped pair
  }

  TEST_CASE("case-insensitive helpers") {
    CHECK(util::iequals("IMAP.Example.com", "imap.example.COM"));
    CHECK(util::ends_with_icase("Report.JSON", ".json"));
    CHECK_FALSE(util::ends_with_icase("json", ".json"));
    CHECK(util::trim("  x \r\n") == "x");
  }
}

TEST_SUITE("util text") {
  TEST_CASE("append_utf8 encodes one to four bytes, surrogates as they are") {
    std::string s;
    for (std::uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u, 0xD800u}) util::append_utf8(s, cp);
    CHECK(s == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xED\xA0\x80");
  }
}
