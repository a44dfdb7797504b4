#include <doctest/doctest.h>

#include "adapters/outlook/hive.hpp"
#include "adapters/outlook/hivebuild.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;

TEST_SUITE("hivebuild") {
  TEST_CASE("the seed is an empty, clean 8 KiB hive that hivex opens") {
    auto seed = minimal_hive_seed();
    CHECK(seed.size() == 8192);
    CHECK(seed.substr(0, 4) == "regf");
    CHECK(seed.substr(4096, 4) == "hbin");
    CHECK(hive_dirty_reason("seed.dat", seed).english == "");
    testutil::write_bytes("seed.dat", seed);
    auto snap = read_hive("seed.dat");
    REQUIRE(snap.ok());
    CHECK(snap->root.children().empty());
    CHECK(snap->root.values().empty());
  }

  TEST_CASE("a built hive holds exactly the keys and values asked for, and builds are reproducible") {
    std::vector<HiveKeySpec> spec{{"Software\\A\\B", {make_dword("N", 7), make_binary_text("S", "text")}},
                                  {"Software\\A", {make_sz("", "default")}}};
    auto bytes = build_hive(spec);
    REQUIRE(bytes.ok());
    auto again = build_hive(spec);
    REQUIRE(again.ok());
    CHECK(*bytes == *again);
    testutil::write_bytes("built.dat", *bytes);
    auto snap = read_hive("built.dat");
    REQUIRE(snap.ok());
    const RegKey* b = snap->find("Software\\A\\B");
    REQUIRE(b);
    CHECK(b->full_path() == "Software\\A\\B");
    REQUIRE(b->values().size() == 2);
    CHECK(b->values()[0].name == "N");
    CHECK(b->values()[0].type == regtype::Dword);
    CHECK(b->values()[0].data == le32(7));
    CHECK(b->values()[1].data == utf8_to_utf16le_nul("text"));
    CHECK(value_text(*snap->find("Software\\A")->value("")) == "default");
  }
}
