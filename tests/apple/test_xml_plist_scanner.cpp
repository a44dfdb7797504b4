#include <doctest/doctest.h>

#include "adapters/apple/xml_plist_scanner.hpp"
#include "apple_test_helpers.hpp"

using namespace adapters::apple;

TEST_SUITE("apple.xml_plist_scanner") {
  TEST_CASE("elements are found by key path with exact byte ranges") {
    std::string xml = apple_test::xml_plist(
        "<dict>\n\t<key>A&amp;B</key>\n\t<string/>\n\t<key>List</key>\n\t<array>\n\t\t<integer>5</integer>\n"
        "\t\t<dict><key>On</key><true/></dict>\n\t</array>\n<!-- <key>X</key> -->\n</dict>\n");
    auto found = scan_xml_plist(xml);
    REQUIRE(found.ok());
    const auto& e = found->at("List[0]");
    CHECK(e.tag == "integer");
    CHECK(xml.substr(e.content_begin, e.content_end - e.content_begin) == "5");
    CHECK(xml.substr(e.begin, e.end - e.begin) == "<integer>5</integer>");
    CHECK(found->at("A&B").self_closing);
    CHECK(xml.substr(found->at("List[1].On").begin, 7) == "<true/>");
    CHECK(found->at("").tag == "dict");
    CHECK(found->count("X") == 0);
    CHECK(found->size() == 6);
  }

  TEST_CASE("broken nesting gives a one-line error") {
    CHECK(scan_xml_plist("<plist><dict><key>A</key><string>x</string></array></plist>").error().message ==
          "XML plist: unexpected </array>");
    CHECK(scan_xml_plist("<plist><dict><string>x</string></dict></plist>").error().message ==
          "XML plist: dict value without a key");
    CHECK(scan_xml_plist("<plist><dict><key>A</key><string>x").error().message == "XML plist: unterminated <string>");
  }

  TEST_CASE("text is escaped for element content") { CHECK(xml_escape("a<b&c>") == "a&lt;b&amp;c&gt;"); }
}
