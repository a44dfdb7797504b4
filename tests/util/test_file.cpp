#include <doctest/doctest.h>

#include <sys/stat.h>

#include "support/testutil.hpp"
#include "util/file.hpp"

TEST_SUITE("util file") {
  TEST_CASE("read_file returns the exact bytes, NULs included") {
    std::string bytes("a\0b\r\n", 5);
    testutil::write_bytes("f.bin", bytes);
    auto r = util::read_file("f.bin");
    REQUIRE(r);
    CHECK(*r == bytes);
  }

  TEST_CASE("read_file refuses a file over the limit with a one-line error naming it") {
    testutil::write_bytes("big.js", std::string(2 * 1024 * 1024 + 1, 'x'));
    auto r = util::read_file("big.js", 2 * 1024 * 1024);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "big.js: larger than 2 MB, refused");
  }

  TEST_CASE("read_file names a missing file and refuses a folder") {
    CHECK(util::read_file("nope.js").error().message == "nope.js: cannot open: No such file or directory");
    std::filesystem::create_directory("dir");
    CHECK(util::read_file("dir").error().message == "dir: is a folder, not a file");
  }

  TEST_CASE("write_file_atomic replaces the whole file and leaves no temporary behind") {
    testutil::write_bytes("out.json", "old content that is longer");
    REQUIRE(util::write_file_atomic("out.json", "new"));
    CHECK(testutil::read_bytes("out.json") == "new");
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(".")) ++entries;
    CHECK(entries == 1);
    CHECK_FALSE(util::write_file_atomic("missing-dir/out.json", "x"));
  }
}
