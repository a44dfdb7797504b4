// The documented size, depth and expansion refusals of the readers, checked at the limit and one
// past it, with the exact error each gives (issue 7: a reader refuses oversized input clearly).
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/apple/bplist_check.hpp"
#include "adapters/apple/declaration.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "adapters/outlook/hive.hpp"
#include "adapters/outlook/hivebuild.hpp"
#include "adapters/outlook/prf.hpp"
#include "adapters/outlook/regfile.hpp"
#include "adapters/thunderbird/policies.hpp"
#include "adapters/thunderbird/prefs_tokenizer.hpp"
#include "adapters/thunderbird/profiles_ini.hpp"
#include "providers/ispdb.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
namespace ap = adapters::apple;
namespace ol = adapters::outlook;
namespace tb = adapters::thunderbird;

namespace {

constexpr std::size_t MB = 1024 * 1024;

// A bplist00 whose objects are given as encoded bytes; 1-byte offsets and references.
std::string bplist(const std::vector<std::string>& objects) {
  std::string out = "bplist00";
  std::vector<std::size_t> offsets;
  for (const auto& o : objects) {
    offsets.push_back(out.size());
    out += o;
  }
  std::size_t table = out.size();
  for (auto off : offsets) out.push_back(static_cast<char>(off));
  std::string trailer(6, '\0');
  trailer += '\x01';  // offset size
  trailer += '\x01';  // reference size
  auto be64 = [&](std::uint64_t v) {
    for (int i = 7; i >= 0; --i) trailer.push_back(static_cast<char>(v >> (8 * i)));
  };
  be64(objects.size());
  be64(0);
  be64(table);
  return out + trailer;
}

// An array of `refs` (object indexes).
std::string array_of(const std::vector<int>& refs) {
  std::string o(1, static_cast<char>(0xA0 | refs.size()));
  for (int r : refs) o.push_back(static_cast<char>(r));
  return o;
}

std::string nested_xml_arrays(int depth) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n";
  for (int i = 0; i < depth; ++i) s += "<array>";
  for (int i = 0; i < depth; ++i) s += "</array>";
  return s + "\n</plist>\n";
}

}  // namespace

TEST_SUITE("resource_limits") {
  TEST_CASE("prefs.js: 64 MB are tokenized, one byte more is refused") {
    std::string bytes(tb::kMaxPrefsBytes, ' ');
    auto at_limit = tb::tokenize_prefs(bytes, "big/prefs.js");
    REQUIRE(at_limit.ok());
    CHECK(at_limit->statements.empty());
    bytes.push_back(' ');
    auto over = tb::tokenize_prefs(bytes, "big/prefs.js");
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().message == "big/prefs.js: larger than 64 MB (67108865 bytes), refused");
  }

  TEST_CASE("profiles.ini over 1 MB is refused with the file named") {
    fs::create_directories("root");
    testutil::write_bytes("root/profiles.ini", "[General]\n" + std::string(MB, ';'));
    auto r = tb::read_profiles_ini("root");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == testutil::native("root/profiles.ini") + ": larger than 1 MB, refused");
  }

  TEST_CASE("policies.json over 4 MB is refused with the file named") {
    testutil::write_bytes("policies.json", "{}" + std::string(4 * MB, ' '));
    auto r = tb::read_policy_prefs("policies.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "policies.json: larger than 4 MB, refused");
  }

  TEST_CASE("a .reg value over 16 MB is refused at its line") {
    std::string text = "REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\X]\n\"v\"=hex:";
    text.reserve(text.size() + 3 * (ol::kMaxRegValueBytes + 1));
    for (std::size_t i = 0; i <= ol::kMaxRegValueBytes; ++i) text += "00,";
    text.back() = '\n';
    auto r = ol::parse_reg(text, "big.reg");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "big.reg:4: value larger than 16 MB, refused");
  }

  TEST_CASE("a PRF over 4 MB is refused with the file named") {
    testutil::write_bytes("big.prf", "[General]\r\n" + std::string(4 * MB, ';'));
    auto out = ol::read_prf("big.prf");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == "big.prf: larger than 4 MB, refused");
    CHECK(out.accounts.empty());
  }

  TEST_CASE("a hive nested deeper than 128 keys is refused") {
    std::string path = "Software";
    for (int i = 0; i < 130; ++i) path += "\\k";
    auto hive = ol::build_hive({{path, {ol::make_dword("v", 1)}}});
    REQUIRE(hive.ok());
    auto r = ol::read_hive_bytes(*hive, "NTUSER.DAT");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "NTUSER.DAT: keys nested deeper than 128 levels (corrupt hive?)");
  }

  TEST_CASE("plists over 16 MB are refused before parsing") {
    auto r = ap::parse_plist(std::string(ap::kMaxPlistBytes + 1, ' '), "Accounts.plist");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "Accounts.plist: larger than 16 MB, refused");
  }

  TEST_CASE("an XML plist nested 128 deep parses, 129 is refused") {
    CHECK(ap::parse_plist(nested_xml_arrays(128), "deep.plist").ok());
    auto r = ap::parse_plist(nested_xml_arrays(129), "deep.plist");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "deep.plist: plist nested deeper than 128 levels");
  }

  TEST_CASE("a binary plist with a reference cycle is refused") {
    // Object 0 is an array holding object 1, which holds object 0 again.
    auto bytes = bplist({array_of({1}), array_of({0})});
    auto r = ap::parse_plist(bytes, "cycle.plist");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "cycle.plist: binary plist has a reference cycle at object 0");
  }

  TEST_CASE("a binary plist that expands to more than a million objects is refused") {
    // Object i holds object i+1 twice: 2^21 visits from 22 objects, a few dozen bytes.
    std::vector<std::string> objects;
    for (int i = 0; i < 21; ++i) objects.push_back(array_of({i + 1, i + 1}));
    objects.push_back(std::string("\x10\x07", 2));
    auto r = ap::parse_plist(bplist(objects), "bomb.plist");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "bomb.plist: binary plist expands to more than 1000000 objects");
    // Ten levels (2^11 visits) are fine.
    std::vector<std::string> small;
    for (int i = 0; i < 10; ++i) small.push_back(array_of({i + 1, i + 1}));
    small.push_back(std::string("\x10\x07", 2));
    CHECK(ap::parse_plist(bplist(small), "ok.plist").ok());
  }

  TEST_CASE("a declaration over 4 MB is refused with the file named") {
    auto out = ap::read_declaration_bytes("{}" + std::string(4 * MB, ' '), "mail.json");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == "mail.json: larger than 4 MB, refused");
  }

  TEST_CASE("ISPDB XML over 8 MB is refused with the file named") {
    testutil::write_bytes("big.xml", "<clientConfig version=\"1.1\">" + std::string(8 * MB, ' ') + "</clientConfig>");
    auto r = providers::import_ispdb({"big.xml"});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].text() == "big.xml: larger than 8 MB, refused");
    CHECK(r.providers.empty());
  }
}
