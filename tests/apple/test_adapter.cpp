#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/apple/adapter.hpp"
#include "apple_test_helpers.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using adapters::apple::AppleMailAdapter;
using apple_test::account;

namespace {

fs::path home(const std::string& name) { return testutil::source_dir() / "fixtures/homes" / name; }

core::ReadOutput read_home(const std::string& name) {
  AppleMailAdapter adapter;
  core::ReadOutput out;
  for (const auto& p : adapter.discover(home(name))) out.append(adapter.read(p));
  return out;
}

std::string endpoint_text(const std::optional<core::Endpoint>& e) {
  if (!e) return "-";
  return std::string(core::to_string(e->protocol)) + " " + e->host.value + ":" + std::to_string(e->port.value) + " " +
         std::string(core::to_string(e->security.value)) + " " + std::string(core::to_string(e->auth.value)) + " " +
         e->username.value;
}

std::string summary(const core::Account& a) {
  return endpoint_text(a.incoming) + " | " + endpoint_text(a.outgoing) + (a.managed ? " managed" : "") +
         (a.stale ? " stale" : "");
}

std::vector<std::string> statuses(const core::ReadOutput& out) {
  std::vector<std::string> s;
  for (const auto& src : out.sources)
    s.push_back(fs::path(src.path).filename().string() + " " + std::string(core::to_string(src.status)) + ": " + src.message);
  return s;
}

void check_bob(const core::ReadOutput& out) {
  REQUIRE(out.accounts.size() == 4);
  CHECK(summary(account(out, "ICLOUD-0001")) ==
        "imap imap.mail.me.com:143 starttls password-cleartext bob.example | smtp smtp.mail.me.com:587 starttls "
        "password-cleartext bob.example@icloud.com");
  CHECK(summary(account(out, "GMAIL-0002")) ==
        "imap imap.gmail.com:993 starttls password-cleartext bob.example@gmail.com | smtp smtp.gmail.com:465 tls "
        "password-cleartext bob.example@gmail.com");
  CHECK(summary(account(out, "NETEASE-0003")) ==
        "imap imap.163.com:143 none password-cleartext bob_example@163.com | smtp smtp.163.com:25 none "
        "password-cleartext bob_example@163.com");
  CHECK(summary(account(out, "COMPANY-0004")) == "imap mail.example.com:993 tls password-cleartext bob | -");
  CHECK(account(out, "GMAIL-0002").email == "bob.example@gmail.com");
  CHECK(account(out, "ICLOUD-0001").incoming->port.origin.key == "MailAccounts[1].PortNumber");
  CHECK(apple_test::rules_of(out) == std::vector<std::string>{"applemail-missing-delivery-account@COMPANY-0004"});
}

}  // namespace

