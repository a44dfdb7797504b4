// The sample homes in fixtures/homes/tb-*: each layout, healthy and broken, with its exact accounts and findings.
#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "support/testutil.hpp"
#include "tb_testutil.hpp"

namespace fs = std::filesystem;
using adapters::thunderbird::Options;
using adapters::thunderbird::ThunderbirdAdapter;
using V = std::vector<std::string>;

namespace {

fs::path home_of(const std::string& name) { return testutil::source_dir() / "fixtures" / "homes" / name; }

// Every discovered root of the home, read; one line per root, source, account and finding (paths relative).
V describe(const std::string& name, const Options& options = Options{{}}) {
  fs::path home = home_of(name);
  ThunderbirdAdapter tb(options);
  V lines;
  for (const auto& root : tb.discover(home)) {
    lines.push_back("root " + root.lexically_relative(home).generic_string());
    auto out = tb.read(root);
    for (const auto& s : out.sources) {
      lines.push_back("source " + std::string(core::to_string(s.status)) + " " +
                      fs::path(s.path).lexically_relative(root).generic_string() + " :: " + s.message);
    }
    for (const auto& a : out.accounts) lines.push_back(a.profile + " " + tbtest::summary(a));
    for (const auto& f : tbtest::finding_lines(out, testutil::folder_prefix(root))) lines.push_back("F " + f);
  }
  return lines;
}

const core::Account& account(const core::ReadOutput& out, const std::string& profile, const std::string& key) {
  for (const auto& a : out.accounts) {
    if (a.profile == profile && a.key == key) return a;
  }
  FAIL("no account " << profile << " " << key);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_SUITE("fixture_homes") {
  TEST_CASE("Linux home: install default wins, a gap hides Profile4, an outlook.com POP3 account on pop3.live.com") {
    CHECK(
        describe("tb-linux-alice") ==
        V{"root .thunderbird",
          "source ok a1b2c3d4.default-release/prefs.js :: profile 'default-release', the default profile "
          "([InstallFDC34C9F024745EB] Default): 2 mail accounts",
          "source ok w0rk5678.work/prefs.js :: profile 'work', not the default profile (the default is "
          "'default-release'): 2 mail accounts",
          "source ok e3e3e3e3.empty/prefs.js :: profile 'empty', not the default profile (the default is "
          "'default-release'): 0 mail accounts",
          "default-release account1 <alice@example.com> | imap imap.example.com:993 tls password-cleartext "
          "alice@example.com | smtp smtp.example.com:465 tls password-cleartext alice@example.com",
          "default-release account3 <alice.example@outlook.com> | pop3 pop3.live.com:995 tls password-cleartext "
          "alice.example@outlook.com | smtp smtp.live.com:587 starttls password-cleartext alice.example@outlook.com",
          "work account1 <alice.work@gmail.com> | imap imap.gmail.com:993 starttls password-cleartext "
          "alice.work@gmail.com | smtp smtp.gmail.com:465 none password-cleartext alice.work@gmail.com",
          "work account2 <alice@corp.example.com> | imap mail.corp.example.com:143 starttls password-cleartext alice | "
          "smtp mail.corp.example.com:587 starttls password-cleartext alice",
          "F thunderbird-no-accounts info: " + testutil::native("e3e3e3e3.empty/prefs.js") +
              ": profile 'empty' has no mail accounts"});
  }

  TEST_CASE("Linux home: exact origins, including absent prefs and the first of mail.smtpservers") {
    fs::path root = home_of("tb-linux-alice") / ".thunderbird";
    auto out = ThunderbirdAdapter(Options{{}}).read(root);
    std::string work = (root / "w0rk5678.work" / "prefs.js").string();
    const auto& corp = account(out, "work", "account2");
    CHECK(corp.id == "thunderbird:" + work + "#account2");
    CHECK(corp.source == work);
    CHECK(corp.name == "Corp");
    CHECK(corp.incoming->port.origin == core::Origin{work, "mail.server.server2.port", 0, true});
    CHECK(corp.incoming->auth.origin == core::Origin{work, "mail.server.server2.authMethod", 0, true});
    CHECK(corp.incoming->security.origin == core::Origin{work, "mail.server.server2.socketType", 30, false});
    CHECK(corp.outgoing->host.origin == core::Origin{work, "mail.smtpserver.smtp2.hostname", 36, false});
    const auto& gmail = account(out, "work", "account1");
    CHECK(gmail.outgoing->security.origin == core::Origin{work, "mail.smtpserver.smtp1.try_ssl", 0, true});
    CHECK(gmail.outgoing->port.origin.line == 34);
  }

  TEST_CASE("snap home: user.js wins and is reported, a hand-edit syntax error and a duplicate in prefs.js") {
    CHECK(describe("tb-snap-bob") ==
          V{"root snap/thunderbird/common/.thunderbird",
            "source ok p0p0p0p0.default/prefs.js :: profile 'default', not the default profile (the default is "
            "'default-esr'): 1 mail account",
            "source ok q9q9q9q9.default-esr/prefs.js :: profile 'default-esr', the default profile "
            "([Install4F96D1932A9F858E] Default): 1 mail account",
            "default account1 <bob@example.org> | imap imap.example.org:993 tls password-cleartext bob | "
            "smtp smtp.example.org:465 tls password-cleartext bob",
            "default-esr account1 <bob@example.org> | imap mail.example.org:143 none password-encrypted bob | "
            "smtp mail.example.org:587 starttls password-cleartext bob",
            "F thunderbird-pref-duplicate info: " + testutil::native("q9q9q9q9.default-esr/prefs.js") +
                ":27: mail.server.server1.authMethod is set "
                "again (first at line 17); the last value wins",
            "F thunderbird-pref-syntax warning: " + testutil::native("q9q9q9q9.default-esr/prefs.js") +
                ":26: unknown keyword (Thunderbird skips "
                "this statement and drops it at its next save)",
            "F thunderbird-userjs-override info incoming.security: mail.server.server1.socketType is set in " +
                testutil::native("q9q9q9q9.default-esr/user.js") +
                ":2, which Thunderbird applies at every start over prefs.js; change it there"});
    fs::path profile = home_of("tb-snap-bob") / "snap/thunderbird/common/.thunderbird/q9q9q9q9.default-esr";
    auto out = ThunderbirdAdapter(Options{{}}).read(profile);
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].incoming->security.origin ==
          core::Origin{(profile / "user.js").string(), "mail.server.server1.socketType", 2, false});
    CHECK(out.accounts[0].incoming->auth.origin.line == 27);
  }

