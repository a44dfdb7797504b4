// The in-place Accounts database fix, the cases that only mean something on POSIX: symbolic links
// (Wine cannot create them), a process named Mail (fork, exec, /proc), a kill (fork, SIGKILL), and
// root working with a user's ids.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "accounts_home.hpp"
#include "child.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

using AccountsHome = fixture::AccountsHome;

// A process whose name is exactly "Mail" (a copy of sleep), for the running-client refusal.
struct FakeMail {
  pid_t pid = -1;
  FakeMail() {
    static int made = 0;
    const fs::path exe = testutil::scratch() / ("bin" + std::to_string(++made)) / "Mail";
    fs::create_directories(exe.parent_path());
    fs::copy_file("/bin/sleep", exe);
    fs::permissions(exe, fs::perms(0755), fs::perm_options::replace);
    pid = fork();
    if (pid == 0) {
      execl(exe.c_str(), "Mail", "30", static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait until /proc shows the new name (after exec).
    for (int i = 0; i < 200; ++i) {
      std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
      std::string name;
      if (std::getline(comm, name) && name == "Mail") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~FakeMail() {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

}  // namespace

TEST_SUITE("fix::database") {
  TEST_CASE("a symlink in the Accounts folder refuses planning and applying; its target is untouched") {
    AccountsHome h;
    const fs::path outside = testutil::scratch() / "outside";
    testutil::write_bytes(outside, "not a wal file");
    const fix::Plan plan = h.plan();
    REQUIRE(plan.pending_files() == 1);
    fs::create_symlink(outside, h.folder / "Accounts4.sqlite-wal");
    const fix::Plan replanned = h.plan();
    CHECK(replanned.files[0].refused == (h.folder / "Accounts4.sqlite-wal").string() + ": is a symlink; refusing");
    const fix::ApplyResult result = fix::apply_plan(plan, h.options());
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == (h.folder / "Accounts4.sqlite-wal").string() + ": is a symlink; refusing");
    CHECK(testutil::read_bytes(outside) == "not a wal file");
    fs::remove(h.folder / "Accounts4.sqlite-wal");
    CHECK(h.original_values());
    CHECK(fix::list_backups(h.backups).empty());
  }

  TEST_CASE("a database reached through a symlinked path is refused with the real path") {
    AccountsHome h;
    fs::create_directory_symlink(h.home, testutil::scratch() / "erin-link");
    const fs::path via = testutil::scratch() / "erin-link";
    // The audit was run through the link: its origins name the linked path.
    core::Report report = h.report();
    for (auto& f : report.findings) f.origin.file = (via / "Library/Accounts/Accounts4.sqlite").string();
    const fix::Plan linked = fix::make_plan(report, {&h.adapter}, {}, {}, fix::PlanOptions{true});
    REQUIRE(linked.files.size() == 1);
    CHECK(linked.files[0].refused == (via / "Library/Accounts/Accounts4.sqlite").string() +
                                         ": the path goes through a symbolic link; give the real path " + h.db.string());
  }

  TEST_CASE("Mail running refuses the fix and the restore") {
    AccountsHome h;
    const fix::Plan plan = h.plan();
    std::string id;
    {
      FakeMail mail;
      const fix::ApplyResult result = fix::apply_plan(plan, h.options());
      CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
      CHECK(result.files[0].message.starts_with(h.db.string() + ": Mail is running (pid " + std::to_string(mail.pid) +
                                                "): quit Mail first"));
      CHECK(h.original_values());
    }
    const fix::ApplyResult result = fix::apply_plan(plan, h.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    FakeMail mail;
    const fix::RestoreResult r = fix::restore_backup(h.backups, result.files[0].backup_id, false, {h.home}, {&h.adapter});
    CHECK(r.status == fix::RestoreStatus::Refused);
    CHECK(h.fixed_values());
  }

  TEST_CASE("killed right after the backup: the database is unchanged and restore finds it original") {
    AccountsHome h;
    const fix::Plan plan = h.plan();
    REQUIRE(child::apply_with_crash_at(plan, h.options(), "after-backup").killed);
    CHECK(h.original_values());
    const auto backups = fix::list_backups(h.backups);
    REQUIRE(backups.size() == 1);
    CHECK(fix::restore_backup(h.backups, backups[0].id, false, {h.home}, {&h.adapter}).status ==
          fix::RestoreStatus::AlreadyOriginal);
    // The transaction died with the process: a new apply goes through.
    CHECK(fix::apply_plan(plan, h.options()).files[0].outcome == fix::FileOutcome::Applied);
    CHECK(h.fixed_values());
  }

  TEST_CASE("as root, a fix in another user's Accounts folder works with that user's ids") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (chown to a throwaway uid); CI runs as root");
      return;
    }
    AccountsHome h;
    // The user must be able to reach its home, as on a real machine (mkdtemp made scratch 0700).
    fs::permissions(testutil::scratch(), fs::perms(0755), fs::perm_options::replace);
    fs::permissions(h.home.parent_path(), fs::perms(0755), fs::perm_options::replace);
    constexpr uid_t kUser = 4242;
    constexpr gid_t kGroup = 4243;
    for (const fs::path& p : {h.home, h.home / "Library", h.folder, h.db, h.folder / "VerifiedBackup",
                              h.folder / "VerifiedBackup" / "Accounts4.sqlite"}) {
      REQUIRE(lchown(p.c_str(), kUser, kGroup) == 0);
    }
    const fix::ApplyResult result = fix::apply_plan(h.plan(), h.options());
    INFO(result.files[0].message);
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(h.fixed_values());
    struct stat st {};
    REQUIRE(stat(h.db.c_str(), &st) == 0);
    CHECK(st.st_uid == kUser);
    CHECK(geteuid() == 0u);  // the process is root again afterwards
    CHECK(getegid() == 0u);
    // The backup store stays root's; the copy belongs to the user, inside it.
    REQUIRE(stat(h.backups.c_str(), &st) == 0);
    CHECK(st.st_uid == 0u);
    const fs::path copy = h.backups / result.files[0].backup_id / "original" / "Accounts4.sqlite";
    REQUIRE(stat(copy.c_str(), &st) == 0);
    CHECK(st.st_uid == kUser);
    CHECK((st.st_mode & 07777) == 0600);

    // A root-owned file planted in the user's folder is refused.
    testutil::write_bytes(h.folder / "planted", "root's");
    const fix::Plan plan = h.plan();
    CHECK(plan.files[0].refused ==
          (h.folder / "planted").string() + ": owned by uid 0, not uid 4242; refusing");
  }
}
