// The fix engine on a database changed in place: the Apple Accounts database of a home, through
// the real Apple adapter and its AccountsDbStore.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>

#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/adapter.hpp"
#include "adapters/apple/keyed_archive.hpp"
#include "accounts_home.hpp"
#include "apple/accounts_db_builder.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "make_finding.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using adapters::apple::encode_archived_scalar;
using S = std::string;
using I = std::int64_t;

namespace {

// The shared fixture home, plus what these tests need on top.
struct AccountsHome : fixture::AccountsHome {
  void set_port(const S& port) const {
    SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement q(d, "UPDATE ZACCOUNTPROPERTY SET ZVALUE = ? WHERE ZKEY = 'PortNumber' AND ZOWNER = 10");
    const std::string blob = encode_archived_scalar(port);
    q.bind(1, blob.data(), static_cast<int>(blob.size()));
    q.exec();
  }

  // Every file of the folder, by relative path.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
      if (e.is_regular_file()) out[e.path().lexically_relative(folder).string()] = testutil::read_bytes(e.path());
    }
    return out;
  }
};

fix::ApplyResult apply(const AccountsHome& h, const fix::Plan& plan) { return fix::apply_plan(plan, h.options()); }

}  // namespace

TEST_SUITE("fix::database") {
  TEST_CASE("without --allow-accounts-db the database is refused with the reason") {
    AccountsHome h;
    const fix::Plan plan = h.plan(false);
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused ==
          h.db.string() +
              ": a database changed in place only with --allow-accounts-db (the whole folder is backed up first); or "
              "fix the account in the client, or push a corrected profile (mailmend profile)");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Partial);
  }

  TEST_CASE("the dry run lists the exact cells and changes nothing") {
    AccountsHome h;
    const auto before = h.snapshot();
    const auto mtime = fs::last_write_time(h.db);
    const fix::Plan plan = h.plan();
    REQUIRE(plan.pending_files() == 1);
    const fix::PlanFile& f = plan.files[0];
    CHECK(f.in_place());
    REQUIRE(f.cells.size() == 2);
    CHECK(f.diff == "Database " + h.db.string() +
                        " changes in place, in one transaction:\n"
                        "  ZACCOUNTPROPERTY row 2 ZVALUE (ZACCOUNT[IMAP-1].PortNumber): \"143\" -> \"993\"\n"
                        "  ZACCOUNTPROPERTY row 3 ZVALUE (ZACCOUNT[IMAP-1].SSLEnabled): false -> true\n");
    const nlohmann::json j = fix::plan_json(plan);
    CHECK(j["files"][0]["kind"] == "database");
    CHECK(j["files"][0]["cells"][0] == nlohmann::json{{"location", "ZACCOUNT[IMAP-1].PortNumber"},
                                                       {"table", "ZACCOUNTPROPERTY"},
                                                       {"column", "ZVALUE"},
                                                       {"row", 2},
                                                       {"before", "\"143\""},
                                                       {"after", "\"993\""}});
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Findings);
    CHECK(h.snapshot() == before);
    CHECK(fs::last_write_time(h.db) == mtime);
  }

  TEST_CASE("apply backs up the whole folder, changes the cells in place and verifies; restore undoes it") {
    AccountsHome h;
    const auto before = h.snapshot();
    const fix::ApplyResult result = apply(h, h.plan());
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(result.files[0].message == h.db.string() + ": 2 change(s) applied in place (2 cell(s))");
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Ok);
    CHECK(h.fixed_values());
    CHECK(h.cell("Hostname") == encode_archived_scalar(S("imap.example.com")));
    CHECK(h.cell("PortNumber", 11) == encode_archived_scalar(I{25}));

    const auto backups = fix::list_backups(h.backups);
    REQUIRE(backups.size() == 1);
    const fix::BackupInfo& b = backups[0];
    CHECK(b.id == result.files[0].backup_id);
    CHECK(b.kind == "database");
    CHECK(b.original_path == h.db);
    CHECK(b.items.size() == 2);
    REQUIRE(b.cells.size() == 2);
    CHECK(b.cells[0]["before_hex"].get<std::string>().size() == encode_archived_scalar(S("143")).size() * 2);
    // The copy holds every file of the folder as it was before the change, byte for byte.
    const fs::path copy = h.backups / b.id / "original";
    for (const auto& [path, bytes] : before) CHECK(testutil::read_bytes(copy / path) == bytes);
    std::vector<std::string> listed;
    for (const auto& f : b.files) listed.push_back(f["path"]);
    CHECK(listed == std::vector<std::string>{"Accounts4.sqlite", "VerifiedBackup/", "VerifiedBackup/Accounts4.sqlite"});

    fix::RestoreResult restored = fix::restore_backup(h.backups, b.id, false, {h.home}, {&h.adapter});
    CHECK(restored.status == fix::RestoreStatus::Restored);
    CHECK(restored.message == h.db.string() + ": 2 cell(s) restored from backup " + b.id +
                                  " (the whole folder as it was is in " + copy.string() + ")");
    CHECK(h.original_values());
    CHECK(fix::restore_backup(h.backups, b.id, false, {h.home}, {&h.adapter}).status ==
          fix::RestoreStatus::AlreadyOriginal);
  }

  TEST_CASE("restore refuses a database changed since the fix unless forced") {
    AccountsHome h;
    const fix::ApplyResult result = apply(h, h.plan());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    h.set_port("995");
    const std::string id = result.files[0].backup_id;
    fix::RestoreResult refused = fix::restore_backup(h.backups, id, false, {h.home}, {&h.adapter});
    CHECK(refused.status == fix::RestoreStatus::Refused);
    CHECK(refused.message == h.db.string() + ": changed since mailmend wrote it; use --force to write the old values of "
                                             "backup " + id + " anyway");
    CHECK(h.cell("PortNumber") == encode_archived_scalar(S("995")));
    const fix::RestoreResult forced = fix::restore_backup(h.backups, id, true, {h.home}, {&h.adapter});
    CHECK(forced.status == fix::RestoreStatus::Restored);
    CHECK(h.original_values());
    // What the forced restore replaced was saved first (the folder and the cells as found), and
    // restoring that backup brings it back.
    REQUIRE_FALSE(forced.saved_as.empty());
    CHECK(forced.message.ends_with("; the state it replaced is backup " + forced.saved_as + " (mailmend restore " +
                                   forced.saved_as + " puts it back)"));
    CHECK(fix::restore_backup(h.backups, forced.saved_as, false, {h.home}, {&h.adapter}).status ==
          fix::RestoreStatus::Restored);
    CHECK(h.cell("PortNumber") == encode_archived_scalar(S("995")));
  }

  TEST_CASE("a damaged cell record in the manifest is an error, and the database is left alone") {
    AccountsHome h;
    const fix::ApplyResult result = apply(h, h.plan());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    const std::string id = result.files[0].backup_id;
    const fs::path manifest = h.backups / id / "manifest.json";
    auto j = nlohmann::json::parse(testutil::read_bytes(manifest));
    j["cells"][1]["before_hex"] = "zz";
    fs::permissions(manifest, fs::perms(0600), fs::perm_options::replace);
    testutil::write_bytes(manifest, j.dump());
    const fix::RestoreResult r = fix::restore_backup(h.backups, id, true, {h.home}, {&h.adapter});
    CHECK(r.status == fix::RestoreStatus::Error);
    CHECK(r.message == manifest.string() + ": damaged manifest (cells)");
    CHECK(h.fixed_values());
  }

  TEST_CASE("a database changed after planning is refused before any backup") {
    AccountsHome h;
    const fix::Plan plan = h.plan();
    h.set_port("110");
    const fix::ApplyResult result = apply(h, plan);
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == h.db.string() + ": changed since planning; plan again");
    CHECK(fix::list_backups(h.backups).empty());
    CHECK(h.cell("PortNumber") == encode_archived_scalar(S("110")));
  }

  TEST_CASE("a hard-linked file in the Accounts folder is refused") {
    AccountsHome h;
    fs::create_hard_link(h.folder / "VerifiedBackup" / "Accounts4.sqlite", testutil::scratch() / "linked");
    const fix::Plan plan = h.plan();
    CHECK(plan.files[0].refused == (h.folder / "VerifiedBackup" / "Accounts4.sqlite").string() +
                                       ": has 2 hard links; refusing (it may be linked to a file elsewhere)");
  }

  TEST_CASE("a failed verification writes the old values back") {
    AccountsHome h;
    const fix::Plan plan = h.plan();
    fix::ApplyOptions options = h.options();
    // A re-read that always sees the accounts as they were: the fixed values never show.
    const core::ReadOutput stale = h.adapter.read(h.db);
    options.reread = [&](const fs::path&) { return stale; };
    const fix::ApplyResult result = fix::apply_plan(plan, options);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[0].message.starts_with(h.db.string() + ": verification failed ("));
    CHECK(result.files[0].message.ends_with("); the old values were written back"));
    CHECK(h.original_values());
  }
}
