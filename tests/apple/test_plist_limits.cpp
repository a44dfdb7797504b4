// Limits found by fuzzing: repeated dictionary keys, XML object counts, lossy binary rewrites.
#include <doctest/doctest.h>

#include <plist/plist.h>

#include "adapters/apple/bplist_check.hpp"
#include "adapters/apple/plist_render.hpp"

using namespace adapters::apple;

namespace {

// A binary plist: root dict {key1: true, key2: false} with the two key references given.
std::string two_key_dict(bool same_key) {
  std::string b = "bplist00";
  std::vector<std::size_t> offsets;
  offsets.push_back(b.size());
  b += "\xD2";
  b += same_key ? std::string("\x01\x01", 2) : std::string("\x01\x04", 2);
  b += std::string("\x02\x03", 2);
  offsets.push_back(b.size());
  b += "\x51" "a";
  offsets.push_back(b.size());
  b += '\x09';
  offsets.push_back(b.size());
  b += '\x08';
  offsets.push_back(b.size());
  b += "\x51" "b";
  std::size_t table = b.size();
  for (auto o : offsets) b += static_cast<char>(o);
  std::string trailer(32, '\0');
  trailer[6] = 1;                                  // offset size
  trailer[7] = 1;                                  // reference size
  trailer[15] = static_cast<char>(offsets.size());  // number of objects
  trailer[31] = static_cast<char>(table);          // offset table offset (root object 0)
  return b + trailer;
}

}  // namespace

TEST_SUITE("plist limits") {
  TEST_CASE("a binary dictionary that repeats a key is refused") {
    CHECK(check_binary_plist(two_key_dict(false)).ok());
    auto s = check_binary_plist(two_key_dict(true));
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "binary plist dictionary 0 repeats a key");
  }

  TEST_CASE("an XML plist with more than a million objects is refused without building it") {
    std::string many = "<plist><array>";
    many.reserve(2'000'100 * 7 + 40);
    for (int i = 0; i < 2'000'100; ++i) many += "<true/>";
    many += "</array></plist>";
    auto s = check_xml_plist_depth(many);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "XML plist has more than 1000000 objects");
    CHECK(check_xml_plist_depth("<?xml version=\"1.0\"?><!DOCTYPE plist><plist><dict><key>a</key><true/></dict></plist>").ok());
  }

  TEST_CASE("a binary rewrite that would change another value is refused") {
    // An ASCII string object holding a byte >= 0x80: libplist keeps it raw and writes it back
    // differently, so editing any other value would silently change it.
    std::string b = "bplist00";
    std::vector<std::size_t> offsets;
    offsets.push_back(b.size());
    b += "\xD2";
    b += std::string("\x01\x02\x03\x04", 4);
    offsets.push_back(b.size());
    b += "\x5A" "PortNumber";
    offsets.push_back(b.size());
    b += "\x54" "Name";
    offsets.push_back(b.size());
    b += "\x10\x8F";  // integer 143
    offsets.push_back(b.size());
    b += "\x53" "x\x80y";
    std::size_t table = b.size();
    for (auto o : offsets) b += static_cast<char>(o);
    std::string trailer(32, '\0');
    trailer[6] = 1;
    trailer[7] = 1;
    trailer[15] = static_cast<char>(offsets.size());
    trailer[31] = static_cast<char>(table);
    b += trailer;
    REQUIRE(check_binary_plist(b).ok());
    core::Edit e;
    e.field = "incoming.port";
    e.target.key = "PortNumber";
    e.value = std::int64_t{993};
    auto r = render_plist_edits("odd.plist", b, {e});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "odd.plist: the file holds values libplist cannot write back unchanged; nothing changed");
  }
}
