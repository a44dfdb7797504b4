#include <doctest/doctest.h>

#include "adapters/apple/keyed_archive.hpp"
#include "apple_test_helpers.hpp"

using namespace adapters::apple;

TEST_SUITE("apple.keyed_archive") {
  TEST_CASE("archived strings, numbers and booleans round-trip") {
    CHECK(decode_archived_scalar(encode_archived_scalar(std::string("imap.example.com")))->value() ==
          ArchivedScalar{std::string("imap.example.com")});
    CHECK(decode_archived_scalar(encode_archived_scalar(std::int64_t{993}))->value() == ArchivedScalar{std::int64_t{993}});
    CHECK(decode_archived_scalar(encode_archived_scalar(true))->value() == ArchivedScalar{true});
  }

  TEST_CASE("an NSMutableString archived as an object gives its text") {
    std::string xml = apple_test::xml_plist(
        "<dict><key>$archiver</key><string>NSKeyedArchiver</string><key>$top</key><dict><key>root</key>"
        "<dict><key>CF$UID</key><integer>1</integer></dict></dict><key>$objects</key><array><string>$null</string>"
        "<dict><key>NS.string</key><string>smtp.example.com</string></dict></array></dict>\n");
    // XML plists cannot hold UIDs; build the archive through the binary writer instead.
    auto parsed = parse_plist(xml, "x");
    REQUIRE(parsed.ok());
    plist_t top = dict_item(parsed->root.get(), "$top");
    plist_dict_set_item(top, "root", plist_new_uid(1));
    std::string bin = serialise_plist(parsed->root.get(), PlistFormat::Binary);
    CHECK(decode_archived_scalar(bin)->value() == ArchivedScalar{std::string("smtp.example.com")});
  }

  TEST_CASE("a root UID outside $objects or a container root gives no value, not an error") {
    auto parsed = parse_plist(apple_test::xml_plist("<dict><key>$top</key><dict/><key>$objects</key><array/></dict>\n"), "x");
    plist_dict_set_item(dict_item(parsed->root.get(), "$top"), "root", plist_new_uid(7));
    auto decoded = decode_archived_scalar(serialise_plist(parsed->root.get(), PlistFormat::Binary));
    REQUIRE(decoded.ok());
    CHECK_FALSE(decoded->has_value());
  }

  TEST_CASE("bytes that are not a plist are an error") {
    CHECK(decode_archived_scalar("993").error().message == "archived value: not a well-formed XML property list");
    CHECK(decode_archived_scalar("bplist00").error().message == "archived value: binary plist truncated: no room for the trailer");
  }

  TEST_CASE("scalars convert loosely") {
    std::optional<ArchivedScalar> port, yes, zero, number, flag;
    port.emplace(std::in_place_type<std::string>, "587");
    yes.emplace(std::in_place_type<std::string>, "YES");
    zero.emplace(std::in_place_type<std::int64_t>, 0);
    number.emplace(std::in_place_type<std::int64_t>, 25);
    flag.emplace(std::in_place_type<bool>, true);
    CHECK(scalar_int(port) == 587);
    CHECK(scalar_bool(yes) == true);
    CHECK(scalar_bool(zero) == false);
    CHECK(scalar_text(number) == "25");
    CHECK_FALSE(scalar_text(flag));
  }
}
