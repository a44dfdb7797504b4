#include <doctest/doctest.h>

#include <filesystem>

#include "accounts_db_builder.hpp"
#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/accounts_db_writer.hpp"
#include "apple_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::apple;
using apple_test::AccountsDbBuilder;
using S = std::string;
using I = std::int64_t;

namespace {

void build() {
  AccountsDbBuilder b("Accounts4.sqlite");
  b.account(10, 1, "IMAP-1", "ann");
  b.property(10, "Hostname", S("imap.example.com"));
  b.property(10, "PortNumber", S("143"));
  b.property(10, "SSLEnabled", false);
  b.property(10, "SendingAccountIdentifier", S("SMTP-1"));
  b.account(11, 2, "SMTP-1", "ann");
  b.property(11, "Hostname", S("smtp.example.com"));
  b.property(11, "PortNumber", I{25});
  b.account(15, 1, "MDM-4", "dora");
  b.property(15, "Hostname", S("mail.example.com"));
  b.property(15, "ManagedTag", S("tag"));
}

core::Edit edit(const std::string& field, const std::string& key, core::FieldValue v) {
  return core::Edit{"x", field, core::Origin{"Accounts4.sqlite", key, 0, false}, std::move(v)};
}

const AccountsDbStore store;

std::vector<core::CellChange> prepare(const std::vector<core::Edit>& edits) {
  auto cells = store.prepare("Accounts4.sqlite", edits);
  REQUIRE_MESSAGE(cells.ok(), (cells.ok() ? "" : cells.error().message));
  return *cells;
}

std::string prepare_error(const std::vector<core::Edit>& edits) {
  auto cells = store.prepare("Accounts4.sqlite", edits);
  REQUIRE(!cells.ok());
  return cells.error().message;
}

core::WriteOutcome write(const std::vector<core::CellChange>& cells, core::CellCheck check = core::CellCheck::Before,
                         const core::WhileLocked& while_locked = {}) {
  auto out = store.write("Accounts4.sqlite", cells, check, while_locked);
  REQUIRE_MESSAGE(out.ok(), (out.ok() ? "" : out.error().message));
  return *out;
}

std::string stored_value(const std::string& key, int owner) {
  SQLite::Database db("Accounts4.sqlite");
  SQLite::Statement q(db, "SELECT ZVALUE FROM ZACCOUNTPROPERTY WHERE ZKEY = ? AND ZOWNER = ?");
  q.bind(1, key);
  q.bind(2, owner);
  REQUIRE(q.executeStep());
  auto blob = q.getColumn(0);
  return std::string(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes()));
}

int z_opt(const std::string& key, int owner) {
  SQLite::Database db("Accounts4.sqlite");
  SQLite::Statement q(db, "SELECT Z_OPT FROM ZACCOUNTPROPERTY WHERE ZKEY = ? AND ZOWNER = ?");
  q.bind(1, key);
  q.bind(2, owner);
  REQUIRE(q.executeStep());
  return q.getColumn(0).getInt();
}

}  // namespace

