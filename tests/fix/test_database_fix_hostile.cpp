// Adversarial review of the in-place Accounts database fix: hostile database contents, other
// writers, the folder changing between plan and apply, a hostile manifest. A hostile backup store,
// a process killed mid-transaction, links planted in the folder and root working in a folder a
// user controls are in test_database_fix_hostile_posix.cpp.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <plist/plist.h>

#include <cstdlib>
#include <map>

#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/accounts_db_writer.hpp"
#include "adapters/apple/adapter.hpp"
#include "adapters/apple/keyed_archive.hpp"
#include "accounts_home.hpp"
#include "apple/accounts_db_builder.hpp"
#include "hostile_accounts_home.hpp"
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

using fixture::Home;

std::string blob_of(const SQLite::Column& c) {
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

// The store on its own, on ./Accounts4.sqlite.
const adapters::apple::AccountsDbStore store(std::chrono::milliseconds(50));

core::Edit edit(const std::string& field, const std::string& key, core::FieldValue v) {
  return core::Edit{"x", field, core::Origin{"Accounts4.sqlite", key, 0, false}, std::move(v)};
}

std::string prepare_error(const std::vector<core::Edit>& edits) {
  auto cells = store.prepare("Accounts4.sqlite", edits);
  if (cells.ok()) return "prepared " + std::to_string(cells->size()) + " cell(s)";
  return cells.error().message;
}

std::string stored(const std::string& sql) {
  SQLite::Database d("Accounts4.sqlite");
  SQLite::Statement q(d, sql);
  REQUIRE(q.executeStep());
  return blob_of(q.getColumn(0));
}

std::string binary_plist_array() {
  plist_t array = plist_new_array();
  plist_array_append_item(array, plist_new_string("imap.example.com"));
  char* bytes = nullptr;
  uint32_t size = 0;
  plist_to_bin(array, &bytes, &size);
  std::string out(bytes, size);
  free(bytes);
  plist_free(array);
  return out;
}

}  // namespace

