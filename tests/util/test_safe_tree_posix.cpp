// util::safe_tree cases that only mean something on POSIX: symbolic links (Wine cannot create
// them), FIFOs and file owners.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "support/testutil.hpp"
#include "util/safe_fs.hpp"
#include "util/safe_tree.hpp"

namespace fs = std::filesystem;

namespace {

std::string walk_error(const fs::path& p, const util::TreeLimits& limits = {}) {
  auto folder = util::open_folder_beneath({}, fs::absolute(p));
  REQUIRE(folder.ok());
  auto out = util::walk_tree_at(folder->get(), p, limits);
  REQUIRE_FALSE(out.ok());
  return out.error().message;
}

}  // namespace

TEST_SUITE("util::safe_tree") {
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
