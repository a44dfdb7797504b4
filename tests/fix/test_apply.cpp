#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "fake_adapter.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "support/testutil.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;

namespace {

struct Setup {
  fake::Adapter adapter;
  fs::path file = testutil::scratch() / "fake.conf";
  fs::path backups = testutil::scratch() / "backups";
  std::vector<const core::Adapter*> adapters{&adapter};

  explicit Setup(const std::string& bytes) { testutil::write_bytes(file, bytes); }
  fix::Plan plan(const std::vector<fs::path>& files) const {
    return fix::make_plan(fake::audit(adapter, files), adapters, {});
  }
  fix::Plan plan() const { return plan({file}); }
  fix::ApplyOptions options() const {
    return {backups, {}, [this](const fs::path& p) { return fake::audit_reread(adapter, p); }};
  }
};

// Renders correctly, but also changes another account's value: verification must catch it.
class CorruptingAdapter : public fake::Adapter {
 public:
  util::Result<std::string> render(const fs::path& file, std::string_view original,
                                   const std::vector<core::Edit>& edits) const override {
    auto out = fake::Adapter::render(file, original, edits);
    if (!out) return out;
    std::string bytes = out.value();
    auto pos = bytes.find("b.incoming.username=bob");
    bytes.replace(pos, 23, "b.incoming.username=eve");
    return bytes;
  }
};

struct stat stat_of(const fs::path& p) {
  struct stat st {};
  lstat(p.c_str(), &st);
  return st;
}

}  // namespace

TEST_SUITE("fix::apply") {
  TEST_CASE("apply writes exactly the rendered bytes and backs up the original") {
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
    CHECK(manifest["owner_uid"] == geteuid());
    CHECK(manifest["owner_gid"] == getegid());
    CHECK(manifest["mode"] == "0640");
    CHECK(manifest["sha256_before"] == util::sha256_hex(fixture::kTwoAccounts));
    CHECK(manifest["sha256_after"] == util::sha256_hex(fixture::kTwoAccountsFixed));
    CHECK(manifest["tool_version"] == MAILMEND_VERSION);
    CHECK(manifest["created_at"].get<std::string>().size() == 24);  // 2026-11-27T19:34:50.123Z
    REQUIRE(manifest["items"].size() == 2);
    CHECK(manifest["items"][0]["field"] == "incoming.port");
    CHECK(manifest["items"][0]["old"] == 143);
    CHECK(manifest["items"][0]["new"] == 993);
    CHECK(manifest["items"][1]["rule"] == "outdated-host");
    CHECK((stat_of(folder).st_mode & 07777) == 0700);
    CHECK((stat_of(folder / "original").st_mode & 07777) == 0600);
    CHECK((stat_of(folder / "manifest.json").st_mode & 07777) == 0600);
    CHECK((stat_of(s.backups).st_mode & 07777) == 0700);

    const auto listed = fix::list_backups(s.backups);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);
    CHECK(listed[0].original_path == s.file);
    CHECK(listed[0].mode == 0640);
    CHECK(fix::render_backups_text(listed) ==
          id + "  " + listed[0].created_at + "  " + s.file.string() + "  (2 change(s), fake)\n");
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
    CHECK((stat_of(s.file).st_mode & 07777) == 0604);
  }

  TEST_CASE("restore rejects unknown and malformed ids") {
    Setup s(fixture::kTwoAccounts);
    const fix::RestoreResult missing = fix::restore_backup(s.backups, "20260101-000000.000-abcdef", false);
    CHECK(missing.status == fix::RestoreStatus::Error);
    CHECK(missing.message == "no backup 20260101-000000.000-abcdef in " + s.backups.string());
    CHECK(fix::restore_exit_code(missing) == core::ExitCode::Usage);
    CHECK(fix::restore_backup(s.backups, "../etc", false).message == "'../etc' is not a backup id");
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

  TEST_CASE("mode, owner and group are kept") {
    Setup s(fixture::kTwoAccounts);
    fs::permissions(s.file, fs::perms(0640), fs::perm_options::replace);
    const bool root = geteuid() == 0;
    if (root) REQUIRE(chown(s.file.c_str(), 4242, 4243) == 0);
    const fix::ApplyResult result = fix::apply_plan(s.plan(), s.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    const struct stat st = stat_of(s.file);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(st.st_uid == (root ? 4242u : geteuid()));
    CHECK(st.st_gid == (root ? 4243u : getegid()));
    if (root) {
      const fs::path folder = s.backups / result.files[0].backup_id;
      CHECK(stat_of(folder).st_uid == 4242u);
      CHECK(stat_of(folder / "original").st_uid == 4242u);
      CHECK(stat_of(folder / "original").st_gid == 4243u);
    } else {
      MESSAGE("ownership part skipped: not running as root");
    }
  }

  TEST_CASE("when verification fails the original is restored and the failure reported") {
    CorruptingAdapter adapter;
    const fs::path file = testutil::scratch() / "fake.conf";
    testutil::write_bytes(file, fixture::kTwoAccounts);
    const fix::Plan plan = fix::make_plan(fake::audit(adapter, {file}), {&adapter}, {});
    REQUIRE(plan.files.size() == 1);
    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[0].message == file.string() + ": verification failed (" +
                                         core::make_account_id("fake", file.string(), "b") +
                                         " incoming.username changed from bob to eve); the original was restored");
    CHECK(testutil::read_bytes(file) == fixture::kTwoAccounts);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    CHECK(fix::render_apply_text(result) == "rolled-back: " + result.files[0].message + " [backup " +
                                                result.files[0].backup_id + "]\n0 of 1 file(s) fixed; backups in " +
                                                (testutil::scratch() / "backups").string() + "\n");
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