TEST_SUITE("fix::database hostile") {
  // ---- hostile database contents ----

  TEST_CASE("a property value that is not a keyed archive, or is a container, is refused") {
    {
      apple_test::AccountsDbBuilder b("Accounts4.sqlite");
      b.account(10, 1, "IMAP-1", "ann");
      b.property(10, "Hostname", S("imap.example.com"));
      b.raw_property(10, "PortNumber", "not a plist at all");
      b.raw_property(10, "SSLEnabled", binary_plist_array());
    }
    const std::string before = testutil::read_bytes("Accounts4.sqlite");
    CHECK(prepare_error({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].PortNumber: archived value: not a well-formed XML property list");
    CHECK(prepare_error({edit("incoming.security", "ZACCOUNT[IMAP-1].SSLEnabled", S("tls"))}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].SSLEnabled: the stored value is not a plain archived scalar");
    CHECK(testutil::read_bytes("Accounts4.sqlite") == before);
  }

  TEST_CASE("a huge property blob is refused without being decoded as a value") {
    {
      apple_test::AccountsDbBuilder b("Accounts4.sqlite");
      b.account(10, 1, "IMAP-1", "ann");
      b.property(10, "Hostname", S("imap.example.com"));
      b.raw_property(10, "PortNumber", std::string(8u * 1024u * 1024u, 'x'));
    }
    CHECK(prepare_error({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].PortNumber: archived value: not a well-formed XML property list");
  }

  TEST_CASE("two property rows with the same key are refused") {
    {
      apple_test::AccountsDbBuilder b("Accounts4.sqlite");
      b.account(10, 1, "IMAP-1", "ann");
      b.property(10, "Hostname", S("imap.example.com"));
      b.property(10, "PortNumber", S("143"));
      b.property(10, "PortNumber", S("110"));
    }
    CHECK(prepare_error({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].PortNumber: more than one property row; not changed");
  }

  TEST_CASE("an identifier on two account rows, one of them managed, is refused") {
    {
      apple_test::AccountsDbBuilder b("Accounts4.sqlite");
      // The unmanaged row has no PortNumber; the managed row with the same identifier has one.
      b.account(10, 1, "IMAP-1", "ann");
      b.property(10, "Hostname", S("imap.example.com"));
      b.account(15, 1, "IMAP-1", "ann");
      b.property(15, "Hostname", S("mail.example.com"));
      b.property(15, "PortNumber", S("143"));
      b.property(15, "ManagedTag", S("tag"));
    }
    CHECK(prepare_error({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].PortNumber: more than one account row with this identifier; not changed");
    CHECK(stored("SELECT ZVALUE FROM ZACCOUNTPROPERTY WHERE ZOWNER = 15 AND ZKEY = 'PortNumber'") ==
          encode_archived_scalar(S("143")));
  }

  TEST_CASE("a NULL user name is never filled in") {
    {
      apple_test::AccountsDbBuilder b("Accounts4.sqlite");
      b.account(10, 1, "IMAP-1");
      b.property(10, "Hostname", S("imap.example.com"));
    }
    CHECK(prepare_error({edit("incoming.username", "ZACCOUNT[IMAP-1].ZUSERNAME", S("ann@example.com"))}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].ZUSERNAME: no stored user name; mailmend never adds values");
  }

  TEST_CASE("a table missing a column fails the write with nothing changed") {
    {
      apple_test::AccountsDbBuilder b("Accounts4.sqlite");
      b.account(10, 1, "IMAP-1", "ann");
      b.property(10, "Hostname", S("imap.example.com"));
      b.property(10, "PortNumber", S("143"));
    }
    auto cells = store.prepare("Accounts4.sqlite", {edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    REQUIRE(cells.ok());
    {
      SQLite::Database d("Accounts4.sqlite", SQLite::OPEN_READWRITE);
      d.exec("ALTER TABLE ZACCOUNTPROPERTY DROP COLUMN Z_OPT");
    }
    auto out = store.write("Accounts4.sqlite", *cells, core::CellCheck::Before, {});
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == "Accounts4.sqlite: no such column: Z_OPT; nothing changed");
    CHECK(stored("SELECT ZVALUE FROM ZACCOUNTPROPERTY WHERE ZKEY = 'PortNumber'") == encode_archived_scalar(S("143")));
  }

  TEST_CASE("a database that is not SQLite is refused by planning and by writing") {
    testutil::write_bytes("Accounts4.sqlite", std::string(4096, 'A'));
    CHECK(prepare_error({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})}) ==
          "Accounts4.sqlite: file is not a database");
    core::CellChange c{"ZACCOUNT[IMAP-1].PortNumber", "ZACCOUNTPROPERTY", "ZVALUE", 2, true,
                       encode_archived_scalar(S("143")), encode_archived_scalar(S("993")), "", ""};
    auto out = store.write("Accounts4.sqlite", {c}, core::CellCheck::Any, {});
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == "Accounts4.sqlite: file is not a database; nothing changed");
    CHECK(testutil::read_bytes("Accounts4.sqlite") == std::string(4096, 'A'));
  }

  TEST_CASE("a trigger that changes other rows makes the write refuse, and no account is lost") {
    Home h;
    const fix::Plan plan = h.plan();
    REQUIRE(plan.pending_files() == 1);
    h.exec("CREATE TRIGGER wipe AFTER UPDATE ON ZACCOUNTPROPERTY BEGIN DELETE FROM ZACCOUNT WHERE Z_PK = 11; END");
    const fix::FileResult r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.db.string() + ": a trigger in the database changes other rows; nothing changed");
    CHECK(h.accounts() == 2);
    CHECK(h.original_values());
  }

  TEST_CASE("a DELETE-mode database with a stale, bogus -journal is fixed and stays intact") {
    Home h;
    testutil::write_bytes(h.folder / "Accounts4.sqlite-journal", std::string(1024, '\x5a'));
    const fix::FileResult r = h.apply(h.plan());
    CHECK(r.outcome == fix::FileOutcome::Applied);
    CHECK(h.integrity() == "ok");
    CHECK(h.fixed_values());
    CHECK(h.accounts() == 2);
  }

  TEST_CASE("a -wal holding frames of another database is refused and the database stays intact") {
    Home h;
    const fix::Plan plan = h.plan();
    REQUIRE(plan.pending_files() == 1);
    {
      // Another database, in WAL mode, whose -wal holds uncheckpointed frames.
      SQLite::Database other((testutil::scratch() / "other.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("PRAGMA journal_mode=WAL");
      other.exec("PRAGMA wal_autocheckpoint=0");
      other.exec("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(20000));");
      fs::copy_file(testutil::scratch() / "other.sqlite-wal", h.folder / "Accounts4.sqlite-wal");
    }
    const fix::FileResult r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.db.string() + ": no such table: ZACCOUNTPROPERTY; nothing changed");
    // The foreign frames were never checkpointed into the database.
    fs::remove(h.folder / "Accounts4.sqlite-wal");
    CHECK(h.integrity() == "ok");
    CHECK(h.original_values());
  }

  // ---- other writers ----

  TEST_CASE("another connection holding a write transaction refuses the fix with nothing changed") {
    Home h(true);
    const fix::Plan plan = h.plan();
    SQLite::Database other(h.db.string(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    const fix::FileResult r = h.apply(plan);
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.db.string() + ": database is locked; nothing changed");
    CHECK(r.backup_id.empty());
    CHECK(fix::list_backups(h.backups).empty());
    other.exec("ROLLBACK");
    CHECK(h.original_values());
  }

  TEST_CASE("another writer committing after the folder check is seen under the lock") {
    Home h(true);
    const fix::Plan plan = h.plan();
    const fix::FileResult r = h.apply(plan, h.racing([&] {
      h.exec("UPDATE ZACCOUNTPROPERTY SET ZVALUE = X'00' WHERE ZKEY = 'SSLEnabled' AND ZOWNER = 10");
    }));
    CHECK(r.outcome == fix::FileOutcome::Refused);
    CHECK(r.message == h.db.string() + ": changed since planning; plan again");
    CHECK(fix::list_backups(h.backups).empty());
    CHECK(h.cell("PortNumber") == encode_archived_scalar(S("143")));
  }

  // ---- the folder changing between plan and apply ----

  TEST_CASE("a file added to the folder after planning is backed up with the rest") {
    Home h;
    const fix::Plan plan = h.plan();
    testutil::write_bytes(h.folder / "added.plist", "added later");
    const fix::FileResult r = h.apply(plan);
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    CHECK(testutil::read_bytes(h.backups / r.backup_id / "original" / "added.plist") == "added later");
  }

  // ---- manifest tampering ----

  TEST_CASE("a manifest whose cells point at another row, table or column never writes there") {
    Home h;
    const fix::FileResult r = h.apply(h.plan());
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    const std::string smtp_port = h.cell("PortNumber", 11);
    // Row 6 is SMTP-1's PortNumber.
    h.tamper(r.backup_id, [&](nlohmann::json& j) {
      j["cells"] = nlohmann::json::array({j["cells"][0]});
      j["cells"][0]["row"] = 6;
    });
    fix::RestoreResult out = h.restore(r.backup_id, true);
    CHECK(out.status == fix::RestoreStatus::Error);
    CHECK(out.message == h.db.string() +
                             ": row 6 of ZACCOUNTPROPERTY is ZACCOUNT[SMTP-1].PortNumber, not "
                             "ZACCOUNT[IMAP-1].PortNumber; nothing changed");
    CHECK(h.cell("PortNumber", 11) == smtp_port);
    CHECK(h.fixed_values());

    h.tamper(r.backup_id, [&](nlohmann::json& j) { j["cells"][0]["table"] = "ZACCOUNTTYPE"; });
    out = h.restore(r.backup_id, true);
    CHECK(out.status == fix::RestoreStatus::Error);
    CHECK(out.message == h.db.string() + ": ZACCOUNTTYPE.ZVALUE is not a cell mailmend writes");

    h.tamper(r.backup_id, [&](nlohmann::json& j) {
      j["cells"][0]["table"] = "ZACCOUNT";
      j["cells"][0]["column"] = "ZUSERNAME";
    });
    out = h.restore(r.backup_id, true);
    CHECK(out.status == fix::RestoreStatus::Error);
    CHECK(out.message == h.db.string() + ": ZACCOUNT.ZUSERNAME is not a cell mailmend writes");  // blob: true

    h.tamper(r.backup_id, [&](nlohmann::json& j) {
      j["cells"][0]["table"] = "ZACCOUNTPROPERTY\" SET Z_PK = 0; --";
      j["cells"][0]["column"] = "ZVALUE";
    });
    CHECK(h.restore(r.backup_id, true).status == fix::RestoreStatus::Error);
    CHECK(h.fixed_values());
    CHECK(h.integrity() == "ok");
  }

  TEST_CASE("a manifest cell moved to another account's row of the same key is refused") {
    Home h;
    const fix::FileResult r = h.apply(h.plan());
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    // SSLEnabled of SMTP-1 (row 7) holds false, as IMAP-1's did: the bytes alone would match.
    h.tamper(r.backup_id, [&](nlohmann::json& j) {
      j["cells"] = nlohmann::json::array({j["cells"][1]});
      j["cells"][0]["row"] = 7;
      std::swap(j["cells"][0]["before_hex"], j["cells"][0]["after_hex"]);
    });
    const fix::RestoreResult out = h.restore(r.backup_id, false);
    CHECK(out.status == fix::RestoreStatus::Error);
    CHECK(out.message == h.db.string() +
                             ": row 7 of ZACCOUNTPROPERTY is ZACCOUNT[SMTP-1].SSLEnabled, not "
                             "ZACCOUNT[IMAP-1].SSLEnabled; nothing changed");
    CHECK(h.cell("SSLEnabled", 11) == encode_archived_scalar(false));
  }

  TEST_CASE("a manifest with odd-length or uppercase hex is damaged") {
    Home h;
    const fix::FileResult r = h.apply(h.plan());
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    const fs::path manifest = h.backups / r.backup_id / "manifest.json";
    for (const char* hex : {"abc", "0A", ""}) {
      h.tamper(r.backup_id, [&](nlohmann::json& j) { j["cells"][0]["before_hex"] = hex; });
      const fix::RestoreResult out = h.restore(r.backup_id, true);
      if (std::string(hex).empty()) {
        // Well-formed hex, but not an archived value: never written into ZVALUE.
        CHECK(out.status == fix::RestoreStatus::Error);
        CHECK(out.message ==
              h.db.string() + ": ZACCOUNT[IMAP-1].PortNumber: the recorded values are not archived scalars; nothing changed");
      } else {
        CHECK(out.status == fix::RestoreStatus::Error);
        CHECK(out.message == manifest.string() + ": damaged manifest (cells)");
      }
    }
    CHECK(h.fixed_values());
  }

  // ---- restore ----

  TEST_CASE("restore twice, and restore --force over partly changed cells") {
    Home h;
    const fix::FileResult r = h.apply(h.plan());
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    h.exec("UPDATE ZACCOUNTPROPERTY SET ZVALUE = X'" + std::string("00") + "' WHERE ZKEY = 'SSLEnabled' AND ZOWNER = 10");
    CHECK(h.restore(r.backup_id).status == fix::RestoreStatus::Refused);
    CHECK(h.cell("PortNumber") == encode_archived_scalar(S("993")));  // not half-restored
    CHECK(h.restore(r.backup_id, true).status == fix::RestoreStatus::Restored);
    CHECK(h.original_values());
    CHECK(h.restore(r.backup_id).status == fix::RestoreStatus::AlreadyOriginal);
    CHECK(h.restore(r.backup_id, true).status == fix::RestoreStatus::Restored);  // forced: written again
    CHECK(h.original_values());
    CHECK(h.integrity() == "ok");
  }

  TEST_CASE("restore while another connection holds a write transaction changes nothing") {
    Home h(true);
    const fix::FileResult r = h.apply(h.plan());
    REQUIRE(r.outcome == fix::FileOutcome::Applied);
    SQLite::Database other(h.db.string(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    const fix::RestoreResult out = h.restore(r.backup_id);
    // Refused (exit 3, try again later), like a client running: the backup itself is fine.
    CHECK(out.status == fix::RestoreStatus::Refused);
    CHECK(out.message == h.db.string() + ": database is locked; nothing changed");
    other.exec("ROLLBACK");
    CHECK(h.fixed_values());
  }
}