  TEST_CASE("flatpak home: a quoted port is ignored, realhostname is effective on Thunderbird 91, 993 with STARTTLS") {
    CHECK(
        describe("tb-flatpak-carol") ==
        V{"root .var/app/org.mozilla.Thunderbird/.thunderbird",
          "source ok c4c4c4c4.default/prefs.js :: profile 'default', the default profile (Default=1): 2 mail accounts",
          "default account1 <carol@example.com> | imap imap.example.com:143 starttls password-cleartext "
          "carol@example.com | smtp mail.example.com:587 starttls password-cleartext carol@example.com",
          "default account2 <carol.example@gmail.com> | imap imap.gmail.com:993 starttls OAuth2 "
          "carol.example@gmail.com | smtp smtp.gmail.com:465 none OAuth2 carol.example@gmail.com",
          "F thunderbird-pref-type warning incoming.port: " + testutil::native("c4c4c4c4.default/prefs.js") +
              ":23: mail.server.server1.port "
              "holds a string but Thunderbird reads it as int; the value is ignored and the default applies (write it "
              "as a bare number)",
          "F thunderbird-realhostname warning incoming.host: mail.server.server1.realhostname = 'imap.example.com' is "
          "what Thunderbird 91 actually uses instead of hostname = 'mail.example.com'; Thunderbird 102 to 128 copy "
          "it over hostname, Thunderbird 129 and later ignore it",
          "F thunderbird-realhostname warning incoming.username: mail.server.server1.realuserName = "
          "'carol@example.com' is what Thunderbird 91 actually uses instead of userName = 'carol'; Thunderbird 102 "
          "to 128 copy it over userName, Thunderbird 129 and later ignore it"});
    fs::path profile = home_of("tb-flatpak-carol") / ".var/app/org.mozilla.Thunderbird/.thunderbird/c4c4c4c4.default";
    auto out = ThunderbirdAdapter(Options{{}}).read(profile / "prefs.js");
    const auto& carol = account(out, "default", "account1");
    std::string prefs = (profile / "prefs.js").string();
    CHECK(carol.incoming->port.origin == core::Origin{prefs, "mail.server.server1.port", 23, false});
    CHECK(carol.incoming->host.origin == core::Origin{prefs, "mail.server.server1.realhostname", 24, false});
    bool typed = false;
    for (const auto& f : out.findings) {
      if (f.rule != "thunderbird-pref-type") continue;
      typed = true;
      CHECK(f.account == carol.id);
      CHECK(f.actual == core::FieldValue{std::string("993")});
    }
    CHECK(typed);
  }

