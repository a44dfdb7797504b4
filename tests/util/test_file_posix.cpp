// util file cases that only mean something on POSIX: FIFOs, devices, names that are bytes.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include "support/testutil.hpp"
#include "util/file.hpp"

TEST_SUITE("util file") {
  TEST_CASE("a FIFO, a device or a folder is refused without blocking, by read_file, read_file_head and copy") {
    REQUIRE(::mkfifo("fifo", 0600) == 0);
    auto r = util::read_file("fifo");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "fifo: is not a regular file (a FIFO, device or socket); refused");
    CHECK(util::read_file_head("fifo", 16).empty());
    auto c = util::copy_regular_file("fifo", "copy", 1024);
    REQUIRE_FALSE(c);
    CHECK(c.error().message == "fifo: is not a regular file (a FIFO, device or socket); refused");
    CHECK(util::read_file("/dev/zero").error().message ==
          "/dev/zero: is not a regular file (a FIFO, device or socket); refused");
    std::filesystem::create_directory("dir");
    CHECK(util::read_file("dir").error().message == "dir: is a folder, not a file");
  }

  TEST_CASE("path_from_utf8 keeps the bytes of a name, UTF-8 or not (POSIX names are bytes)") {
    CHECK(util::path_from_utf8("p\xFF").native() == "p\xFF");
    CHECK(util::path_from_utf8("a/b").native() == "a/b");
  }
}
