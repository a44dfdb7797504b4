#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "child.hpp"
#include "fake_adapter.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "fix/target.hpp"
#include "fixture.hpp"
#include "posix_stat.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

constexpr uid_t kOwner = 4242;
constexpr gid_t kGroup = 4243;

#define REQUIRE_ROOT()                                                            \
  do {                                                                            \
    if (geteuid() != 0) {                                                         \
      MESSAGE("skipped: needs root (chown to a throwaway uid); CI runs as root"); \
      return;                                                                     \
    }                                                                             \
  } while (0)

void own(const fs::path& p, uid_t uid = kOwner, gid_t gid = kGroup) { REQUIRE(lchown(p.c_str(), uid, gid) == 0); }

using setup::stat_of;

// A throwaway user's home (uid 4242) with .fake/fake.conf, and a root-owned file outside it.
struct Home {
  fs::path home = testutil::scratch() / "home" / "alice";
  fs::path folder = home / ".fake";
  fs::path file = folder / "fake.conf";
  fs::path outside_folder = testutil::scratch() / "outside";
  fs::path outside = outside_folder / "fake.conf";
  fs::path backups = testutil::scratch() / "backups";
  fake::Adapter adapter;

  Home() {
    testutil::write_bytes(file, fixture::kTwoAccounts);
    fs::permissions(file, fs::perms(0600), fs::perm_options::replace);
    own(home);
    own(folder);
    own(file);
    testutil::write_bytes(outside, fixture::kTwoAccounts);
  }
  fix::Plan plan() const { return fix::make_plan(fake::audit(adapter, {file}), {&adapter}, {}, {home}); }
  fix::ApplyOptions options() const { return {backups, {home}, {}, {}}; }
  void outside_untouched() const {
    CHECK(testutil::read_bytes(outside) == fixture::kTwoAccounts);
    CHECK(stat_of(outside).st_uid == 0u);
  }
};

}  // namespace

TEST_SUITE("fix::root_safety") {
  TEST_CASE("a fix inside another user's home keeps its owner, and so do the temp file and the backup") {
    REQUIRE_ROOT();
    Home h;
    const fix::Plan plan = h.plan();
    REQUIRE(plan.pending_files() == 1);
    // Stop just before the rename to look at the temporary file.
    REQUIRE(child::apply_with_crash_at(plan, h.options(), "before-rename").killed);
    fs::path temp;
    for (const auto& e : fs::directory_iterator(h.folder)) {
      if (e.path().filename() != "fake.conf") temp = e.path();
    }
    REQUIRE(!temp.empty());
    CHECK(stat_of(temp).st_uid == kOwner);
    CHECK(stat_of(temp).st_gid == kGroup);
    CHECK((stat_of(temp).st_mode & 07777) == 0600);
    const auto backups = fix::list_backups(h.backups);
    REQUIRE(backups.size() == 1);
    CHECK(backups[0].home == h.home);
    CHECK(stat_of(h.backups / backups[0].id).st_uid == kOwner);
    CHECK(stat_of(h.backups / backups[0].id / "original").st_uid == kOwner);
    CHECK(fix::restore_backup(h.backups, backups[0].id, false).status == fix::RestoreStatus::AlreadyOriginal);
    CHECK(!fs::exists(temp));

    const fix::ApplyResult result = fix::apply_plan(plan, h.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(testutil::read_bytes(h.file) == fixture::kTwoAccountsFixed);
    CHECK(stat_of(h.file).st_uid == kOwner);
    CHECK(stat_of(h.file).st_gid == kGroup);
    CHECK((stat_of(h.file).st_mode & 07777) == 0600);
  }

  TEST_CASE("a symlink planted as the file is refused and its target untouched") {
    REQUIRE_ROOT();
    Home h;
    fs::remove(h.file);
    fs::create_symlink(h.outside, h.file);
    const fix::Plan plan = h.plan();
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == h.file.string() + ": is a symlink; refusing to follow it");
    CHECK(fix::apply_plan(plan, h.options()).files[0].outcome == fix::FileOutcome::Refused);
    h.outside_untouched();
    CHECK(fs::is_symlink(h.file));
  }

  TEST_CASE("a hard link to a file outside the home is refused and the file untouched") {
    REQUIRE_ROOT();
    Home h;
    fs::remove(h.file);
    fs::create_hard_link(h.outside, h.file);
    const fix::Plan plan = h.plan();
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused ==
          h.file.string() + ": has 2 hard links; refusing (it may be linked to a file elsewhere)");
    h.outside_untouched();
  }

  TEST_CASE("a symlinked folder inside the home is refused and the folder it points to untouched") {
    REQUIRE_ROOT();
    Home h;
    fs::remove_all(h.folder);
    fs::create_symlink(h.outside_folder, h.folder);
    own(h.folder);
    own(h.outside);  // even a file the owner could have written: the path is not followed
    const fix::Plan plan = h.plan();
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == h.folder.string() + ": is a symlink; refusing to follow it");
    CHECK(testutil::read_bytes(h.outside) == fixture::kTwoAccounts);
  }

  TEST_CASE("a file in the home that the home's owner does not own is refused") {
    REQUIRE_ROOT();
    Home h;
    own(h.file, 0, 0);
    const fix::Plan plan = h.plan();
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == h.file.string() + ": owned by uid 0, not by the owner of " + h.home.string() +
                                       " (uid 4242); refusing");
  }

  TEST_CASE("a symlink swapped in after planning is refused at apply") {
    REQUIRE_ROOT();
    Home h;
    const fix::Plan plan = h.plan();
    REQUIRE(plan.pending_files() == 1);
    fs::remove(h.file);
    fs::create_symlink(h.outside, h.file);
    const fix::ApplyResult result = fix::apply_plan(plan, h.options());
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == h.file.string() + ": is a symlink; refusing to follow it");
    h.outside_untouched();
    CHECK(!fs::exists(h.backups));
  }

  TEST_CASE("a folder swapped for a symlink after planning is refused at apply") {
    REQUIRE_ROOT();
    Home h;
    const fix::Plan plan = h.plan();
    fs::rename(h.folder, h.home / ".fake-moved");
    fs::create_symlink(h.outside_folder, h.folder);
    const fix::ApplyResult result = fix::apply_plan(plan, h.options());
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == h.folder.string() + ": is a symlink; refusing to follow it");
    h.outside_untouched();
  }

  TEST_CASE("restore does not follow a symlink planted after the fix") {
    REQUIRE_ROOT();
    Home h;
    const fix::ApplyResult result = fix::apply_plan(h.plan(), h.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    fs::remove(h.file);
    fs::create_symlink(h.outside, h.file);
    const fix::RestoreResult r = fix::restore_backup(h.backups, result.files[0].backup_id, true);
    CHECK(r.status == fix::RestoreStatus::Refused);
    CHECK(r.message == h.file.string() + ": is a symlink; refusing to follow it");
    h.outside_untouched();
  }

  TEST_CASE("the home of a file is the longest given home that contains it") {
    const fs::path a = "/srv/homes/a";
    CHECK(fix::home_for("/srv/homes/a/.thunderbird/x/prefs.js", {"/srv/homes", a}) == a);
    CHECK(fix::home_for("/srv/homes/a/../b/prefs.js", {a}) != a);
    CHECK(fix::home_for("/srv/homes/ab/prefs.js", {a}) != a);
    CHECK(fix::home_for("/srv/homes/a/", {"/srv/homes/a/"}) != a);  // the home itself is not inside it
    CHECK(fix::home_for("/srv/homes/a/x", {"/srv/homes/a/"}) == a);
  }
}

