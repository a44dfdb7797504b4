#include <doctest/doctest.h>

#include <string>

#include "adapters/apple/signed_profile.hpp"

using namespace adapters::apple;

TEST_SUITE("apple.signed_profile") {
  TEST_CASE("the XML content is cut from <?xml to </plist>") {
    std::string cms = std::string("\x30\x80garbage\x04\x82\x00\x10", 13) + "<?xml?><plist><dict/></plist>" + "\x00\x00tail";
    CHECK(embedded_plist(cms) == "<?xml?><plist><dict/></plist>");
  }

  TEST_CASE("binary content is sized by its OCTET STRING header") {
    std::string body = "bplist00" + std::string(30, 'x');
    std::string cms = std::string("\x30\x00\x04", 3) + static_cast<char>(body.size()) + body + "trailing";
    CHECK(embedded_plist(cms) == body);
    std::string long_form = std::string("\x30\x00\x04\x81", 4) + static_cast<char>(body.size()) + body + "more";
    CHECK(embedded_plist(long_form) == body);
  }

  TEST_CASE("no content, an unterminated plist or a length past the end gives nothing") {
    CHECK_FALSE(embedded_plist(std::string("\x30\x01\x02", 3)));
    CHECK_FALSE(embedded_plist("\x30<?xml <plist>"));
    CHECK_FALSE(embedded_plist(std::string("\x30\x04\x7F", 3) + "bplist00"));
    CHECK(looks_like_cms("\x30"));
    CHECK_FALSE(looks_like_cms("<?xml"));
  }
}
