#include <doctest/doctest.h>

#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "setup.hpp"
#include "support/testutil.hpp"
#include "util/sha256.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;
using setup::Setup;
using setup::mode_of;

TEST_SUITE("fix::backup") {
  TEST_CASE("the backup manifest records path, owner, mode, hashes, version and the plan") {
    Setup s(fixture::kTwoAccounts);
    fs::permissions(s.file, fs::perms(0640), fs::perm_options::replace);
    const fix::ApplyResult result = fix::apply_plan(s.plan(), s.options());
    const std::string id = result.files[0].backup_id;
    const fs::path folder = s.backups / id;
    const auto manifest = nlohmann::json::parse(testutil::read_bytes(folder / "manifest.json"));
    CHECK(manifest["id"] == id);
    CHECK(manifest["original_path"] == s.file.string());
    CHECK(manifest["client"] == "fake");
    CHECK(manifest["owner_uid"] == util::current_user_id());
    CHECK(manifest["owner_gid"] == util::current_group_id());
    const bool modes = testutil::files_have_posix_modes();  // else safe_fs reports 0600 and 0700
    CHECK(manifest["mode"] == (modes ? "0640" : "0600"));
    CHECK(manifest["sha256_before"] == util::sha256_hex(fixture::kTwoAccounts));
    CHECK(manifest["sha256_after"] == util::sha256_hex(fixture::kTwoAccountsFixed));
    CHECK(manifest["tool_version"] == MAILMEND_VERSION);
    CHECK(manifest["created_at"].get<std::string>().size() == 24);  // 2026-11-27T19:34:50.123Z
    REQUIRE(manifest["items"].size() == 2);
    CHECK(manifest["items"][0]["field"] == "incoming.port");
    CHECK(manifest["items"][0]["old"] == 143);
    CHECK(manifest["items"][0]["new"] == 993);
    CHECK(manifest["items"][1]["rule"] == "outdated-host");
    if (modes) {
      CHECK(mode_of(folder) == 0700);
      CHECK(mode_of(folder / "original") == 0600);
      CHECK(mode_of(folder / "manifest.json") == 0600);
      CHECK(mode_of(s.backups) == 0700);
    }

    const auto listed = fix::list_backups(s.backups);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);
    CHECK(listed[0].original_path == s.file);
    CHECK(listed[0].mode == (modes ? 0640u : 0600u));
    CHECK(fix::render_backups_text(listed) ==
          id + "  " + listed[0].created_at + "  " + s.file.string() + "  (2 change(s), fake, " + result.run_id + ")\n");
    CHECK(manifest["run_id"] == result.run_id);
    CHECK(listed[0].run_id == result.run_id);
  }

  TEST_CASE("every backup of one apply run shares its run id; restoring the run id restores every file") {
    Setup s(fixture::kTwoAccounts);
    const fs::path second = testutil::scratch() / "second.conf";
    testutil::write_bytes(second, fixture::kTwoAccounts);
    const fix::ApplyResult result = fix::apply_plan(s.plan({s.file, second}), s.options());
    REQUIRE(result.count(fix::FileOutcome::Applied) == 2);
    CHECK(result.run_id.starts_with("run-"));
    CHECK(fix::is_run_id(result.run_id));
    CHECK(!fix::is_run_id(result.files[0].backup_id));
    CHECK(fix::apply_json(result)["run_id"] == result.run_id);
    const auto listed = fix::list_backups(s.backups);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].run_id == result.run_id);
    CHECK(listed[1].run_id == result.run_id);
    // A later run is not part of it.
    testutil::write_bytes(testutil::scratch() / "third.conf", fixture::kTwoAccounts);
    const fix::ApplyResult later = fix::apply_plan(s.plan({testutil::scratch() / "third.conf"}), s.options());
    CHECK(later.run_id != result.run_id);

    const auto restored = fix::restore_run(s.backups, result.run_id, false);
    REQUIRE(restored.size() == 2);
    CHECK(restored[0].status == fix::RestoreStatus::Restored);
    CHECK(restored[1].status == fix::RestoreStatus::Restored);
    CHECK(fix::restore_run_exit_code(restored) == core::ExitCode::Ok);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    CHECK(testutil::read_bytes(second) == fixture::kTwoAccounts);
    CHECK(testutil::read_bytes(testutil::scratch() / "third.conf") == fixture::kTwoAccountsFixed);

    CHECK(fix::restore_run(s.backups, "run-20260101-000000.000-abcdef", false).empty());
    CHECK(fix::restore_run_exit_code({}) == core::ExitCode::Usage);
    testutil::write_bytes(second, "changed\n");
    const auto partial = fix::restore_run(s.backups, result.run_id, false);
    REQUIRE(partial.size() == 2);
    CHECK(fix::restore_run_exit_code(partial) == core::ExitCode::Partial);
  }

  TEST_CASE("restore --force first saves the state it replaces as a backup of its own") {
    Setup s(fixture::kTwoAccounts);
    const std::string id = fix::apply_plan(s.plan(), s.options()).files[0].backup_id;
    const std::string edited = fixture::kTwoAccountsFixed + "x.email=x@example.com\n";
    testutil::write_bytes(s.file, edited);
    const fix::RestoreResult forced = fix::restore_backup(s.backups, id, true);
    REQUIRE(forced.status == fix::RestoreStatus::Restored);
    REQUIRE(forced.saved_as != "");
    CHECK(forced.message == s.file.string() + ": restored from backup " + id + "; the state it replaced is backup " +
                                forced.saved_as + " (mailmend restore " + forced.saved_as + " puts it back)");
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    CHECK(testutil::read_bytes(s.backups / forced.saved_as / "original") == edited);
    const auto listed = fix::list_backups(s.backups);
    REQUIRE(listed.size() == 2);
    CHECK(listed[1].id == forced.saved_as);
    CHECK(listed[1].note == "state before restore --force of backup " + id);
    CHECK(listed[1].run_id == "");
    // The forced restore is undone by restoring the saved state, without --force.
    const fix::RestoreResult undo = fix::restore_backup(s.backups, forced.saved_as, false);
    CHECK(undo.status == fix::RestoreStatus::Restored);
    CHECK(undo.saved_as == "");
    CHECK(testutil::read_bytes(s.file) == edited);
    // A forced restore onto the original bytes changes nothing and saves nothing.
    testutil::write_bytes(s.file, fixture::kTwoAccounts);
    CHECK(fix::restore_backup(s.backups, id, true).status == fix::RestoreStatus::AlreadyOriginal);
    CHECK(fix::list_backups(s.backups).size() == 2);
  }

  TEST_CASE("restore returns the exact original bytes and is idempotent") {
    Setup s(fixture::kTwoAccounts);
    const std::string id = fix::apply_plan(s.plan(), s.options()).files[0].backup_id;
    const fix::RestoreResult first = fix::restore_backup(s.backups, id, false);
    CHECK(first.status == fix::RestoreStatus::Restored);
    CHECK(first.message == s.file.string() + ": restored from backup " + id);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    const fix::RestoreResult second = fix::restore_backup(s.backups, id, false);
    CHECK(second.status == fix::RestoreStatus::AlreadyOriginal);
    CHECK(fix::restore_exit_code(second) == core::ExitCode::Ok);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
  }

  TEST_CASE("restore refuses a file changed since mailmend wrote it unless forced") {
    Setup s(fixture::kTwoAccounts);
    const std::string id = fix::apply_plan(s.plan(), s.options()).files[0].backup_id;
    testutil::write_bytes(s.file, fixture::kTwoAccountsFixed + "x.email=x@example.com\n");
    const fix::RestoreResult refused = fix::restore_backup(s.backups, id, false);
    CHECK(refused.status == fix::RestoreStatus::Refused);
    CHECK(refused.message == s.file.string() + ": changed since mailmend wrote it (sha256 " +
                                 util::sha256_hex(fixture::kTwoAccountsFixed + "x.email=x@example.com\n") +
                                 "); use --force to restore backup " + id + " anyway");
    CHECK(fix::restore_exit_code(refused) == core::ExitCode::Partial);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccountsFixed + "x.email=x@example.com\n");
    CHECK(fix::restore_backup(s.backups, id, true).status == fix::RestoreStatus::Restored);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
  }

  TEST_CASE("restore recreates a missing file with its owner and mode") {
    Setup s(fixture::kTwoAccounts);
    fs::permissions(s.file, fs::perms(0604), fs::perm_options::replace);
    const std::string id = fix::apply_plan(s.plan(), s.options()).files[0].backup_id;
    fs::remove(s.file);
    CHECK(fix::restore_backup(s.backups, id, false).status == fix::RestoreStatus::Restored);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    if (testutil::files_have_posix_modes()) CHECK(mode_of(s.file) == 0604);
  }

  TEST_CASE("restore rejects unknown and malformed ids") {
    Setup s(fixture::kTwoAccounts);
    const fix::RestoreResult missing = fix::restore_backup(s.backups, "20260101-000000.000-abcdef", false);
    CHECK(missing.status == fix::RestoreStatus::Error);
    CHECK(missing.message == "no backup 20260101-000000.000-abcdef in " + s.backups.string());
    CHECK(fix::restore_exit_code(missing) == core::ExitCode::Usage);
    CHECK(fix::restore_backup(s.backups, "../etc", false).message == "'../etc' is not a backup id");
  }

  TEST_CASE("restore refuses while the client is running, even with force") {
    Setup s(fixture::kTwoAccounts);
    const std::string id = fix::apply_plan(s.plan(), s.options()).files[0].backup_id;
    s.adapter.locked.insert(s.file.string());
    const fix::RestoreResult r = fix::restore_backup(s.backups, id, true, {}, {&s.adapter});
    CHECK(r.status == fix::RestoreStatus::Refused);
    CHECK(r.message == s.file.string() + ": fake client is running (pid 4242); close the client and run again");
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccountsFixed);
    s.adapter.locked.clear();
    CHECK(fix::restore_backup(s.backups, id, false, {}, {&s.adapter}).status == fix::RestoreStatus::Restored);
  }

  TEST_CASE("a damaged backup is not restored") {
    Setup s(fixture::kTwoAccounts);
    const std::string id = fix::apply_plan(s.plan(), s.options()).files[0].backup_id;
    fs::permissions(s.backups / id / "original", fs::perms(0600), fs::perm_options::replace);
    testutil::write_bytes(s.backups / id / "original", "tampered\n");
    const fix::RestoreResult r = fix::restore_backup(s.backups, id, true);
    CHECK(r.status == fix::RestoreStatus::Error);
    CHECK(r.message == (s.backups / id / "original").string() +
                           ": damaged backup (sha256 does not match the manifest)");
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccountsFixed);
  }

}
