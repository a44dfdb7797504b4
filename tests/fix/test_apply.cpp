#include <doctest/doctest.h>

#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "setup.hpp"
#include "support/testutil.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;
using setup::Setup;
using setup::CorruptingAdapter;

TEST_SUITE("fix::apply") {  TEST_CASE("apply writes exactly the rendered bytes and backs up the original") {
    Setup s(fixture::kTwoAccounts);
    const fix::Plan plan = s.plan();
    const fix::ApplyResult result = fix::apply_plan(plan, s.options());
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(result.files[0].message == s.file.string() + ": 2 change(s) applied");
    CHECK(testutil::read_bytes(s.file) == plan.files[0].new_bytes);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccountsFixed);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Ok);
    const fs::path backup = s.backups / result.files[0].backup_id;
    CHECK(testutil::read_bytes(backup / "original") == fixture::kTwoAccounts);
    // No temporary file is left beside the fixed file.
    CHECK(std::distance(fs::directory_iterator(testutil::scratch()), fs::directory_iterator()) == 2);
  }

  TEST_CASE("a locked file is refused while the other files are applied") {
    Setup s(fixture::kTwoAccounts);
    const fs::path second = testutil::scratch() / "second.conf";
    testutil::write_bytes(second, fixture::kTwoAccounts);
    const fix::Plan plan = s.plan({s.file, second});
    REQUIRE(plan.files.size() == 2);
    s.adapter.locked.insert(s.file.string());
    const fix::ApplyResult result = fix::apply_plan(plan, s.options());
    REQUIRE(result.files.size() == 2);
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message ==
          s.file.string() + ": fake client is running (pid 4242); close the client and run again");
    CHECK(result.files[0].backup_id == "");
    CHECK(result.files[1].outcome == fix::FileOutcome::Applied);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    CHECK(testutil::read_bytes(second) == fixture::kTwoAccountsFixed);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    CHECK(fix::list_backups(s.backups).size() == 1);
  }

  TEST_CASE("a file changed after planning is refused") {
    Setup s(fixture::kTwoAccounts);
    const fix::Plan plan = s.plan();
    testutil::write_bytes(s.file, fixture::kTwoAccounts + "z.email=z@example.com\n");
    const fix::ApplyResult result = fix::apply_plan(plan, s.options());
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == s.file.string() + ": changed since planning; plan again");
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts + "z.email=z@example.com\n");
    CHECK(!fs::exists(s.backups));
  }

  TEST_CASE("a second plan after apply finds nothing to do") {
    Setup s(fixture::kTwoAccounts + "d.email=dan@example.com\nd.incoming.host=imap.example.com\n");
    REQUIRE(fix::apply_exit_code(fix::apply_plan(s.plan(), s.options())) == core::ExitCode::Ok);
    const fix::Plan again = s.plan();
    CHECK(again.files.empty());
    CHECK(fix::plan_exit_code(again) == core::ExitCode::Ok);
    CHECK(fix::apply_plan(again, s.options()).files.empty());
  }

  TEST_CASE("when verification fails the original is restored and the failure reported") {
    CorruptingAdapter adapter;
    const fs::path file = testutil::scratch() / "fake.conf";
    testutil::write_bytes(file, fixture::kTwoAccounts);
    const fix::Plan plan = fix::make_plan(fake::audit(adapter, {file}), {&adapter}, {});
    REQUIRE(plan.files.size() == 1);
    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}, {}});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[0].message == file.string() + ": verification failed (" +
                                         core::make_account_id("fake", file.string(), "b") +
                                         " incoming.username changed from bob to eve); the original was restored");
    CHECK(testutil::read_bytes(file) == fixture::kTwoAccounts);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    CHECK(fix::render_apply_text(result) == "rolled-back: " + result.files[0].message + " [backup " +
                                                result.files[0].backup_id + "]\n0 of 1 file(s) fixed; backups in " +
                                                (testutil::scratch() / "backups").string() + " (run " +
                                                result.run_id + ": mailmend restore " + result.run_id +
                                                " undoes the whole run)\n");
  }

  TEST_CASE("a fixed finding that is still raised after the write fails verification") {
    Setup s(fixture::kTwoAccounts);
    const fix::Plan plan = s.plan();
    fix::ApplyOptions options = s.options();
    options.reread = [&](const fs::path& p) {
      core::ReadOutput out = fake::audit_reread(s.adapter, p);
      core::Finding stuck;
      stuck.rule = "outdated-host";
      stuck.account = core::make_account_id("fake", s.file.string(), "b");
      stuck.field = "incoming.host";
      out.findings.push_back(stuck);
      return out;
    };
    const fix::ApplyResult result = fix::apply_plan(plan, options);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[0].message.find("still has finding outdated-host") != std::string::npos);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
  }

  TEST_CASE("the apply JSON lists each file's outcome") {
    Setup s(fixture::kTwoAccounts);
    const fix::ApplyResult result = fix::apply_plan(s.plan(), s.options());
    const nlohmann::json j = fix::apply_json(result);
    CHECK(j["applied"] == 1);
    CHECK(j["files"][0]["outcome"] == "applied");
    CHECK(j["files"][0]["changes"] == 2);
    CHECK(j["files"][0]["backup_id"] == result.files[0].backup_id);
  }

  TEST_CASE("an adapter that throws while re-reading after the write gets the original back") {
    Setup s(fixture::kTwoAccounts);
    const fix::Plan plan = s.plan();
    fix::ApplyOptions options = s.options();
    int calls = 0;
    options.reread = [&](const fs::path& p) -> core::ReadOutput {
      if (++calls == 2) throw std::runtime_error("boom");
      return s.adapter.read(p);
    };
    const fix::ApplyResult result = fix::apply_plan(plan, options);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[0].message ==
          s.file.string() + ": verification failed (re-reading failed: boom); the original was restored");
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
  }

  TEST_CASE("a file changed by someone else during verification is left alone and reported") {
    Setup s(fixture::kTwoAccounts);
    const fix::Plan plan = s.plan();
    fix::ApplyOptions options = s.options();
    int calls = 0;
    options.reread = [&](const fs::path& p) -> core::ReadOutput {
      if (++calls == 2) testutil::write_bytes(s.file, "a.email=other@example.com\n");
      return s.adapter.read(p);
    };
    const fix::ApplyResult result = fix::apply_plan(plan, options);
    CHECK(result.files[0].outcome == fix::FileOutcome::Failed);
    CHECK(result.files[0].message ==
          s.file.string() + ": verification failed (" + core::make_account_id("fake", s.file.string(), "a") +
              " email changed from alice@example.com to other@example.com (and 8 more)) and the file changed "
              "meanwhile, so it was left as it is; the file's state is unknown; mailmend restore " +
              result.files[0].backup_id + " --force puts the original back");
    CHECK(testutil::read_bytes(s.file) == "a.email=other@example.com\n");
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
  }

}
