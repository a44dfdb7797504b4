#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "adapters/apple/bplist_check.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "apple_test_helpers.hpp"

using namespace adapters::apple;

namespace {

// A hand-assembled bplist00: objects, offset table (1-byte offsets), trailer (1-byte refs).
std::string assemble(const std::vector<std::string>& objects, std::uint64_t root = 0, int num_override = -1,
                     int table_shift = 0) {
  std::string out = "bplist00";
  std::vector<std::size_t> offsets;
  for (const auto& o : objects) {
    offsets.push_back(out.size());
    out += o;
  }
  std::size_t table = out.size();
  for (auto off : offsets) out += static_cast<char>(off);
  std::string trailer(32, '\0');
  trailer[6] = 1;
  trailer[7] = 1;
  std::uint64_t num = num_override >= 0 ? static_cast<std::uint64_t>(num_override) : objects.size();
  trailer[15] = static_cast<char>(num);
  trailer[23] = static_cast<char>(root);
  trailer[31] = static_cast<char>(static_cast<int>(table) + table_shift);
  return out + trailer;
}

std::string check(const std::string& bytes) {
  auto s = check_binary_plist(bytes);
  return s ? "ok" : s.error().message;
}

}  // namespace

TEST_SUITE("apple.bplist_check") {
  TEST_CASE("a binary plist written by libplist passes") {
    std::string bin = apple_test::to_binary(apple_test::xml_plist("<dict><key>A</key><array><string>x</string><integer>5</integer></array></dict>\n"));
    CHECK(check(bin) == "ok");
  }

  TEST_CASE("an array holding a string passes") {
    CHECK(check(assemble({std::string("\xA1\x01", 2), "\x51x"})) == "ok");
  }

  TEST_CASE("bad magic is refused") {
    CHECK(check("bplist01" + std::string(40, '\0')) == "not a binary plist (bad magic)");
  }

  TEST_CASE("a truncated trailer is refused") {
    std::string bin = assemble({"\x5A" "abcdefghij"});
    CHECK(check(bin.substr(0, bin.size() - 5)) == "binary plist trailer corrupt: offset/ref size out of range");
    CHECK(check("bplist00\x09") == "binary plist truncated: no room for the trailer");
  }

  TEST_CASE("an offset table pointing outside the file is refused") {
    CHECK(check(assemble({"\x51x"}, 0, -1, 100)) == "binary plist offset table lies outside the file");
    std::string bin = assemble({"\x51x"});
    bin[10] = static_cast<char>(200);  // the one offset points past the objects
    CHECK(check(bin) == "binary plist object 0 lies outside the file");
  }

  TEST_CASE("a reference to a missing object is refused") {
    CHECK(check(assemble({std::string("\xA1\x07", 2)})) == "binary plist object 0 refers to a missing object");
  }

  TEST_CASE("a reference cycle is refused") {
    // array 0 -> array 1 -> array 0
    CHECK(check(assemble({std::string("\xA1\x01", 2), std::string("\xA1\x00", 2)})) ==
          "binary plist has a reference cycle at object 0");
    CHECK(check(assemble({std::string("\xA1\x00", 2)})) == "binary plist has a reference cycle at object 0");
  }

  TEST_CASE("shared objects that expand exponentially are refused") {
    // Each array holds the next one twice: 2^40 visits if expanded.
    std::vector<std::string> objects;
    for (int i = 0; i < 40; ++i) objects.push_back(std::string("\xA2", 1) + static_cast<char>(i + 1) + static_cast<char>(i + 1));
    objects.push_back("\x51x");
    CHECK(check(assemble(objects)) == "binary plist expands to more than 1000000 objects");
  }

  TEST_CASE("deep nesting is refused") {
    std::string xml;
    for (int i = 0; i < 200; ++i) xml += "<array>";
    for (int i = 0; i < 200; ++i) xml += "</array>";
    CHECK(check_xml_plist_depth(xml).error().message == "plist nested deeper than 128 levels");
    auto parsed = parse_plist(apple_test::xml_plist(xml), "deep.plist");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message == "deep.plist: plist nested deeper than 128 levels");
  }

  TEST_CASE("a data object claiming 100 MB inside a small file is refused") {
    // 0x4F, then length as an 4-byte int 0x12 = 100 MB.
    std::string obj = std::string("\x4F\x12\x06\x40\x00\x00", 6) + "abc";
    CHECK(check(assemble({obj})) == "binary plist object 0 is larger than the file");
  }

  TEST_CASE("a dictionary key that is not a string is refused") {
    CHECK(check(assemble({std::string("\xD1\x01\x01", 3), "\x10\x05"})) ==
          "binary plist dictionary 0 has a key that is not a string");
  }

  TEST_CASE("strings with a NUL character are refused (libplist 2.2 aborts on them; found by the mutation test)") {
    CHECK(check(assemble({std::string("\x53" "a\0b", 4)})) == "binary plist string 0 contains a NUL character");
    CHECK(check(assemble({std::string("\x61\x00\x00", 3)})) == "binary plist string 0 contains a NUL character");
    CHECK(check(assemble({std::string("\x61\x00\x41", 3)})) == "ok");
    CHECK(parse_plist(apple_test::xml_plist("<string>a&#0;b</string>\n"), "n.plist").error().message ==
          "n.plist: XML plist contains a NUL character reference");
    CHECK(parse_plist(apple_test::xml_plist("<key>&#x000;</key>\n"), "n.plist").error().message ==
          "n.plist: XML plist contains a NUL character reference");
    CHECK(parse_plist(apple_test::xml_plist(std::string("<string>a\0b</string>\n", 17)), "n.plist").error().message ==
          "n.plist: XML plist contains a NUL byte");
    CHECK(parse_plist(apple_test::xml_plist("<string>&#10;&#x41;</string>\n"), "n.plist").ok());
  }

  TEST_CASE("a real 100 MB data blob is refused by size before parsing") {
    std::string blob(100u * 1024u * 1024u, 'A');
    std::string xml = apple_test::xml_plist("<dict><key>D</key><data>" + blob + "</data></dict>\n");
    auto parsed = parse_plist(xml, "big.plist");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message == "big.plist: larger than 16 MB, refused");
  }

  TEST_CASE("every truncation of a valid binary plist gives an error or a tree, never a crash") {
    std::string bin = apple_test::to_binary(apple_test::xml_plist(
        "<dict><key>MailAccounts</key><array><dict><key>Hostname</key><string>imap.example.com</string>"
        "<key>PortNumber</key><integer>993</integer></dict></array></dict>\n"));
    int refused = 0;
    for (std::size_t n = 0; n < bin.size(); ++n) {
      auto parsed = parse_plist(bin.substr(0, n), "t.plist");
      refused += parsed.ok() ? 0 : 1;
    }
    CHECK(refused == static_cast<int>(bin.size()));
  }

  TEST_CASE("every single-byte corruption of a binary plist is handled") {
    std::string bin = apple_test::to_binary(apple_test::xml_plist(
        "<dict><key>A</key><array><string>abc</string><integer>7</integer><true/></array></dict>\n"));
    int handled = 0, cases = 0;
    for (std::size_t i = 8; i < bin.size(); ++i) {
      for (int v : {0x00, 0x0F, 0x7F, 0xAF, 0xDF, 0xFF}) {
        std::string bad = bin;
        bad[i] = static_cast<char>(v);
        auto parsed = parse_plist(bad, "t.plist");
        ++cases;
        handled += parsed.ok() ? (parsed->root != nullptr) : parsed.error().message.starts_with("t.plist: ");
      }
    }
    CHECK(handled == cases);
  }
}

