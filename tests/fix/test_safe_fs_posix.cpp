// util::safe_fs cases that only mean something on POSIX: symbolic links (Wine cannot create them),
// FIFOs and mode bits.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/testutil.hpp"
#include "util/safe_fs.hpp"

namespace fs = std::filesystem;

TEST_SUITE("util::safe_fs") {
  TEST_CASE("a symlink or a file among the components is refused") {
    const fs::path root = testutil::scratch() / "root";
    fs::create_directories(root / "real" / "deeper");
    fs::create_directory_symlink(root / "real", root / "link");
    testutil::write_bytes(root / "file", "x");
    auto through_link = util::open_folder_beneath(root, root / "link" / "deeper");
    REQUIRE(!through_link);
    CHECK(through_link.error().message == (root / "link").string() + ": is a symlink; refusing to follow it");
    auto through_file = util::open_folder_beneath(root, root / "file" / "x");
    REQUIRE(!through_file);
    CHECK(through_file.error().message == (root / "file").string() + ": is not a folder");
    // Without a root, the path is opened as given.
    CHECK(util::open_folder_beneath({}, root / "link" / "deeper"));
  }

  TEST_CASE("only a regular file with one link is opened, and a FIFO does not block") {
    const fs::path dir = testutil::scratch();
    auto folder = util::open_folder_beneath({}, dir);
    REQUIRE(folder);
    REQUIRE(mkfifo((dir / "fifo").c_str(), 0600) == 0);
    auto fifo = util::open_regular_file_at(folder->get(), "fifo", dir / "fifo");
    REQUIRE(!fifo);
    CHECK(fifo.error().message == (dir / "fifo").string() + ": is not a regular file");
    testutil::write_bytes(dir / "one", "1");
    fs::create_hard_link(dir / "one", dir / "two");
    auto linked = util::open_regular_file_at(folder->get(), "one", dir / "one");
    REQUIRE(!linked);
    CHECK(linked.error().message ==
          (dir / "one").string() + ": has 2 hard links; refusing (it may be linked to a file elsewhere)");
    fs::create_symlink(dir / "one", dir / "sym");
    auto sym = util::open_regular_file_at(folder->get(), "sym", dir / "sym");
    REQUIRE(!sym);
    CHECK(sym.error().message == (dir / "sym").string() + ": is a symlink; refusing to follow it");
  }

  TEST_CASE("create_file_at never overwrites and never writes through a symlink") {
    const fs::path dir = testutil::scratch();
    auto folder = util::open_folder_beneath({}, dir);
    testutil::write_bytes(dir / "target", "keep");
    fs::create_symlink(dir / "target", dir / "link");
    util::Status s = util::create_file_at(folder->get(), "link", "new", getuid(), getgid(), 0600, dir / "link");
    REQUIRE(!s);
    CHECK(s.error().message == (dir / "link").string() + ": cannot create: File exists");
    CHECK(testutil::read_bytes(dir / "target") == "keep");
    REQUIRE(util::create_file_at(folder->get(), "fresh", "new", getuid(), getgid(), 0640, dir / "fresh"));
    struct stat st {};
    stat((dir / "fresh").c_str(), &st);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(testutil::read_bytes(dir / "fresh") == "new");
  }

  TEST_CASE("replace_file_at replaces a planted symlink itself, not the file it points to") {
    const fs::path dir = testutil::scratch();
    auto folder = util::open_folder_beneath({}, dir);
    testutil::write_bytes(dir / "target", "keep");
    fs::create_symlink(dir / "target", dir / "name");
    REQUIRE(util::replace_file_at(folder->get(), "name", "new bytes", {getuid(), getgid(), 0600, {}}, dir / "name"));
    CHECK(testutil::read_bytes(dir / "target") == "keep");
    CHECK(!fs::is_symlink(dir / "name"));
    CHECK(testutil::read_bytes(dir / "name") == "new bytes");
  }
}
