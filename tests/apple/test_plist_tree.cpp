#include <doctest/doctest.h>

#include "adapters/apple/plist_tree.hpp"
#include "apple_test_helpers.hpp"

using namespace adapters::apple;

TEST_SUITE("apple.plist_tree") {
  TEST_CASE("loose integers and booleans accept every spelling Apple writes") {
    auto parsed = parse_plist(apple_test::xml_plist(
                                  "<array><integer>993</integer><string> 587 </string><real>443</real><string>x</string>"
                                  "<true/><string>YES</string><string>no</string><integer>0</integer><integer>-5</integer>"
                                  "<real>1.5</real></array>\n"),
                              "t");
    REQUIRE(parsed.ok());
    plist_t a = parsed->root.get();
    CHECK(loose_int(array_item(a, 0)) == 993);
    CHECK(loose_int(array_item(a, 1)) == 587);
    CHECK(loose_int(array_item(a, 2)) == 443);
    CHECK_FALSE(loose_int(array_item(a, 3)));
    CHECK(loose_bool(array_item(a, 4)) == true);
    CHECK(loose_bool(array_item(a, 5)) == true);
    CHECK(loose_bool(array_item(a, 6)) == false);
    CHECK(loose_bool(array_item(a, 7)) == false);
    CHECK_FALSE(loose_bool(array_item(a, 3)));
    CHECK(loose_int(array_item(a, 8)) == -5);
    CHECK_FALSE(loose_int(array_item(a, 9)));
    CHECK_FALSE(loose_int(array_item(a, 99)));
    CHECK(string_value(array_item(a, 3)) == "x");
    CHECK_FALSE(string_value(array_item(a, 0)));
  }

  TEST_CASE("format errors name the file") {
    CHECK(parse_plist("\xEF\xBB\xBF<?xml?>", "bom.plist").error().message == "bom.plist: XML plist starts with a UTF-8 byte order mark");
    CHECK(parse_plist("  \n", "e.plist").error().message == "e.plist: empty file");
    CHECK(parse_plist("<plist><dict>", "t.plist").error().message == "t.plist: not a well-formed XML property list");
  }

  TEST_CASE("trees compare deeply, dict order aside") {
    auto a = parse_plist(apple_test::xml_plist("<dict><key>A</key><integer>1</integer><key>B</key><array><string>x</string></array></dict>\n"), "a");
    auto b = parse_plist(apple_test::xml_plist("<dict><key>B</key><array><string>x</string></array><key>A</key><integer>1</integer></dict>\n"), "b");
    auto c = parse_plist(apple_test::xml_plist("<dict><key>B</key><array><string>y</string></array><key>A</key><integer>1</integer></dict>\n"), "c");
    CHECK(plist_equal(a->root.get(), b->root.get()));
    CHECK_FALSE(plist_equal(a->root.get(), c->root.get()));
  }
}