  TEST_CASE("macOS home: EWS listed with its protocol; rss, nntp, none, orphan and add-on servers are not mail") {
    CHECK(
        describe("tb-macos-dave") ==
        V{"root Library/Thunderbird",
          "source ok Profiles/d5d5d5d5.default-release/prefs.js :: profile 'default-release', the default profile "
          "([Install7A2B4C1D9E0F3A5B] Default): 2 mail accounts",
          "default-release account1 <dave@example.com> | imap imap.example.com:993 tls password-cleartext "
          "dave@example.com | smtp smtp.example.com:587 starttls password-cleartext dave@example.com",
          "default-release account2 <dave@example.net> | ews outlook.office365.com:443 tls OAuth2 dave@example.net | "
          "ews outlook.office365.com:443 tls OAuth2 dave@example.net",
          "F thunderbird-unknown-server-type info: " + testutil::native("Profiles/d5d5d5d5.default-release/prefs.js") +
              ": account6 uses server "
              "type 'owl', which Thunderbird only knows through an add-on; it is not audited, and Thunderbird drops "
              "the "
              "account when that add-on is missing"});
  }

  TEST_CASE("Windows home: forward-slash Path, CRLF prefs.js, legacy isSecure, plain POP3 and SMTP") {
    CHECK(describe("tb-windows-erin") ==
          V{"root AppData/Roaming/Thunderbird",
            "source ok Profiles/k7k7k7k7.default/prefs.js :: profile 'default', the default profile (Default=1): 2 mail "
            "accounts",
            "default account1 <erin@example.com> | pop3 pop.example.com:110 none password-cleartext erin | "
            "smtp smtp.example.com:25 none password-cleartext erin",
            "default account2 <erin.example@outlook.com> | imap imap-mail.outlook.com:993 tls password-cleartext "
            "erin.example@outlook.com | smtp smtp-mail.outlook.com:587 starttls password-cleartext "
            "erin.example@outlook.com"});
    fs::path prefs = home_of("tb-windows-erin") / "AppData/Roaming/Thunderbird/Profiles/k7k7k7k7.default/prefs.js";
    auto out = ThunderbirdAdapter(Options{{}}).read(prefs);
    const auto& a = account(out, "default", "account2");
    CHECK(a.incoming->security.origin.key == "mail.server.server2.isSecure");
  }

  TEST_CASE("discover finds every layout's root and nothing in an empty home") {
    ThunderbirdAdapter tb(Options{{}});
    CHECK(tb.discover(home_of("tb-macos-dave")) == std::vector<fs::path>{home_of("tb-macos-dave") / "Library/Thunderbird"});
    CHECK(tb.discover(testutil::scratch()).empty());
    fs::create_directories(testutil::scratch() / ".icedove");
    fs::create_directories(testutil::scratch() / ".config/thunderbird");
    CHECK(tb.discover(testutil::scratch()) ==
          std::vector<fs::path>{testutil::scratch() / ".icedove", testutil::scratch() / ".config/thunderbird"});
  }
}
