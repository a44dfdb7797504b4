// The hostile in-place Accounts database fix, the cases that only mean something on POSIX:
// symbolic links (Wine cannot create them), FIFOs, a tmpfs that runs out of space, SIGKILL inside
// the transaction (fork), and root working in a folder a user controls.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/accounts_db_writer.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "hostile_accounts_home.hpp"
#include "support/testutil.hpp"
#include "util/identity.hpp"

namespace fs = std::filesystem;

namespace {

using fixture::Home;

constexpr uid_t kUser = 4242;
constexpr gid_t kGroup = 4243;

bool is_root() { return geteuid() == 0; }

#define REQUIRE_ROOT()                                                            \
  do {                                                                            \
    if (!is_root()) {                                                             \
      MESSAGE("skipped: needs root (chown to a throwaway uid); CI runs as root"); \
      return;                                                                     \
    }                                                                             \
  } while (0)

}  // namespace

TEST_SUITE("fix::database hostile") {
  struct UserHome : Home {
    explicit UserHome(bool wal, const std::string& user = "erin") : Home(wal, user) {
      fs::permissions(testutil::scratch(), fs::perms(0755), fs::perm_options::replace);
      fs::permissions(home.parent_path(), fs::perms(0755), fs::perm_options::replace);
      for (const auto& e : fs::recursive_directory_iterator(home)) REQUIRE(lchown(e.path().c_str(), kUser, kGroup) == 0);
      REQUIRE(lchown(home.c_str(), kUser, kGroup) == 0);
    }
  };

  TEST_CASE("a symlink, FIFO or hard link appearing after planning refuses the apply") {
    Home h;
    const fix::Plan plan = h.plan();
    const fs::path outside = testutil::scratch() / "outside";
    testutil::write_bytes(outside, "outside");

    fs::create_symlink(outside, h.folder / "VerifiedBackup" / "link");
    fix::FileResult r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == (h.folder / "VerifiedBackup" / "link").string() + ": is a symlink; refusing");
    fs::remove(h.folder / "VerifiedBackup" / "link");

    REQUIRE(mkfifo((h.folder / "fifo").c_str(), 0600) == 0);
    r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == (h.folder / "fifo").string() + ": is neither a file nor a folder; refusing");
    fs::remove(h.folder / "fifo");

    fs::create_hard_link(outside, h.folder / "hard");
    r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == (h.folder / "hard").string() + ": has 2 hard links; refusing (it may be linked to a file elsewhere)");
    fs::remove(h.folder / "hard");

    CHECK(testutil::read_bytes(outside) == "outside");
    CHECK(h.original_values());
    CHECK(fix::list_backups(h.backups).empty());
  }

  TEST_CASE("the database replaced by a symlink after planning is refused; its target is untouched") {
    Home h;
    const fix::Plan plan = h.plan();
    const fs::path moved = testutil::scratch() / "moved.sqlite";
    fs::rename(h.db, moved);
    fs::create_symlink(moved, h.db);
    const std::string bytes = testutil::read_bytes(moved);
    const fix::FileResult r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.db.string() + ": the path goes through a symbolic link; give the real path " + moved.string());
    CHECK(testutil::read_bytes(moved) == bytes);
  }

  TEST_CASE("a symlink planted after the folder check is caught by the backup walk inside the transaction") {
    Home h;
    const fs::path outside = testutil::scratch() / "outside";
    testutil::write_bytes(outside, "outside");
    const fix::FileResult r = h.apply(h.plan(), h.racing([&] {
      fs::create_symlink(outside, h.folder / "VerifiedBackup" / "late");
    }));
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == (h.folder / "VerifiedBackup" / "late").string() + ": is a symlink; refusing; nothing was changed");
    CHECK(fix::list_backups(h.backups).empty());
    CHECK(testutil::read_bytes(outside) == "outside");
    CHECK(h.original_values());
  }

  TEST_CASE("as root, a backup store others can enter is refused before anything is written") {
    REQUIRE_ROOT();
    Home h;
    fs::create_directories(h.backups);
    fs::permissions(h.backups, fs::perms(0755), fs::perm_options::replace);
    const fix::FileResult r = h.apply(h.plan());
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.backups.string() +
                           ": the backup folder must be a folder owned by root that only root can enter (chmod 700); "
                           "refusing to use it as root; nothing was changed");
    CHECK(h.backup_entries() == 0);
    CHECK(h.original_values());
    // Root-owned 0700 but a symlink to such a folder: refused too.
    fs::remove(h.backups);
    fs::create_directory(testutil::scratch() / "real-store");
    fs::permissions(testutil::scratch() / "real-store", fs::perms(0700), fs::perm_options::replace);
    fs::create_directory_symlink(testutil::scratch() / "real-store", h.backups);
    CHECK(h.apply(h.plan()).outcome == fix::FileOutcome::Refused);
    CHECK(h.original_values());
  }

  TEST_CASE("a backup store that runs out of space leaves the database unchanged") {
    REQUIRE_ROOT();
    Home h;
    // Make the folder larger than the store.
    testutil::write_bytes(h.folder / "big", std::string(256 * 1024, 'b'));
    fs::create_directories(h.backups);
    if (mount("tmpfs", h.backups.c_str(), "tmpfs", 0, "size=128k,mode=0700") != 0) {
      MESSAGE("skipped: cannot mount a tmpfs here");
      return;
    }
    const fix::FileResult r = h.apply(h.plan());
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message.ends_with("/original/big: cannot write: No space left on device; nothing was changed"));
    CHECK(r.message.starts_with(h.backups.string() + "/"));
    CHECK(fix::list_backups(h.backups).empty());
    CHECK(fs::is_empty(h.backups));  // the incomplete backup folder was removed again
    umount(h.backups.c_str());
    CHECK(h.original_values());
  }

  TEST_CASE("restore when the database is gone or replaced by a symlink is refused") {
    Home h;
    const fix::FileResult r = h.apply(h.plan());
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    const fs::path moved = testutil::scratch() / "moved.sqlite";
    fs::rename(h.db, moved);
    fix::RestoreResult out = h.restore(r.backup_id);
    CHECK(out.status == fix::RestoreStatus::Refused);
    CHECK(out.message == h.db.string() + ": cannot open: No such file or directory");
    CHECK_FALSE(fs::exists(h.db));
    fs::create_symlink(moved, h.db);
    const std::string bytes = testutil::read_bytes(moved);
    out = h.restore(r.backup_id, true);
    CHECK(out.status == fix::RestoreStatus::Refused);
    CHECK(out.message == h.db.string() + ": the path goes through a symbolic link; give the real path " + moved.string());
    CHECK(testutil::read_bytes(moved) == bytes);
  }

  TEST_CASE("SIGKILL inside the write transaction leaves the database exactly as before") {
    for (bool wal : {false, true}) {
      CAPTURE(wal);
      Home h(wal, wal ? "wal" : "delete");
      const fix::Plan plan = h.plan();
      REQUIRE(plan.pending_files() == 1);
      const auto cells = plan.files[0].cells;
      const adapters::apple::AccountsDbStore live;
      pid_t pid = fork();
      if (pid == 0) {
        (void)live.write(h.db, cells, core::CellCheck::Before, [](const std::vector<core::CellChange>&) {
          raise(SIGKILL);
          return util::Status{};
        });
        _exit(0);
      }
      int status = 0;
      REQUIRE(waitpid(pid, &status, 0) == pid);
      CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
      CHECK(h.integrity() == "ok");
      CHECK(h.original_values());
      CHECK(h.accounts() == 2);
      // The lock died with the process.
      CHECK(h.apply(plan).outcome == fix::FileOutcome::Applied);
      CHECK(h.fixed_values());
    }
  }

  TEST_CASE("as root, a -wal or -shm symlink planted after the folder check never touches root's file") {
    REQUIRE_ROOT();
    for (const std::string suffix : {"-wal", "-shm"}) {
      CAPTURE(suffix);
      UserHome h(true, suffix.substr(1));
      const fs::path roots = testutil::scratch() / ("root-file" + suffix);
      testutil::write_bytes(roots, "root's own bytes");
      fs::permissions(roots, fs::perms(0644), fs::perm_options::replace);
      const fix::Plan plan = h.plan();
      REQUIRE(plan.pending_files() == 1);
      const fs::path link = h.db.string() + suffix;
      const fix::FileResult r = h.apply(plan, h.racing([&] {
        std::error_code ec;
        fs::remove(link, ec);
        fs::create_symlink(roots, link);
        REQUIRE(lchown(link.c_str(), kUser, kGroup) == 0);
      }));
      INFO(r.message);
      CHECK(r.outcome != fix::FileOutcome::Applied);
      CHECK(testutil::read_bytes(roots) == "root's own bytes");
      struct stat st {};
      REQUIRE(stat(roots.c_str(), &st) == 0);
      CHECK(st.st_uid == 0u);
      CHECK(st.st_size == 16);
      CHECK(geteuid() == 0u);
      fs::remove(link);
      CHECK(h.original_values());
    }
  }

  TEST_CASE("as root, a database whose group is root is refused rather than run with group root") {
    REQUIRE_ROOT();
    UserHome h(false);
    REQUIRE(lchown(h.db.c_str(), kUser, 0) == 0);
    const fix::FileResult r = h.apply(h.plan());
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.db.string() + ": group 0 is root's; refusing to take it for uid 4242");
    CHECK(h.original_values());
    CHECK(getegid() == 0u);
  }

  TEST_CASE("ScopedIdentity never takes group 0 for another user") {
    REQUIRE_ROOT();
    auto as_user = util::ScopedIdentity::become(kUser, 0);
    REQUIRE_FALSE(as_user.ok());
    CHECK(as_user.error().message == "group 0 is root's; refusing to take it for uid 4242");
    CHECK(geteuid() == 0u);
    CHECK(getegid() == 0u);
  }
}
