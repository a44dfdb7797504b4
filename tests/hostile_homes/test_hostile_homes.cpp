// Hostile homes audited as root: what a user can plant in their own home must never hang, crash,
// loop, make the audit read one file thousands of times, or break the report's one line per item.
// Every run is stopped after 30 s, so a regression fails instead of hanging CI. The cases that
// only mean something on POSIX are in test_hostile_homes_posix.cpp.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "adapters/apple/plist_tree.hpp"
#include "adapters/thunderbird/profiles_ini.hpp"
#include "hostile_homes/hostile_audit.hpp"
#include "support/testutil.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::run_audit;
using cli_test::count;
using cli_test::kOneAccount;
using cli_test::make_profile_root;

}  // namespace

TEST_SUITE("cli hostile homes 2") {
  TEST_CASE("a prefs.js padded to 63 MB with zeros (a sparse file: no disk used) is read only up to its NUL") {
    std::string ini;
    for (int i = 0; i < 200; ++i) {
      const std::string n = std::to_string(i);
      ini += "[Profile" + n + "]\nName=p" + n + "\nIsRelative=1\nPath=p" + n + "\n";
      const fs::path prefs = "home/.thunderbird/p" + n + "/prefs.js";
      testutil::write_bytes(prefs, kOneAccount);
      fs::resize_file(prefs, 63u * 1024u * 1024u);
    }
    make_profile_root("home/.thunderbird", ini);
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("  ok      thunderbird  " + testutil::native("home/.thunderbird/p199/prefs.js") +
                     "  profile 'p199': 1 mail account\n") != std::string::npos);
    CHECK(r.out.find("Summary: 200 accounts, ") != std::string::npos);
    // Cost before the fix: 200 reads of 63 MB of zeros: about 40 s here
  }

  TEST_CASE("tens of thousands of profiles and installs.ini sections are matched without quadratic time") {
    adapters::thunderbird::IniData profiles, installs;
    for (int i = 0; i < 100000; ++i) {
      auto& s = profiles["Profile" + std::to_string(i)];
      s["IsRelative"] = "1";
      s["Name"] = "p" + std::to_string(i);
      s["Path"] = "p" + std::to_string(i);
      installs["I" + std::to_string(i)]["Default"] = "x" + std::to_string(i);
    }
    installs["I77"]["Default"] = "p4242";
    auto ini = adapters::thunderbird::interpret_profiles_ini("root", profiles, installs);
    CHECK(ini.profiles.size() == 100000);
    CHECK(ini.default_index == 4242);
    CHECK(ini.default_reason.english == "installs.ini [I77] Default");
    // Cost before the fix: 10^10 string comparisons, minutes
  }

  TEST_CASE("a Mail folder of a thousand V folders among many entries: the newest 100 plists read, the folder listed once") {
    const std::string plist = testutil::read_bytes(testutil::source_dir() /
                                                   "fixtures/homes/mac-legacy-bob/Library/Mail/V2/MailData/Accounts.plist");
    for (int v = 1; v <= 1000; ++v) {
      testutil::write_bytes("home/Library/Mail/V" + std::to_string(v) + "/MailData/Accounts.plist", plist);
    }
    testutil::write_bytes("home/Library/Mail/junk", "");
    for (int i = 0; i < 20000; ++i) fs::create_hard_link("home/Library/Mail/junk", "home/Library/Mail/j" + std::to_string(i));
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(count(r.out, testutil::native("MailData/Accounts.plist") + "  leftover legacy plist: ~/Library/Mail/V") ==
          100);
    CHECK(r.out.find("  ok      applemail  " + testutil::native("home/Library/Mail") +
                     "  1000 version folders; only the newest 100 were read (V901, "
                     "V902, ") != std::string::npos);
    CHECK(r.out.find(", V999, V1000)\n") != std::string::npos);
    CHECK(r.out.find(testutil::native("home/Library/Mail/V900/MailData/Accounts.plist")) == std::string::npos);
    CHECK(r.out.find(testutil::native("home/Library/Mail/V901/MailData/Accounts.plist") + "  leftover") !=
          std::string::npos);
    CHECK(r.out.find(testutil::native("home/Library/Mail/V1000/MailData/Accounts.plist") +
                     "  leftover legacy plist: ~/Library/Mail/V5 exists "
                     "(macOS 10.13 or later)\n") != std::string::npos);
    // Cost before the fix: 1000 plists and 1000 listings of 21,000 entries, about 10 s here
  }

  TEST_CASE("printable escapes every byte of C1 controls, line separators and ill-formed UTF-8") {
    CHECK(util::printable("a\xC2\x85" "b") == "a\\xC2\\x85b");                    // U+0085 NEL
    CHECK(util::printable("\xC2\x9B" "2J") == "\\xC2\\x9B2J");                     // U+009B CSI
    CHECK(util::printable("\xE2\x80\xA8\xE2\x80\xA9") == "\\xE2\\x80\\xA8\\xE2\\x80\\xA9");
    CHECK(util::printable("\xC0\x8A") == "\\xC0\\x8A");                          // overlong '\n'
    CHECK(util::printable("\xE0\x80\x8A") == "\\xE0\\x80\\x8A");                // overlong '\n'
    CHECK(util::printable("\xED\xA0\x80") == "\\xED\\xA0\\x80");                // a surrogate
    CHECK(util::printable("\xF4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");      // above U+10FFFF
    CHECK(util::printable("\xC2\xA0\xE2\x82\xAC\xF0\x9F\x93\xA7") == "\xC2\xA0\xE2\x82\xAC\xF0\x9F\x93\xA7");
  }

  TEST_CASE("a prefs.js listing thousands of accounts is read up to 1000 of them, in bounded time and memory") {
    std::string prefs = "user_pref(\"mail.accountmanager.accounts\", \"";
    for (int i = 0; i < 5000; ++i) prefs += (i ? ",a" : "a") + std::to_string(i);
    prefs += "\");\n";
    for (int i = 0; i < 5000; ++i) {
      std::string n = std::to_string(i);
      prefs += "user_pref(\"mail.account.a" + n + ".server\", \"s" + n + "\");\nuser_pref(\"mail.server.s" + n +
               ".hostname\", \"imap.gmail.com\");\nuser_pref(\"mail.server.s" + n + ".type\", \"imap\");\n";
    }
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n");
    testutil::write_bytes("home/.thunderbird/p/prefs.js", prefs);
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("  ok      thunderbird  " + testutil::native("home/.thunderbird/p/prefs.js") +
                     "  profile 'a', the default profile (the only "
                     "profile): 1000 mail accounts; mail.accountmanager.accounts lists 4000 more, not read (only the "
                     "first 1000 are)\n") != std::string::npos);
    CHECK(r.out.find("Summary: 1000 accounts, ") != std::string::npos);
  }

  TEST_CASE("an Accounts.plist of 80,000 accounts is read in one pass and only 1000 are audited") {
    adapters::apple::PlistPtr root(plist_new_dict());
    plist_t accounts = plist_new_array();
    for (int i = 0; i < 80000; ++i) {
      plist_t a = plist_new_dict();
      plist_dict_set_item(a, "AccountType", plist_new_string("IMAPAccount"));
      plist_dict_set_item(a, "Hostname", plist_new_string("imap.example.com"));
      plist_dict_set_item(a, "uniqueId", plist_new_string(("u" + std::to_string(i)).c_str()));
      plist_array_append_item(accounts, a);
    }
    plist_dict_set_item(root.get(), "MailAccounts", accounts);
    testutil::write_bytes("home/Library/Mail/V4/MailData/Accounts.plist",
                          adapters::apple::serialise_plist(root.get(), adapters::apple::PlistFormat::Binary));
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("  skipped applemail  " + testutil::native("home/Library/Mail") +
                     "  80000 mail accounts; only the first 1000 were audited\n") != std::string::npos);
    CHECK(r.out.find("Summary: 1000 accounts, ") != std::string::npos);
    // Cost before the fix: array items fetched one by one from the start: over 30 s here
  }

  TEST_CASE("a PRF of 40,000 accounts finds each section without a linear search") {
    std::string prf = "[General]\nProfileName=P\n[Internet Account List]\n";
    for (int i = 1; i <= 40000; ++i) prf += "Account" + std::to_string(i) + "=IMAP_I_Mail\n";
    for (int i = 1; i <= 40000; ++i) prf += "[Account" + std::to_string(i) + "]\nIMAPServer=imap.gmail.com\nIMAPPort=143\n";
    prf += "[Account1]\nIMAPServer=ignored.example.com\n";  // a repeated name: the first section wins
    testutil::write_bytes("big.prf", prf);
    auto r = run_audit({"audit", "big.prf"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("  ok      outlook  big.prf  PRF for profile \"P\", 40000 account(s)\n") != std::string::npos);
    CHECK(r.out.find("  skipped outlook  big.prf  40000 mail accounts; only the first 1000 were audited\n") !=
          std::string::npos);
    CHECK(r.out.find("ignored.example.com") == std::string::npos);
    // Cost before the fix: 40,000 linear searches of 40,000 sections: about 20 s here
  }

  TEST_CASE("profile leaves out an account whose values XML cannot carry instead of writing an unreadable profile") {
    // A binary plist holds any string; XML 1.0 cannot carry U+0001 or ESC.
    adapters::apple::PlistPtr root(plist_new_dict());
    plist_t accounts = plist_new_array();
    for (std::string name : {std::string("Clean"), std::string("Bad\x01\x1b[2J")}) {
      plist_t a = plist_new_dict();
      plist_dict_set_item(a, "AccountName", plist_new_string(name.c_str()));
      plist_dict_set_item(a, "AccountType", plist_new_string("IMAPAccount"));
      plist_t emails = plist_new_array();
      plist_array_append_item(emails, plist_new_string(("x" + std::to_string(name.size()) + "@gmail.com").c_str()));
      plist_dict_set_item(a, "EmailAddresses", emails);
      plist_dict_set_item(a, "Hostname", plist_new_string("imap.gmail.com"));
      plist_dict_set_item(a, "PortNumber", plist_new_string("143"));
      plist_dict_set_item(a, "uniqueId", plist_new_string(name.c_str()));
      plist_array_append_item(accounts, a);
    }
    plist_dict_set_item(root.get(), "MailAccounts", accounts);
    testutil::write_bytes("home/Library/Mail/V4/MailData/Accounts.plist",
                          adapters::apple::serialise_plist(root.get(), adapters::apple::PlistFormat::Binary));
    auto r = run_audit({"profile", "--home", "home", "-o", "out.mobileconfig"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("mailmend: applemail:" + testutil::native("home/Library/Mail/V4/MailData/Accounts.plist") +
                     "#Bad\\x01\\x1B[2J: left out of "
                     "the profile: a name, address, host or user name holds control characters or invalid UTF-8, "
                     "which a profile cannot carry; correct this account by hand\n") != std::string::npos);
    CHECK(r.err.find("mailmend: profile for 1 account(s) with ") != std::string::npos);
    const std::string profile = testutil::read_bytes("out.mobileconfig");
    CHECK(testutil::tinyxml2_error(profile) == "");
    CHECK(profile.find("<string>Clean</string>") != std::string::npos);
    CHECK(profile.find("Bad") == std::string::npos);
  }

  TEST_CASE("an Accounts database whose tables are a recursive view or a virtual table is refused, not run forever") {
    const std::string tables =
        "CREATE TABLE ZACCOUNT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZACCOUNTTYPE INTEGER, ZIDENTIFIER VARCHAR);"
        "CREATE TABLE ZACCOUNTTYPE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZIDENTIFIER VARCHAR);";
    fs::create_directories("home/Library/Accounts");
    {
      SQLite::Database db("home/Library/Accounts/Accounts4.sqlite", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec(tables +
              "CREATE TABLE ZACCOUNTPROPERTY (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZOWNER INTEGER, ZKEY VARCHAR, "
              "ZVALUE BLOB);"
              "CREATE VIEW Z_PRIMARYKEY AS WITH RECURSIVE c(Z_ENT, Z_NAME) AS (SELECT 1, 'x' UNION ALL "
              "SELECT Z_ENT + 1, 'x' FROM c) SELECT * FROM c;");
      SQLite::Database fts("Accounts3.sqlite", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      fts.exec(tables +
               "CREATE VIRTUAL TABLE ZACCOUNTPROPERTY USING fts4(Z_PK, Z_ENT, ZOWNER, ZKEY, ZVALUE);"
               "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER, Z_NAME VARCHAR);");
    }
    auto r = run_audit({"audit", "--home", "home", "Accounts3.sqlite"});
    CHECK(r.exit_code == 2);
    const std::string db = testutil::native("home/Library/Accounts/Accounts4.sqlite");
    CHECK(r.out.find("  error   applemail  " + db + "  " + db +
                     ": Z_PRIMARYKEY is a view or virtual table, not a table: not an Accounts database\n") !=
          std::string::npos);
    CHECK(r.out.find("  error   applemail  Accounts3.sqlite  Accounts3.sqlite: ZACCOUNTPROPERTY is a view or virtual "
                     "table, not a table: not an Accounts database\n") != std::string::npos);
  }
}