TEST_SUITE("apple.adapter") {
  TEST_CASE("discover lists the Mail folder, the old preferences and the Accounts databases that exist") {
    AppleMailAdapter adapter;
    CHECK(adapter.discover(home("mac-legacy-bob")) == std::vector<fs::path>{home("mac-legacy-bob") / "Library/Mail"});
    CHECK(adapter.discover(home("mac-snowleopard-dan")) ==
          std::vector<fs::path>{home("mac-snowleopard-dan") / "Library/Preferences/com.apple.mail.plist"});
    CHECK(adapter.discover(home("mac-modern-erin")) ==
          std::vector<fs::path>{home("mac-modern-erin") / "Library/Mail",
                                home("mac-modern-erin") / "Library/Accounts/Accounts4.sqlite"});
    CHECK(adapter.discover(home("no-such-home")).empty());
  }

  TEST_CASE("mac-legacy-bob (XML): four provider mistakes and a missing SMTP entry") {
    auto out = read_home("mac-legacy-bob");
    check_bob(out);
    CHECK(statuses(out) == std::vector<std::string>{"Mail ok: version folders V2",
                                                    "Accounts.plist ok: legacy Mail accounts (live)"});
  }

  TEST_CASE("mac-legacy-bob-binary gives the same accounts and findings") { check_bob(read_home("mac-legacy-bob-binary")); }

  TEST_CASE("mac-legacy-carol (XML and binary) is healthy") {
    for (const char* name : {"mac-legacy-carol", "mac-legacy-carol-binary"}) {
      auto out = read_home(name);
      REQUIRE(out.accounts.size() == 2);
      CHECK(summary(account(out, "COMPANY-0101")) ==
            "imap mail.example.com:993 tls password-cleartext carol | smtp smtp.example.com:587 starttls "
            "password-cleartext carol");
      CHECK(summary(account(out, "ICLOUD-0102")) ==
            "imap imap.mail.me.com:993 tls password-cleartext carol.example | smtp smtp.mail.me.com:587 starttls "
            "password-cleartext carol.example@icloud.com");
      CHECK(out.findings.empty());
    }
  }

  TEST_CASE("mac-snowleopard-dan: accounts in com.apple.mail.plist are live when no V folder exists") {
    auto out = read_home("mac-snowleopard-dan");
    REQUIRE(out.accounts.size() == 1);
    CHECK(summary(out.accounts[0]) ==
          "pop3 pop.example.org:995 tls password-cleartext dan@example.org | smtp smtp.example.org:465 tls "
          "password-cleartext dan@example.org");
    CHECK(out.findings.empty());
    CHECK(statuses(out) == std::vector<std::string>{"com.apple.mail.plist ok: legacy Mail accounts (live)"});
  }

  TEST_CASE("mac-modern-erin: Accounts4 is live, the V2 plist is stale, two Mail folders warn") {
    auto out = read_home("mac-modern-erin");
    REQUIRE(out.accounts.size() == 5);
    CHECK(summary(account(out, "COMPANY-0301")) ==
          "imap mail.example.com:143 none password-cleartext erin | smtp smtp.example.com:25 none password-cleartext "
          "erin stale");
    CHECK(summary(account(out, "E-COMPANY-IMAP")) ==
          "imap mail.example.com:993 tls password-cleartext erin | smtp smtp.example.com:587 starttls "
          "password-cleartext erin");
    CHECK(summary(account(out, "E-GOOGLE-MAIL")) == "imap imap.gmail.com:993 tls OAuth2 erin.example@gmail.com | - managed");
    CHECK(summary(account(out, "E-MANAGED-IMAP")) == "imap mail.example.com:993 tls password-cleartext erin | - managed");
    CHECK(summary(account(out, "E-163-IMAP")) ==
          "imap imap.163.com:143 none password-cleartext erin_example@163.com | smtp smtp.163.com:25 none "
          "password-cleartext erin_example@163.com");
    CHECK(apple_test::rules_of(out) == std::vector<std::string>{"applemail-multiple-mail-versions@",
                                                                 "applemail-stale-plist@COMPANY-0301",
                                                                 "applemail-internet-account@E-GOOGLE-MAIL",
                                                                 "applemail-managed@E-MANAGED-IMAP"});
    CHECK(out.findings[0].message ==
          "~/Library/Mail holds several version folders (V2, V10): Mail uses only the newest; the others are leftovers "
          "of an upgrade that may confuse tools and backups. Quit Mail and move the older ones aside once the newest "
          "works.");
    CHECK(out.findings[0].severity == core::Severity::Warning);
    CHECK(statuses(out) ==
          std::vector<std::string>{"Mail ok: version folders V2, V10",
                                   "Accounts.plist ok: leftover legacy plist: ~/Library/Accounts/Accounts4.sqlite exists",
                                   "Accounts4.sqlite ok: Internet Accounts database (read from a private copy)"});
  }

  TEST_CASE("render refuses stale plists, the Accounts database (a database store) and preferences") {
    AppleMailAdapter adapter;
    fs::path stale = home("mac-modern-erin") / "Library/Mail/V2/MailData/Accounts.plist";
    CHECK(adapter.render(stale, testutil::read_bytes(stale), {}).error().message ==
          stale.string() + ": leftover that Mail no longer reads (~/Library/Accounts/Accounts4.sqlite exists), not fixed");
    CHECK(adapter.render("Accounts4.sqlite", "", {}).error().message ==
          "Accounts4.sqlite: the Accounts database is changed in place, never re-rendered");
    CHECK(adapter.database_store("x/Accounts4.sqlite") != nullptr);
    CHECK(adapter.database_store("x/Accounts3.sqlite") != nullptr);
    CHECK(adapter.database_store(stale) == nullptr);
    CHECK(adapter.render("x/com.apple.mail.plist", "", {}).error().message ==
          "x/com.apple.mail.plist: preferences are cached by cfprefsd; mailmend does not write them");
  }

  TEST_CASE("render fixes a live legacy plist") {
    AppleMailAdapter adapter;
    fs::path live = home("mac-legacy-bob") / "Library/Mail/V2/MailData/Accounts.plist";
    std::string original = testutil::read_bytes(live);
    auto out = adapter.render(live, original,
                              {core::Edit{"x", "incoming.port", core::Origin{live.string(), "MailAccounts[1].PortNumber", 0, false},
                                          std::int64_t{993}}});
    REQUIRE(out.ok());
    std::string expected = original;
    auto pos = expected.find("<string>143</string>");
    expected.replace(pos, 20, "<string>993</string>");
    CHECK(*out == expected);
  }

  TEST_CASE("files above the size limit are refused with a clear error, not read") {
    testutil::write_bytes("Library/Preferences/com.apple.mail.plist", std::string(17u * 1024u * 1024u, ' '));
    auto out = AppleMailAdapter().read("Library/Preferences/com.apple.mail.plist");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == "Library/Preferences/com.apple.mail.plist: larger than 16 MB, refused");
  }

  TEST_CASE("recognizes profiles, declarations, Accounts databases and Mail plists by content") {
    AppleMailAdapter adapter;
    fs::path profiles = testutil::source_dir() / "fixtures/apple/profiles";
    CHECK(adapter.recognizes(profiles / "company-imap.signed.mobileconfig"));
    CHECK(adapter.recognizes(profiles / "mail-declaration.json"));
    CHECK(adapter.recognizes(home("mac-modern-erin") / "Library/Accounts/Accounts4.sqlite"));
    CHECK(adapter.recognizes(home("mac-legacy-bob-binary") / "Library/Mail/V2/MailData/Accounts.plist"));
    CHECK(adapter.recognizes(home("mac-legacy-bob") / "Library/Mail"));
    CHECK_FALSE(adapter.recognizes(home("mac-modern-erin") / "Library/Mail/V10/MailData/SyncedRules.plist"));
    testutil::write_bytes("other.json", "{\"Type\": \"com.apple.configuration.passcode.settings\"}");
    CHECK_FALSE(adapter.recognizes("other.json"));
    CHECK_FALSE(adapter.recognizes("prefs.js"));
  }

  TEST_CASE("every real Apple sample reads with the right accounts or none, and no error") {
    REQUIRE_SHARED();
    AppleMailAdapter adapter;
    fs::path dir = testutil::shared_dir() / "real-samples/apple";
    std::size_t accounts = 0, read = 0, recognized = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      fs::path p = entry.path();
      std::string ext = p.extension().string();
      if (ext != ".plist" && ext != ".sqlite" && ext != ".mobileconfig") continue;
      ++read;
      recognized += adapter.recognizes(p) ? 1 : 0;
      auto out = adapter.read(p);
      for (const auto& s : out.sources) CHECK_MESSAGE(s.status == core::SourceStatus::Ok, (p.string() + ": " + s.message));
      accounts += out.accounts.size();
      std::string name = p.filename().string();
      if (name.starts_with("FarhanSial")) {
        REQUIRE(out.accounts.size() == 1);
        CHECK(summary(out.accounts[0]) == "imap imap.gmail.com:993 tls password-cleartext user0001 | - managed");
        CHECK(out.accounts[0].key == "8FD355CB-96CE-478F-8E5C-97FBBCA3A2F7");
        CHECK(apple_test::rules_of(out) ==
              std::vector<std::string>{"applemail-missing-delivery-account@8FD355CB-96CE-478F-8E5C-97FBBCA3A2F7",
                                       "applemail-internet-account@8FD355CB-96CE-478F-8E5C-97FBBCA3A2F7"});
      } else if (name.starts_with("mosen")) {
        REQUIRE(out.accounts.size() == 1);
        CHECK(summary(out.accounts[0]) == "imap :993 tls none  | smtp :587 starttls password-cleartext ");
        CHECK(out.findings.empty());
      } else {
        CHECK_MESSAGE(out.accounts.empty(), name);
      }
    }
    CHECK(read == 6);
    CHECK(recognized == 5);  // all but the container preferences, which hold no account keys
    CHECK(accounts == 2);
  }
}
