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

  TEST_CASE("a dict that repeats a key equals nothing, itself included") {
    // libplist's binary reader keeps repeated keys (parse_plist refuses them first; a rewrite can
    // make them). Size and lookups alone found these two equal.
    auto dict_of = [](unsigned char k1, unsigned char k2, unsigned char k3, unsigned char v3) {
      const unsigned char bytes[] = {'b', 'p', 'l', 'i', 's', 't', '0', '0',
                                     0xd3, k1, k2, k3, 3, 3, v3,  // dict of 3: key refs, value refs
                                     0x51, 'A', 0x51, 'B', 0x10, 1, 0x10, 2,
                                     8, 15, 17, 19, 21,  // offsets of objects 0..4
                                     0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 5,
                                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23};
      plist_t root = nullptr;
      plist_from_bin(reinterpret_cast<const char*>(bytes), sizeof bytes, &root);
      return PlistPtr(root);
    };
    auto twice_a = dict_of(1, 1, 2, 3);  // {A: 1, A: 1, B: 1}
    auto twice_b = dict_of(1, 2, 2, 4);  // {A: 1, B: 1, B: 2}
    REQUIRE(twice_a);
    REQUIRE(twice_b);
    REQUIRE(plist_dict_get_size(twice_a.get()) == 3);
    CHECK_FALSE(plist_equal(twice_a.get(), twice_b.get()));
    CHECK_FALSE(plist_equal(twice_b.get(), twice_a.get()));
    CHECK_FALSE(plist_equal(twice_a.get(), twice_a.get()));
  }
}
