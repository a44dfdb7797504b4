// Files applied together (PlanFile::group): all checked and backed up before the first write; a
// failed write or verification of any puts every written file back; restore of the run restores
// them all. Faults are injected through ApplyOptions::before_write and a failing re-read.
#include <doctest/doctest.h>

#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "setup.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using setup::Setup;

namespace {

struct Pair {
  Setup s{fixture::kTwoAccounts};
  fs::path second = testutil::scratch() / "second.conf";
  fix::Plan plan;
  Pair() {
    testutil::write_bytes(second, fixture::kTwoAccounts);
    plan = s.plan({s.file, second});
    REQUIRE(plan.files.size() == 2);
    for (auto& f : plan.files) f.group = "pair";
  }
  void check_both_original() const {
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    CHECK(testutil::read_bytes(second) == fixture::kTwoAccounts);
  }
};

}  // namespace

TEST_SUITE("fix::apply group") {
  TEST_CASE("both files of a group are applied, each with a backup naming the other, in one run") {
    Pair p;
    const fix::ApplyResult result = fix::apply_plan(p.plan, p.s.options());
    REQUIRE(result.files.size() == 2);
    CHECK(result.count(fix::FileOutcome::Applied) == 2);
    CHECK(testutil::read_bytes(p.s.file) == fixture::kTwoAccountsFixed);
    CHECK(testutil::read_bytes(p.second) == fixture::kTwoAccountsFixed);
    const auto backups = fix::list_backups(p.s.backups);
    REQUIRE(backups.size() == 2);
    for (const auto& b : backups) {
      CHECK(b.run_id == result.run_id);
      const std::string other = b.original_path == p.s.file ? p.second.string() : p.s.file.string();
      CHECK(b.together_with == std::vector<std::string>{other});
    }
    const auto restored = fix::restore_run(p.s.backups, result.run_id, false);
    REQUIRE(restored.size() == 2);
    CHECK(restored[0].status == fix::RestoreStatus::Restored);
    CHECK(restored[1].status == fix::RestoreStatus::Restored);
    p.check_both_original();
  }

  TEST_CASE("restore of the run is all or none for a group: one file changed since the fix holds both") {
    Pair p;
    const fix::ApplyResult result = fix::apply_plan(p.plan, p.s.options());
    REQUIRE(result.count(fix::FileOutcome::Applied) == 2);
    const std::string rewritten = std::string(fixture::kTwoAccountsFixed) + "# the client rewrote this file\n";
    testutil::write_bytes(p.s.file, rewritten);  // as Thunderbird does with prefs.js when it runs
    const auto refused = fix::restore_run(p.s.backups, result.run_id, false);
    REQUIRE(refused.size() == 2);
    CHECK(fix::restore_run_exit_code(refused) == core::ExitCode::Partial);
    for (const auto& r : refused) {
      CHECK(r.status == fix::RestoreStatus::Refused);
      if (r.file == p.second) {
        CHECK(r.message == p.second.string() + ": not restored: it was written together with " + p.s.file.string() +
                               ", which cannot be restored (files written together are restored all or none)");
      } else {
        CHECK(r.message.find("changed since mailmend wrote it") != std::string::npos);
      }
    }
    CHECK(testutil::read_bytes(p.s.file) == rewritten);  // neither file written
    CHECK(testutil::read_bytes(p.second) == fixture::kTwoAccountsFixed);
    const auto forced = fix::restore_run(p.s.backups, result.run_id, true);
    REQUIRE(forced.size() == 2);
    CHECK(forced[0].status == fix::RestoreStatus::Restored);
    CHECK(forced[1].status == fix::RestoreStatus::Restored);
    p.check_both_original();
  }

  TEST_CASE("the second write fails: the first file is put back and the run ends with 3") {
    Pair p;
    fix::ApplyOptions options = p.s.options();
    options.before_write = [&](const fs::path& file) -> util::Status {
      if (file == p.second) return util::make_error(file.string() + ": No space left on device");
      return {};
    };
    const fix::ApplyResult result = fix::apply_plan(p.plan, options);
    REQUIRE(result.files.size() == 2);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[0].message == p.s.file.string() + ": rolled back because " + p.second.string() +
                                         " could not be written; the original was restored");
    CHECK(result.files[1].outcome == fix::FileOutcome::Failed);
    CHECK(result.files[1].message ==
          p.second.string() + ": No space left on device; the file was not changed");
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    p.check_both_original();
  }

  TEST_CASE("the second file fails verification: both written files are put back") {
    Pair p;
    fix::ApplyOptions options = p.s.options();
    int second_reads = 0;
    options.reread = [&](const fs::path& source) {
      if (source == p.second && ++second_reads == 2) return core::ReadOutput{};  // the re-read after the write
      return fake::audit_reread(p.s.adapter, source);
    };
    const fix::ApplyResult result = fix::apply_plan(p.plan, options);
    REQUIRE(result.files.size() == 2);
    CHECK(result.count(fix::FileOutcome::RolledBack) == 2);
    CHECK(result.files[0].message.starts_with(p.s.file.string() + ": verification of " + p.second.string() + " failed ("));
    CHECK(result.files[0].message.ends_with("); the original was restored"));
    p.check_both_original();
  }

  TEST_CASE("one file refused at the checks: nothing of the group is written and no backup is made") {
    Pair p;
    p.s.adapter.locked.insert(p.second.string());
    const fix::ApplyResult result = fix::apply_plan(p.plan, p.s.options());
    REQUIRE(result.files.size() == 2);
    CHECK(result.count(fix::FileOutcome::Refused) == 2);
    CHECK(result.files[0].message == p.s.file.string() + ": not changed: it goes together with " + p.second.string() +
                                         ", which was refused (" + p.second.string() +
                                         ": fake client is running (pid 4242); close the client and run again)");
    CHECK(!fs::exists(p.s.backups));
    p.check_both_original();
  }

  TEST_CASE("a file of the group changed since planning: neither is written") {
    Pair p;
    testutil::write_bytes(p.second, fixture::kTwoAccounts + "z.email=z@example.com\n");
    const fix::ApplyResult result = fix::apply_plan(p.plan, p.s.options());
    CHECK(result.count(fix::FileOutcome::Refused) == 2);
    CHECK(testutil::read_bytes(p.s.file) == fixture::kTwoAccounts);
  }
}
