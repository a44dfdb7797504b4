#include <doctest/doctest.h>

#include "support/testutil.hpp"
#include "util/safe_fs.hpp"
#include "util/safe_tree.hpp"
#include "util/sha256.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

namespace {

util::UniqueFd open_dir(const fs::path& p) {
  auto fd = util::open_folder_beneath({}, fs::absolute(p));
  REQUIRE(fd.ok());
  return std::move(fd.value());
}

}  // namespace

TEST_SUITE("util::safe_tree") {
  TEST_CASE("a walk lists folders before their contents, sorted, and a copy is byte-identical and private") {
    testutil::write_bytes("src/b.sqlite", "bee");
    testutil::write_bytes("src/a.sqlite-wal", std::string("w\0al", 4));
    testutil::write_bytes("src/Verified/c", "");
    fs::create_directory("dst");
    auto dst = open_dir("dst");
    const util::TreeCopy copy{dst.get(), util::current_user_id(), util::current_group_id(), "dst"};
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
    if (testutil::files_have_posix_modes()) {
      CHECK((fs::status("dst/b.sqlite").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
      CHECK((fs::status("dst/Verified").permissions() & fs::perms::all) == fs::perms::owner_all);
    }
  }
}
