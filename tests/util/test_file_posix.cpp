// util file cases that only mean something on POSIX: FIFOs, devices, names that are bytes.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>

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

  TEST_CASE("write_file_atomic never replaces a device, a pipe or a folder with a regular file (-o /dev/null)") {
    REQUIRE(testutil::make_fifo("pipe"));
    auto pipe = util::write_file_atomic("pipe", "report");
    REQUIRE_FALSE(pipe);
    CHECK(pipe.error().message ==
          "pipe: not a regular file (a device, pipe or folder): mailmend replaces only regular files; use - for standard output");
    CHECK(std::filesystem::is_fifo(std::filesystem::symlink_status("pipe")));
    std::filesystem::create_directory("dir");
    CHECK_FALSE(util::write_file_atomic("dir", "report"));
    CHECK(std::filesystem::is_directory("dir"));
    if (::mknod("null", S_IFCHR | 0666, makedev(1, 3)) == 0) {  // as root: the device /dev/null is
      CHECK_FALSE(util::write_file_atomic("null", "report"));
      CHECK(std::filesystem::is_character_file(std::filesystem::symlink_status("null")));
    }
    CHECK(util::write_file_atomic("new.json", "report"));  // a new name and a regular file still work
    CHECK(util::write_file_atomic("new.json", "again"));
    CHECK(testutil::read_bytes("new.json") == "again");
  }

  TEST_CASE("path_from_utf8 keeps the bytes of a name, UTF-8 or not (POSIX names are bytes)") {
    CHECK(util::path_from_utf8("p\xFF").native() == "p\xFF");
    CHECK(util::path_from_utf8("a/b").native() == "a/b");
  }
}
