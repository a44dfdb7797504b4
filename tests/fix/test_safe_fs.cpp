#include <doctest/doctest.h>

#include "support/testutil.hpp"
#include "util/safe_fs.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

TEST_SUITE("util::safe_fs") {
  TEST_CASE("a folder outside the root or reached through '..' is refused") {
    const fs::path root = testutil::scratch() / "root";
    fs::create_directories(root / "a");
    fs::create_directories(testutil::scratch() / "other");
    auto escaped = util::open_folder_beneath(root, root / "a" / ".." / ".." / "other");
    REQUIRE(!escaped);
    CHECK(escaped.error().message == (testutil::scratch() / "other").string() + ": is not inside " + root.string());
    CHECK(util::open_folder_beneath(root, root / "a"));
    CHECK(util::open_folder_beneath(root, root));
  }

  TEST_CASE("read_fd refuses a file over the limit") {
    testutil::write_bytes("big", std::string(100, 'x'));
    auto folder = util::open_folder_beneath({}, testutil::scratch());
    auto file = util::open_regular_file_at(folder->get(), "big", "big");
    REQUIRE(file);
    auto bytes = util::read_fd(file->get(), "big", 99);
    REQUIRE(!bytes);
    CHECK(bytes.error().message == "big: larger than 99 bytes");
  }

  TEST_CASE("replace_file_at reports each step and stale temporary files can be removed") {
    const fs::path dir = testutil::scratch();
    auto folder = util::open_folder_beneath({}, dir);
    std::vector<std::string> steps;
    util::AtomicWrite how{util::current_user_id(), util::current_group_id(), 0644, [&](std::string_view s) { steps.emplace_back(s); }};
    REQUIRE(util::replace_file_at(folder->get(), "f", "abc", how, dir / "f"));
    CHECK(steps == std::vector<std::string>{"mid-write", "before-rename", "after-rename"});
    testutil::write_bytes(dir / ".f.mailmend-0123456789ab.tmp", "partial");
    testutil::write_bytes(dir / ".g.mailmend-0123456789ab.tmp", "other file's");
    CHECK(util::remove_stale_temp_files_at(folder->get(), "f") == 1);
    CHECK(!fs::exists(dir / ".f.mailmend-0123456789ab.tmp"));
    CHECK(fs::exists(dir / ".g.mailmend-0123456789ab.tmp"));
  }
}