TEST_SUITE("apple.accounts_db_writer") {
  TEST_CASE("prepare reads the exact cells without changing the database") {
    build();
    const std::string before = testutil::read_bytes("Accounts4.sqlite");
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993}),
                          edit("incoming.security", "ZACCOUNT[IMAP-1].SSLEnabled", S("tls")),
                          edit("outgoing.port", "ZACCOUNT[SMTP-1].PortNumber", I{587}),
                          edit("incoming.username", "ZACCOUNT[IMAP-1].ZUSERNAME", S("ann@example.com"))});
    REQUIRE(cells.size() == 4);
    CHECK(cells[0].table == "ZACCOUNTPROPERTY");
    CHECK(cells[0].column == "ZVALUE");
    CHECK(cells[0].row == 2);  // the second property row inserted by build()
    CHECK(cells[0].blob);
    CHECK(cells[0].before == encode_archived_scalar(S("143")));
    CHECK(cells[0].after == encode_archived_scalar(S("993")));  // a string port stays a string
    CHECK(cells[0].before_text == "\"143\"");
    CHECK(cells[0].after_text == "\"993\"");
    CHECK(cells[1].before_text == "false");
    CHECK(cells[1].after_text == "true");
    CHECK(cells[2].before_text == "25");
    CHECK(cells[2].after_text == "587");
    CHECK(cells[3].table == "ZACCOUNT");
    CHECK(cells[3].column == "ZUSERNAME");
    CHECK(cells[3].row == 10);
    CHECK_FALSE(cells[3].blob);
    CHECK(cells[3].before == "ann");
    CHECK(cells[3].after == "ann@example.com");
    CHECK(testutil::read_bytes("Accounts4.sqlite") == before);
  }

  TEST_CASE("writing changes exactly the cells, keeps the archived types and bumps Z_OPT") {
    build();
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993}),
                          edit("incoming.security", "ZACCOUNT[IMAP-1].SSLEnabled", S("tls")),
                          edit("outgoing.port", "ZACCOUNT[SMTP-1].PortNumber", I{587}),
                          edit("incoming.username", "ZACCOUNT[IMAP-1].ZUSERNAME", S("ann@example.com"))});
    const std::string smtp_host = stored_value("Hostname", 11);
    CHECK(write(cells) == core::WriteOutcome::Written);
    auto out = read_accounts_db("Accounts4.sqlite");
    const auto& a = apple_test::account(*out, "IMAP-1");
    CHECK(a.incoming->port.value == 993);
    CHECK(a.incoming->security.value == core::Security::Tls);
    CHECK(a.incoming->username.value == "ann@example.com");
    CHECK(a.outgoing->port.value == 587);
    CHECK(z_opt("PortNumber", 10) == 2);
    CHECK(z_opt("Hostname", 10) == 1);
    CHECK(stored_value("PortNumber", 10) == encode_archived_scalar(S("993")));
    CHECK(stored_value("PortNumber", 11) == encode_archived_scalar(I{587}));
    CHECK(stored_value("SSLEnabled", 10) == encode_archived_scalar(true));
    CHECK(stored_value("Hostname", 11) == smtp_host);
  }

  TEST_CASE("the cells are checked under the write lock: changed, already done, forced") {
    build();
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    CHECK(write(cells) == core::WriteOutcome::Written);
    CHECK(write(cells) == core::WriteOutcome::AlreadyDone);
    CHECK(write(core::reversed(cells)) == core::WriteOutcome::Written);
    CHECK(stored_value("PortNumber", 10) == encode_archived_scalar(S("143")));
    auto other = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{995})});
    CHECK(write(other) == core::WriteOutcome::Written);
    CHECK(write(cells) == core::WriteOutcome::Changed);  // holds 995: neither 143 nor 993
    CHECK(stored_value("PortNumber", 10) == encode_archived_scalar(S("995")));
    CHECK(write(cells, core::CellCheck::Any) == core::WriteOutcome::Written);
    CHECK(stored_value("PortNumber", 10) == encode_archived_scalar(S("993")));
  }

  TEST_CASE("the backup step runs while the write lock is held, and its error aborts the write") {
    build();
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    bool other_writer_blocked = false;
    auto failing = [&](const std::vector<core::CellChange>&) -> util::Status {
      SQLite::Database other("Accounts4.sqlite", SQLite::OPEN_READWRITE);
      try {
        other.exec("BEGIN IMMEDIATE");
      } catch (const SQLite::Exception&) {
        other_writer_blocked = true;
      }
      return util::make_error("backup failed");
    };
    auto out = store.write("Accounts4.sqlite", cells, core::CellCheck::Before, failing);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == "backup failed");
    CHECK(other_writer_blocked);
    CHECK(stored_value("PortNumber", 10) == encode_archived_scalar(S("143")));
  }

  TEST_CASE("managed accounts, absent rows and other locations are refused and nothing changes") {
    build();
    std::string before = testutil::read_bytes("Accounts4.sqlite");
    CHECK(prepare_error({edit("incoming.host", "ZACCOUNT[MDM-4].Hostname", S("x"))}) ==
          "Accounts4.sqlite: ZACCOUNT[MDM-4].Hostname: belongs to a managed or provider account, or to no mail account; "
          "not changed");
    CHECK(prepare_error({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993}),
                         edit("outgoing.security", "ZACCOUNT[SMTP-1].SSLEnabled", S("tls"))}) ==
          "Accounts4.sqlite: ZACCOUNT[SMTP-1].SSLEnabled: no such property row; mailmend never inserts rows");
    CHECK(prepare_error({edit("incoming.port", "MailAccounts[0].PortNumber", I{993})}) ==
          "Accounts4.sqlite: MailAccounts[0].PortNumber: not an Accounts database location");
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    cells[0].table = "ZACCOUNTTYPE";
    auto out = store.write("Accounts4.sqlite", cells, core::CellCheck::Any, {});
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == "Accounts4.sqlite: ZACCOUNTTYPE.ZVALUE is not a cell mailmend writes");
    CHECK(testutil::read_bytes("Accounts4.sqlite") == before);
  }

  TEST_CASE("a database locked by another writer is refused after the busy timeout") {
    build();
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    SQLite::Database other("Accounts4.sqlite", SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    const AccountsDbStore impatient(std::chrono::milliseconds(50));
    auto out = impatient.write("Accounts4.sqlite", cells, core::CellCheck::Before, {});
    REQUIRE(out.ok());
    CHECK(*out == core::WriteOutcome::Busy);
    other.exec("ROLLBACK");
  }

  TEST_CASE("a database reached through a symbolic link is not opened for writing") {
    build();
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    if (!testutil::make_symlink(std::filesystem::absolute("."), "link")) {
      MESSAGE(testutil::kNoSymlinks);
      return;
    }
    auto out = store.write("link/Accounts4.sqlite", cells, core::CellCheck::Before, {});
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message.starts_with("link/Accounts4.sqlite: unable to open database file"));
    CHECK(stored_value("PortNumber", 10) == encode_archived_scalar(S("143")));
  }

  TEST_CASE("an absent value gets no cell when the other cells make its default right, and is refused otherwise") {
    AccountsDbBuilder b("Accounts4.sqlite");
    b.account(10, 1, "IMAP-1", "ann");
    b.property(10, "Hostname", S("imap.example.com"));
    b.property(10, "SSLEnabled", false);  // no PortNumber: Mail uses the default, 143 without SSL
    b.account(12, 1, "IMAP-2", "bob");
    b.property(12, "Hostname", S("imap.example.org"));
    b.property(12, "PortNumber", I{143});
    b.property(12, "SSLEnabled", false);
    const auto absent_port = [](const std::string& id) {
      return core::Edit{"x", "incoming.port", core::Origin{"Accounts4.sqlite", "ZACCOUNT[" + id + "].PortNumber", 0, true},
                        I{993}};
    };
    // SSL on makes the default port 993: one cell, and the port needs none.
    auto cells = prepare({absent_port("IMAP-1"), edit("incoming.security", "ZACCOUNT[IMAP-1].SSLEnabled", S("tls"))});
    REQUIRE(cells.size() == 1);
    CHECK(cells[0].location == "ZACCOUNT[IMAP-1].SSLEnabled");
    // Without the security change the default stays 143.
    CHECK(prepare_error({absent_port("IMAP-1")}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-1].PortNumber: not stored (Mail uses its default, which would be 143 after "
          "this fix, not 993); mailmend never adds values: set it in Mail > Settings > Accounts");
    // SSL on a stored port 143 is STARTTLS to Mail, not TLS: refused rather than written wrong.
    CHECK(prepare_error({edit("incoming.security", "ZACCOUNT[IMAP-2].SSLEnabled", S("tls"))}) ==
          "Accounts4.sqlite: ZACCOUNT[IMAP-2].SSLEnabled: would read back as starttls, not tls; not changed");
    CHECK(prepare({edit("incoming.security", "ZACCOUNT[IMAP-2].SSLEnabled", S("tls")),
                   edit("incoming.port", "ZACCOUNT[IMAP-2].PortNumber", I{993})})
              .size() == 2);
  }

  TEST_CASE("a WAL database with frames not yet checkpointed is read and written through SQLite") {
    apple_test::AccountsDbBuilder b("Accounts4.sqlite", true);
    b.account(10, 1, "IMAP-1", "ann");
    b.property(10, "Hostname", S("imap.example.com"));
    b.property(10, "PortNumber", I{143});
    REQUIRE(std::filesystem::file_size("Accounts4.sqlite-wal") > 0);
    auto cells = prepare({edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})});
    CHECK(write(cells) == core::WriteOutcome::Written);
    SQLite::Statement q(b.db(), "SELECT ZVALUE FROM ZACCOUNTPROPERTY WHERE ZKEY = 'PortNumber'");
    REQUIRE(q.executeStep());
    auto blob = q.getColumn(0);
    CHECK(std::string(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes())) ==
          encode_archived_scalar(I{993}));
  }
}