#include "adapters/apple/legacy_accounts.hpp"
#include "adapters/apple/xml_plist_scanner.hpp"
#include "support/testutil.hpp"

TEST_SUITE("apple.bplist_check") {
  TEST_CASE("random mutations of real-shaped Accounts.plist files never crash the readers") {
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 8); };
    int parsed_ok = 0, refused = 0;
    for (const char* name : {"mac-legacy-bob-binary", "mac-legacy-bob"}) {
      std::string original = testutil::read_bytes(testutil::source_dir() / "fixtures/homes" / name /
                                                   "Library/Mail/V2/MailData/Accounts.plist");
      for (int round = 0; round < 3000; ++round) {
        std::string bytes = original;
        int flips = 1 + static_cast<int>(next() % 4);
        for (int i = 0; i < flips; ++i) bytes[8 + next() % (bytes.size() - 8)] = static_cast<char>(next());
        auto parsed = parse_plist(bytes, "m.plist");
        if (!parsed) {
          ++refused;
          CHECK(parsed.error().message.starts_with("m.plist: "));
          continue;
        }
        ++parsed_ok;
        auto out = read_legacy_accounts(parsed->root.get(), "m.plist", "");
        if (parsed->format == PlistFormat::Xml) (void)scan_xml_plist(bytes);
        CHECK(out.accounts.size() <= 5);
      }
    }
    CHECK(parsed_ok + refused == 6000);
    CHECK(parsed_ok > 0);
    CHECK(refused > 0);
  }
}
