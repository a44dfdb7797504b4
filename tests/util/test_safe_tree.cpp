#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/testutil.hpp"
#include "util/safe_fs.hpp"
#include "util/safe_tree.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;

namespace {

util::UniqueFd open_dir(const fs::path& p) {
  auto fd = util::open_folder_beneath({}, fs::absolute(p));
  REQUIRE(fd.ok());
  return std::move(fd.value());
}

std::string walk_error(const fs::path& p, const util::TreeLimits& limits = {}) {
  auto out = util::walk_tree_at(open_dir(p).get(), p, limits);
  REQUIRE_FALSE(out.ok());
  return out.error().message;
}

}  // namespace

TEST_SUITE("util::safe_tree") {
  TEST_CASE("a walk lists folders before their contents, sorted, and a copy is byte-identical and private") {
    testutil::write_bytes("src/b.sqlite", "bee");
    testutil::write_bytes("src/a.sqlite-wal", std::string("w\0al", 4));
    testutil::write_bytes("src/Verified/c", "");
    fs::create_directory("dst");
    auto dst = open_dir("dst");
    const util::TreeCopy copy{dst.get(), geteuid(), getegid(), "dst"};
    auto out = util::walk_tree_at(open_dir("src").get(), "src", {}, &copy);
    REQUIRE(out.ok());
    REQUIRE(out->size() == 4);
    CHECK((*out)[0].path == "Verified");
    CHECK((*out)[0].folder);
    CHECK((*out)[1].path == "Verified/c");
    CHECK((*out)[2].path == "a.sqlite-wal");
    CHECK((*out)[2].size == 4);
    CHECK((*out)[2].sha256 == util::sha256_hex(std::string("w\0al", 4)));
    CHECK((*out)[3].path == "b.sqlite");
    CHECK(testutil::read_bytes("dst/a.sqlite-wal") == std::string("w\0al", 4));
    CHECK(testutil::read_bytes("dst/b.sqlite") == "bee");
    CHECK(testutil::read_bytes("dst/Verified/c").empty());
    CHECK((fs::status("dst/b.sqlite").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK((fs::status("dst/Verified").permissions() & fs::perms::all) == fs::perms::owner_all);
  }

  TEST_CASE("symlinks, special files, hard links, other owners and the limits are refused by name") {
    testutil::write_bytes("t/db", "x");
    testutil::write_bytes("outside", "secret");
    fs::create_symlink(fs::absolute("outside"), "t/db-wal");
    CHECK(walk_error("t") == "t/db-wal: is a symlink; refusing");
    fs::remove("t/db-wal");
    REQUIRE(::mkfifo("t/fifo", 0600) == 0);
    CHECK(walk_error("t") == "t/fifo: is neither a file nor a folder; refusing");
    fs::remove("t/fifo");
    fs::create_hard_link("t/db", "t2");
    CHECK(walk_error("t") == "t/db: has 2 hard links; refusing (it may be linked to a file elsewhere)");
    fs::remove("t2");
    util::TreeLimits other;
    other.owner = geteuid() + 1;
    CHECK(walk_error("t", other) == "t/db: owned by uid " + std::to_string(geteuid()) + ", not uid " +
                                        std::to_string(geteuid() + 1) + "; refusing");
    util::TreeLimits small;
    small.max_file_bytes = 0;
    CHECK(walk_error("t", small) == "t/db: too large to back up; refusing");
    testutil::write_bytes("deep/1/2/3/f", "");
    util::TreeLimits shallow;
    shallow.max_depth = 2;
    CHECK(walk_error("deep", shallow) == "deep/1/2/3: folders nested too deeply; refusing");
    util::TreeLimits few;
    few.max_entries = 2;
    CHECK(walk_error("deep", few) == "deep/1/2: too many entries; refusing");
  }
}
