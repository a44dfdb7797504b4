#include <doctest/doctest.h>

#include <string>

#include "child.hpp"
#include "fake_adapter.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct CrashCase {
  std::string step;
  bool new_bytes_expected;     // the rename happened before the kill
  bool temp_file_expected;     // a partial temporary file is left beside the target
};

}  // namespace

TEST_SUITE("fix::crash") {
  TEST_CASE("a kill at any step of apply leaves the complete old or new file, and restore works") {
    for (const CrashCase& c : {CrashCase{"after-backup", false, false}, CrashCase{"mid-write", false, true},
                               CrashCase{"before-rename", false, true}, CrashCase{"after-rename", true, false}}) {
      CAPTURE(c.step);
      const fs::path folder = testutil::scratch() / c.step;
      const fs::path file = folder / "fake.conf";
      const fs::path backups = testutil::scratch() / ("backups-" + c.step);
      testutil::write_bytes(file, fixture::kTwoAccounts);
      fake::Adapter adapter;
      const fix::Plan plan = fix::make_plan(fake::audit(adapter, {file}), {&adapter}, {});
      REQUIRE(plan.pending_files() == 1);

      const child::Ending ending = child::apply_with_crash_at(plan, {backups, {}, {}, {}}, c.step);
      CHECK(ending.killed);
      CHECK(testutil::read_bytes(file) == (c.new_bytes_expected ? fixture::kTwoAccountsFixed : fixture::kTwoAccounts));
      CHECK(entries(folder).size() == (c.temp_file_expected ? 2u : 1u));

      const auto backups_found = fix::list_backups(backups);
      REQUIRE(backups_found.size() == 1);
      const fix::RestoreResult restored = fix::restore_backup(backups, backups_found[0].id, false);
      CHECK(restored.status ==
            (c.new_bytes_expected ? fix::RestoreStatus::Restored : fix::RestoreStatus::AlreadyOriginal));
      CHECK(testutil::read_bytes(file) == fixture::kTwoAccounts);
      CHECK(entries(folder) == std::vector<std::string>{"fake.conf"});
      // And restoring again changes nothing.
      CHECK(fix::restore_backup(backups, backups_found[0].id, false).status == fix::RestoreStatus::AlreadyOriginal);
    }
  }

  TEST_CASE("a partial temporary file holds only the first half of the new bytes") {
    const fs::path file = testutil::scratch() / "fake.conf";
    testutil::write_bytes(file, fixture::kTwoAccounts);
    fake::Adapter adapter;
    const fix::Plan plan = fix::make_plan(fake::audit(adapter, {file}), {&adapter}, {});
    CHECK(child::apply_with_crash_at(plan, {testutil::scratch() / "backups", {}, {}, {}}, "mid-write").killed);
    std::string temp;
    for (const auto& e : fs::directory_iterator(testutil::scratch())) {
      if (e.path().filename().string().starts_with(".fake.conf.mailmend-")) temp = e.path();
    }
    REQUIRE(!temp.empty());
    CHECK(testutil::read_bytes(temp) == fixture::kTwoAccountsFixed.substr(0, fixture::kTwoAccountsFixed.size() / 2));
    CHECK(testutil::read_bytes(file) == fixture::kTwoAccounts);
  }

  TEST_CASE("an unknown crash step never fires, and a backup folder without a manifest is not listed") {
    const fs::path file = testutil::scratch() / "fake.conf";
    testutil::write_bytes(file, fixture::kTwoAccounts);
    fake::Adapter adapter;
    const fix::Plan plan = fix::make_plan(fake::audit(adapter, {file}), {&adapter}, {});
    // An unknown step never fires: the child runs to the end.
    const child::Ending ending = child::apply_with_crash_at(plan, {testutil::scratch() / "backups", {}, {}, {}}, "nowhere");
    CHECK(!ending.killed);
    CHECK(ending.exit_code == 0);
    CHECK(testutil::read_bytes(file) == fixture::kTwoAccountsFixed);
    // A backup folder without a manifest (a crash while backing up) is not listed.
    fs::create_directories(testutil::scratch() / "backups" / "20000101-000000.000-000000");
    CHECK(fix::list_backups(testutil::scratch() / "backups").size() == 1);
  }
}
