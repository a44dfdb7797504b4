#include <doctest/doctest.h>

#include <filesystem>

#include "accounts_db_builder.hpp"
#include "adapters/apple/accounts_db.hpp"
#include "apple_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::apple;
using apple_test::account;
using apple_test::AccountsDbBuilder;
using S = std::string;
using I = std::int64_t;

namespace {

void fill(AccountsDbBuilder& b) {
  b.account(10, 1, "IMAP-1", "ann@example.com");
  b.property(10, "Hostname", S("imap.example.com"));
  b.property(10, "PortNumber", S("993"));
  b.property(10, "SSLEnabled", true);
  b.property(10, "SendingAccountIdentifier", S("SMTP-1"));
  b.property(10, "IdentityEmailAddress", S("ann@example.com"));
  b.account(11, 2, "SMTP-1", "ann@example.com");
  b.property(11, "Hostname", S("smtp.example.com"));
  b.property(11, "PortNumber", I{587});
  b.property(11, "SSLEnabled", I{1});
  b.property(11, "AuthenticationScheme", S("CRAM-MD5"));
  b.account(12, 3, "POP-2", "bob");
  b.property(12, "Hostname", S("pop.example.org"));
  b.property(12, "SendingAccountIdentifier", S("GONE"));
  b.account(13, 4, "GOOGLE-3", "carl@gmail.com");
  b.account(14, 5, "GMAIL-IMAP", "carl@gmail.com", 13);
  b.property(14, "Hostname", S("imap.gmail.com"));
  b.account(15, 1, "MDM-4", "dora@example.com");
  b.property(15, "Hostname", S("mail.example.com"));
  b.property(15, "mcProfileUUID", S("8A1F-PROFILE"));
  b.account(16, 1, "OTHER-ENTITY", "x", 0, 99);  // not of the Account entity: ignored
  b.raw_property(10, "Broken", "bplist00garbage");
}

}  // namespace

