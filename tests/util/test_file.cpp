#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "support/testutil.hpp"
#include "util/file.hpp"

TEST_SUITE("util file") {
  TEST_CASE("an open file's version: the same while untouched, another once written or replaced") {
    testutil::write_bytes("v.txt", "one");
    const auto version_now = [] {
      auto opened = util::OpenRegularFile::open("v.txt");
      REQUIRE(opened.ok());
      return opened->version();
    };
    const util::FileVersion first = version_now();
    CHECK(first.size == 3);
    CHECK(version_now() == first);
    testutil::write_bytes("v.txt", "two");  // the same size, written again
    std::filesystem::last_write_time("v.txt", std::filesystem::last_write_time("v.txt") + std::chrono::seconds(2));
    const util::FileVersion written = version_now();
    CHECK_FALSE(written == first);
    CHECK(written.size == 3);
    testutil::write_bytes("w.txt", "two");
    std::filesystem::last_write_time("w.txt", std::filesystem::last_write_time("v.txt"));
    std::filesystem::rename("w.txt", "v.txt");  // the same bytes and time, another file
    CHECK_FALSE(version_now() == written);
  }

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
    CHECK(util::read_file("nope.js").error().message == "nope.js: cannot open: " + testutil::missing_file_error());
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

TEST_SUITE("util file") {
  TEST_CASE("read_file_head gives at most the first bytes; copy_regular_file copies exactly, private and new") {
    testutil::write_bytes("f", std::string("abc\0def", 7));
    CHECK(util::read_file_head("f", 4) == "abc" + std::string(1, '\0'));
    CHECK(util::read_file_head("f", 100) == std::string("abc\0def", 7));
    CHECK(util::read_file_head("missing", 4).empty());
    REQUIRE(util::copy_regular_file("f", "g", 7));
    CHECK(testutil::read_bytes("g") == std::string("abc\0def", 7));
    if (testutil::files_have_posix_modes()) {
      CHECK((std::filesystem::status("g").permissions() & std::filesystem::perms::all) ==
            (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    }
    CHECK(util::copy_regular_file("f", "g", 7).error().message.starts_with("g: cannot create: "));
    CHECK(util::copy_regular_file("f", "h", 6).error().message == "f: larger than 0 MB, refused");
  }

  TEST_CASE("reopen_path opens the file that was opened, not what is renamed into its name later") {
    testutil::write_bytes("a", "first");
    auto file = util::OpenRegularFile::open("a");
    REQUIRE(file);
    testutil::write_bytes("b", "second");
    std::error_code renamed;
    std::filesystem::rename("b", "a", renamed);
    // POSIX renames over the open file's name; Windows refuses while the file is open.
    CHECK(!renamed == testutil::open_files_can_be_renamed_over());
    CHECK(testutil::read_bytes(file->reopen_path()) == "first");
  }
}
