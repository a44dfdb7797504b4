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
  TEST_CASE("existing rows are updated keeping the archived type, and Z_OPT is bumped") {
    build();
    auto s = update_accounts_db("Accounts4.sqlite",
                                {edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993}),
                                 edit("incoming.security", "ZACCOUNT[IMAP-1].SSLEnabled", S("tls")),
                                 edit("outgoing.port", "ZACCOUNT[SMTP-1].PortNumber", I{587}),
                                 edit("incoming.username", "ZACCOUNT[IMAP-1].ZUSERNAME", S("ann@example.com"))});
    REQUIRE(s.ok());
    auto out = read_accounts_db("Accounts4.sqlite");
    const auto& a = apple_test::account(*out, "IMAP-1");
    CHECK(a.incoming->port.value == 993);
    CHECK(a.incoming->security.value == core::Security::Tls);
    CHECK(a.incoming->username.value == "ann@example.com");
    CHECK(a.outgoing->port.value == 587);
    CHECK(z_opt("PortNumber", 10) == 2);
    SQLite::Database db("Accounts4.sqlite");
    SQLite::Statement q(db, "SELECT ZVALUE FROM ZACCOUNTPROPERTY WHERE ZKEY = 'PortNumber' AND ZOWNER = 10");
    REQUIRE(q.executeStep());
    auto blob = q.getColumn(0);
    auto decoded = decode_archived_scalar(std::string(static_cast<const char*>(blob.getBlob()), blob.getBytes()));
    CHECK(decoded->value() == ArchivedScalar{S("993")});  // a string port stays a string
  }

  TEST_CASE("managed accounts, absent rows and other locations are refused and nothing changes") {
    build();
    std::string before = testutil::read_bytes("Accounts4.sqlite");
    CHECK(update_accounts_db("Accounts4.sqlite", {edit("incoming.host", "ZACCOUNT[MDM-4].Hostname", S("x"))}).error().message ==
          "Accounts4.sqlite: ZACCOUNT[MDM-4].Hostname: belongs to a managed or provider account, or to no mail account; "
          "not changed");
    CHECK(update_accounts_db("Accounts4.sqlite", {edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993}),
                                                  edit("outgoing.security", "ZACCOUNT[SMTP-1].SSLEnabled", S("tls"))})
              .error()
              .message == "Accounts4.sqlite: ZACCOUNT[SMTP-1].SSLEnabled: no such property row; mailmend never inserts rows");
    CHECK(update_accounts_db("Accounts4.sqlite", {edit("incoming.port", "MailAccounts[0].PortNumber", I{993})}).error().message ==
          "Accounts4.sqlite: MailAccounts[0].PortNumber: not an Accounts database location");
    CHECK(testutil::read_bytes("Accounts4.sqlite") == before);
  }

  TEST_CASE("a database locked by another writer is refused after the busy timeout") {
    build();
    SQLite::Database other("Accounts4.sqlite", SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    auto s = update_accounts_db("Accounts4.sqlite", {edit("incoming.port", "ZACCOUNT[IMAP-1].PortNumber", I{993})},
                                AccountsDbWriteOptions{std::chrono::milliseconds(50)});
    CHECK(s.error().message == "Accounts4.sqlite: database is locked; nothing changed");
    other.exec("ROLLBACK");
  }

  TEST_CASE("the whole Accounts folder is backed up byte for byte") {
    std::filesystem::create_directories("Library/Accounts");
    testutil::write_bytes("Library/Accounts/Accounts4.sqlite", "db");
    testutil::write_bytes("Library/Accounts/Accounts4.sqlite-wal", "wal");
    auto target = backup_accounts_folder("Library/Accounts/Accounts4.sqlite", "backups");
    REQUIRE(target.ok());
    CHECK(testutil::read_bytes(*target / "Accounts4.sqlite") == "db");
    CHECK(testutil::read_bytes(*target / "Accounts4.sqlite-wal") == "wal");
  }
}