TEST_SUITE("apple.accounts_db") {
  TEST_CASE("IMAP and POP rows are read, joined to their SMTP row, with origins") {
    {
      AccountsDbBuilder b("Accounts4.sqlite");
      fill(b);
    }
    auto out = read_accounts_db("Accounts4.sqlite");
    REQUIRE(out.ok());
    REQUIRE(out->accounts.size() == 4);
    const auto& imap = account(*out, "IMAP-1");
    CHECK(imap.id == "applemail:Accounts4.sqlite#IMAP-1");
    CHECK(imap.name == "Account IMAP-1");
    CHECK(imap.email == "ann@example.com");
    CHECK(imap.incoming->host.value == "imap.example.com");
    CHECK(imap.incoming->host.origin == core::Origin{"Accounts4.sqlite", "ZACCOUNT[IMAP-1].Hostname", 0, false});
    CHECK(imap.incoming->port.value == 993);
    CHECK(imap.incoming->security.value == core::Security::Tls);
    CHECK(imap.incoming->username.value == "ann@example.com");
    CHECK(imap.incoming->username.origin.key == "ZACCOUNT[IMAP-1].ZUSERNAME");
    REQUIRE(imap.outgoing);
    CHECK(imap.outgoing->host.value == "smtp.example.com");
    CHECK(imap.outgoing->port.value == 587);
    CHECK(imap.outgoing->security.value == core::Security::StartTls);
    CHECK(imap.outgoing->auth.value == core::Auth::PasswordEncrypted);
    CHECK_FALSE(imap.managed);

    const auto& pop = account(*out, "POP-2");
    CHECK(pop.incoming->protocol == core::Protocol::Pop3);
    CHECK(pop.incoming->port.value == 110);
    CHECK(pop.incoming->port.origin == core::Origin{"Accounts4.sqlite", "ZACCOUNT[POP-2].PortNumber", 0, true});
    CHECK(pop.incoming->security.value == core::Security::None);
    CHECK_FALSE(pop.outgoing);

    CHECK(account(*out, "GMAIL-IMAP").managed);
    CHECK(account(*out, "MDM-4").managed);
    CHECK(apple_test::rules_of(*out) == std::vector<std::string>{"applemail-missing-delivery-account@POP-2",
                                                                  "applemail-internet-account@GMAIL-IMAP",
                                                                  "applemail-managed@MDM-4"});
    CHECK(out->findings[1].message ==
          "servers of this account come from com.apple.account.Google account GOOGLE-3 (System Settings > Internet "
          "Accounts); they are not edited here");
    CHECK(out->findings[2].message ==
          "managed by configuration profile 8A1F-PROFILE: change it in the MDM or profile, not on this Mac (mailmend "
          "profile writes a corrected profile)");
  }

  TEST_CASE("rows still in the -wal file are read from the copy") {
    AccountsDbBuilder b("Accounts4.sqlite", true);
    fill(b);
    // The writer is still open, so the rows are only in Accounts4.sqlite-wal.
    REQUIRE(std::filesystem::file_size("Accounts4.sqlite-wal") > 0);
    auto out = read_accounts_db("Accounts4.sqlite");
    REQUIRE(out.ok());
    CHECK(out->accounts.size() == 4);
    CHECK(std::filesystem::exists("Accounts4.sqlite-wal"));
  }

  TEST_CASE("ZPARENTACCOUNT typed VARCHAR (plaso's Accounts4 schema) still marks child accounts") {
    {
      AccountsDbBuilder b("Accounts4.sqlite");
      b.account(13, 4, "GOOGLE-3");
      b.account(14, 5, "GMAIL-IMAP", "c", 0);
      b.db().exec("UPDATE ZACCOUNT SET ZPARENTACCOUNT = '13' WHERE Z_PK = 14");
    }
    auto out = read_accounts_db("Accounts4.sqlite");
    REQUIRE(out.ok());
    CHECK(account(*out, "GMAIL-IMAP").managed);
  }

  TEST_CASE("hostile property values are ignored, not fatal") {
    {
      AccountsDbBuilder b("Accounts4.sqlite");
      b.account(10, 1, "IMAP-1", "ann");
      // An array that contains itself, then a 20 MB blob: both refused by the plist checks.
      std::string cycle = std::string("bplist00\xA1\x00\x08", 11) + std::string(6, '\0') + "\x01\x01" +
                          std::string(7, '\0') + "\x01" + std::string(7, '\0') + std::string(1, '\0') +
                          std::string(7, '\0') + "\x0A";
      b.raw_property(10, "Hostname", cycle);
      b.raw_property(10, "PortNumber", "bplist00" + std::string(20u * 1024u * 1024u, 'x'));
      b.db().exec("CREATE VIEW ZSNEAKY AS SELECT 1");
    }
    auto out = read_accounts_db("Accounts4.sqlite");
    REQUIRE(out.ok());
    REQUIRE(out->accounts.size() == 1);
    CHECK(out->accounts[0].incoming->host.value == "");
    CHECK(out->accounts[0].incoming->port.value == 143);
  }

  TEST_CASE("a database that is not an Accounts database is an error") {
    { SQLite::Database("other.sqlite", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE t (a)"); }
    CHECK(read_accounts_db("other.sqlite").error().message == "other.sqlite: no table ZACCOUNT: not an Accounts database");
    testutil::write_bytes("junk.sqlite", std::string(4096, 'x'));
    CHECK(read_accounts_db("junk.sqlite").error().message == "junk.sqlite: file is not a database");
    CHECK(read_accounts_db("missing.sqlite").error().message == "missing.sqlite: not a regular file");
  }

  TEST_CASE("the real Accounts3 sample has no mail accounts and reads without error") {
    REQUIRE_SHARED();
    auto db = testutil::shared_dir() / "real-samples/apple/AdrianClaudio__School-Stuff__Accounts3.sqlite";
    auto out = read_accounts_db(db);
    REQUIRE(out.ok());
    CHECK(out->accounts.empty());
    CHECK(out->findings.empty());
  }

  TEST_CASE("the temporary copy is removed after reading") {
    { AccountsDbBuilder b("Accounts4.sqlite"); }
    auto tmp = std::filesystem::temp_directory_path();
    auto count = [&] {
      int n = 0;
      for (const auto& e : std::filesystem::directory_iterator(tmp)) n += e.path().filename().string().starts_with("mailmend-accounts-");
      return n;
    };
    int before = count();
    REQUIRE(read_accounts_db("Accounts4.sqlite").ok());
    CHECK(count() == before);
  }
}