TEST_SUITE("fix::root_safety") {
  TEST_CASE("as root, a backup folder that other users can enter is refused for backups and restores") {
    REQUIRE_ROOT();
    Home h;
    const fix::ApplyResult ok = fix::apply_plan(h.plan(), h.options());
    REQUIRE(ok.files[0].outcome == fix::FileOutcome::Applied);
    fs::permissions(h.backups, fs::perms(0755), fs::perm_options::replace);
    const std::string why = h.backups.string() +
                            ": the backup folder must be a folder owned by root that only root can enter "
                            "(chmod 700); refusing to use it as root";
    const fix::RestoreResult r = fix::restore_backup(h.backups, ok.files[0].backup_id, false);
    CHECK(r.status == fix::RestoreStatus::Refused);
    CHECK(r.message == why);
    CHECK(testutil::read_bytes(h.file) == fixture::kTwoAccountsFixed);

    testutil::write_bytes(h.file, fixture::kTwoAccounts);
    own(h.file);
    const fix::ApplyResult refused = fix::apply_plan(h.plan(), h.options());
    CHECK(refused.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(refused.files[0].message == why + "; nothing was changed");
    CHECK(testutil::read_bytes(h.file) == fixture::kTwoAccounts);
  }

  TEST_CASE("restore does not follow a symlink planted in the backup") {
    REQUIRE_ROOT();
    Home h;
    const fix::ApplyResult ok = fix::apply_plan(h.plan(), h.options());
    const fs::path original = h.backups / ok.files[0].backup_id / "original";
    fs::remove(original);
    fs::create_symlink(h.outside, original);
    const fix::RestoreResult r = fix::restore_backup(h.backups, ok.files[0].backup_id, true);
    CHECK(r.status == fix::RestoreStatus::Error);
    CHECK(r.message == original.string() + ": is a symlink; refusing to follow it");
    CHECK(testutil::read_bytes(h.file) == fixture::kTwoAccountsFixed);
  }
}
