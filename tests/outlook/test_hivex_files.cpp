#include <doctest/doctest.h>

#include <hivex.h>

#include <cstdlib>
#include <memory>

#include "adapters/outlook/hivebuild.hpp"
#include "adapters/outlook/hivex_files.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;
namespace fs = std::filesystem;

namespace {

// The name of the first key under the root of the hive hivex opens by `name`; "" when it cannot.
std::string first_key(const std::string& name) {
  std::unique_ptr<hive_h, int (*)(hive_h*)> h(hivex_open(name.c_str(), 0), hivex_close);
  if (!h) return "";
  std::unique_ptr<hive_node_h, void (*)(void*)> children(hivex_node_children(h.get(), hivex_root(h.get())), std::free);
  if (!children || !children.get()[0]) return "";
  std::unique_ptr<char, void (*)(void*)> key(hivex_node_name(h.get(), children.get()[0]), std::free);
  return key ? key.get() : "";
}

std::string hive_with_key(const std::string& key) {
  auto bytes = build_hive({{key, {make_dword("V", 1)}}});
  REQUIRE(bytes.ok());
  return *bytes;
}

}  // namespace

TEST_SUITE("hivex_files") {
  TEST_CASE("a scratch folder holds exactly the bytes put there under a name hivex opens, and goes with what it holds") {
    fs::path where;
    {
      auto scratch = HivexScratch::create();
      REQUIRE(scratch.ok());
      where = scratch->path();
      auto name = scratch->put("h.dat", hive_with_key("Kept"));
      REQUIRE(name.ok());
      CHECK(testutil::read_bytes(where / "h.dat") == hive_with_key("Kept"));
      CHECK(first_key(*name) == "Kept");
      CHECK(first_key(scratch->hivex_name("h.dat")) == "Kept");
      testutil::write_bytes(where / "other.dat", "left behind?");
    }
    CHECK_FALSE(fs::exists(where));
  }

  TEST_CASE("hivex reads the file that was opened, not what is renamed over its path afterwards") {
    testutil::write_bytes("NTUSER.DAT", hive_with_key("Original"));
    auto input = HivexInput::open("NTUSER.DAT");
    REQUIRE(input.ok());
    testutil::write_bytes("swap.dat", hive_with_key("Swapped"));
    fs::rename("swap.dat", "NTUSER.DAT");
    CHECK(first_key(input->hivex_name()) == "Original");
    CHECK(input->size() == hive_with_key("Original").size());
    CHECK(input->head(4) == "regf");
  }

  TEST_CASE("a missing file or a folder is an error naming it") {
    auto missing = HivexInput::open("absent.dat");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.starts_with("absent.dat: cannot open: "));
    fs::create_directory("dir.dat");
    auto folder = HivexInput::open("dir.dat");
    REQUIRE_FALSE(folder.ok());
    CHECK(folder.error().message == "dir.dat: is a folder, not a file");
  }
}
