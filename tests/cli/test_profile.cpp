// `mailmend profile`: a corrected configuration profile for the Apple Mail accounts found wrong.
#include <doctest/doctest.h>

#include <filesystem>

#include <tinyxml2.h>

#include "fix/profile_edits.hpp"
#include "support/testutil.hpp"

namespace {

core::Finding finding(std::string rule, std::string account, std::string field, core::FieldValue expected) {
  core::Finding f;
  f.rule = std::move(rule);
  f.account = std::move(account);
  f.field = std::move(field);
  f.expected = std::move(expected);
  return f;
}

// A copy of a fixture home in the scratch folder, named by a relative path so that the account
// ids (which hold the source path) are the same in every run of the test.
std::string copy_home(const std::string& fixture) {
  std::filesystem::copy(testutil::source_dir() / "fixtures/homes" / fixture, fixture,
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  return fixture;
}

// `mailmend audit --home HOME --format json -o REPORT`, which exits 1 on findings.
void save_report(const std::string& home, const std::string& report) {
  auto r = testutil::run_mailmend({"audit", "--home", home, "--format", "json", "-o", report});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  REQUIRE(std::filesystem::exists(report));
}

}  // namespace

TEST_SUITE("profile") {
  TEST_CASE("profile corrections prefer the provider rule over the port convention, one edit per field") {
    core::Report r;
    core::Account mac;
    mac.id = "applemail:a#1";
    mac.client = "applemail";
    core::Account tb;
    tb.id = "thunderbird:p#1";
    tb.client = "thunderbird";
    r.accounts = {{mac, std::nullopt}, {tb, std::nullopt}};
    r.findings = {finding("port-security-mismatch", mac.id, "incoming.security", std::string("starttls")),
                  finding("port-not-provider", mac.id, "incoming.port", std::int64_t{993}),
                  finding("security-not-provider", mac.id, "incoming.security", std::string("tls")),
                  finding("app-password-required", mac.id, "incoming.auth", {}),
                  finding("retired-host", tb.id, "incoming.host", std::string("outlook.office365.com"))};
    auto c = fix::profile_corrections(r, "applemail");
    REQUIRE(c.accounts.size() == 1);
    CHECK(c.accounts[0].id == mac.id);
    REQUIRE(c.edits.size() == 3);  // the Thunderbird edit is in the list too; the writer filters by account
    for (const auto& e : c.edits) {
      if (e.account == mac.id && e.field == "incoming.security") CHECK(std::get<std::string>(e.value) == "tls");
      if (e.field == "incoming.port") CHECK(std::get<std::int64_t>(e.value) == 993);
    }
  }

  TEST_CASE("a profile carries no change of a working setting and never a port without its matching security") {
    // Issue 18: accepted alternatives (info) work as they are; a port edit alone would turn SMTP
    // 587/STARTTLS into 465/STARTTLS, which never connects.
    core::Account mac;
    mac.id = "applemail:a#1";
    mac.client = "applemail";
    core::Endpoint smtp;
    smtp.protocol = core::Protocol::Smtp;
    smtp.port.value = 587;
    smtp.security.value = core::Security::StartTls;
    mac.outgoing = smtp;
    core::Report r;
    r.accounts = {{mac, std::nullopt}};

    auto accepted = finding("accepted-alternative", mac.id, "outgoing.port", std::int64_t{465});
    accepted.severity = core::Severity::Info;
    r.findings = {accepted};
    CHECK(fix::profile_corrections(r, "applemail").edits.empty());
    CHECK(fix::profile_corrections(r, "applemail").accounts.empty());

    r.findings = {finding("port-not-provider", mac.id, "outgoing.port", std::int64_t{465}),
                  finding("host-not-provider", mac.id, "outgoing.host", std::string("smtp.example.com"))};
    auto port_alone = fix::profile_corrections(r, "applemail");
    REQUIRE(port_alone.edits.size() == 1);  // the port is dropped, the host stays
    CHECK(port_alone.edits[0].field == "outgoing.host");

    r.findings.push_back(finding("security-not-provider", mac.id, "outgoing.security", std::string("tls")));
    auto both = fix::profile_corrections(r, "applemail");
    CHECK(both.edits.size() == 3);
  }

  TEST_CASE("mailmend profile writes a profile both XML parsers read, with the corrected port and TLS") {
    auto home = testutil::source_dir() / "fixtures/homes/mac-legacy-bob";
    auto r = testutil::run_mailmend({"profile", "--home", home.string(), "-o", "fixed.mobileconfig"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    std::string xml = testutil::read_bytes("fixed.mobileconfig");
    CHECK(testutil::tinyxml2_error(xml).empty());
    CHECK(xml.find("<key>IncomingMailServerHostName</key>\n\t\t\t<string>imap.mail.me.com</string>\n\t\t\t"
                   "<key>IncomingMailServerPortNumber</key>\n\t\t\t<integer>993</integer>\n\t\t\t"
                   "<key>IncomingMailServerUseSSL</key>\n\t\t\t<true/>") != std::string::npos);
    CHECK(xml.find("Password</key>") == std::string::npos);  // never a password key
    auto none = testutil::run_mailmend({"profile", "--home", (testutil::source_dir() / "fixtures/homes/tb-macos-dave").string()});
    CHECK(none.exit_code == 0);
    CHECK(none.out.empty());
  }

  TEST_CASE("mailmend profile REPORT.json writes the same profile bytes as auditing the home again") {
    std::string home = copy_home("mac-modern-erin");
    save_report(home, "r.json");
    auto from_report = testutil::run_mailmend({"profile", "r.json", "-o", "from-report.mobileconfig"});
    INFO(from_report.err);
    CHECK(from_report.exit_code == 1);
    CHECK(from_report.err ==
          "mailmend: profile for 1 account(s) with 4 correction(s); review it, sign it and push it with your MDM\n");
    auto from_home = testutil::run_mailmend({"profile", "--home", home, "-o", "from-home.mobileconfig"});
    CHECK(from_home.exit_code == 1);
    std::string profile = testutil::read_bytes("from-report.mobileconfig");
    CHECK(profile == testutil::read_bytes("from-home.mobileconfig"));
    CHECK(profile.find("<string>com.apple.mail.managed</string>") != std::string::npos);
    CHECK(testutil::tinyxml2_error(profile).empty());
    // The report is read, not the home again: it still works with the home gone.
    std::filesystem::remove_all(home);
    auto again = testutil::run_mailmend({"profile", "r.json"});
    CHECK(again.exit_code == 1);
    CHECK(again.out == profile);
  }

  TEST_CASE("a saved report is recognised by its content, not its name") {
    save_report(copy_home("mac-modern-erin"), "saved-report.txt");
    auto r = testutil::run_mailmend({"profile", "saved-report.txt", "-o", "p.mobileconfig"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(std::filesystem::exists("p.mobileconfig"));
  }

  TEST_CASE("a report with only Thunderbird accounts gives no profile and exit 0") {
    save_report(copy_home("tb-linux-alice"), "tb.json");
    CHECK(testutil::read_bytes("tb.json").find("\"expected\": \"outlook.office365.com\"") != std::string::npos);
    auto r = testutil::run_mailmend({"profile", "tb.json", "-o", "p.mobileconfig"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err == "mailmend: no Apple Mail account with a correctable finding; no profile written\n");
    CHECK_FALSE(std::filesystem::exists("p.mobileconfig"));
  }

  TEST_CASE("two reports, or a report with other sources or provider data, are usage errors") {
    std::string home = copy_home("mac-modern-erin");
    save_report(home, "a.json");
    std::filesystem::copy_file("a.json", "b.json");
    auto two = testutil::run_mailmend({"profile", "a.json", "b.json", "-o", "p.mobileconfig"});
    CHECK(two.exit_code == 2);
    CHECK(two.err == "mailmend: profile takes one saved report, not 2 (a.json, b.json)\n");
    const std::string mixed = "mailmend: profile: a saved report (a.json) cannot be combined with other paths, "
                              "--home, --homes or --all-users\n";
    auto with_home = testutil::run_mailmend({"profile", "a.json", "--home", home, "-o", "p.mobileconfig"});
    CHECK(with_home.exit_code == 2);
    CHECK(with_home.err == mixed);
    auto with_path = testutil::run_mailmend({"profile", home, "a.json", "-o", "p.mobileconfig"});
    CHECK(with_path.exit_code == 2);
    CHECK(with_path.err == mixed);
    auto with_all = testutil::run_mailmend({"profile", "a.json", "--all-users", "-o", "p.mobileconfig"});
    CHECK(with_all.exit_code == 2);
    CHECK(with_all.err == mixed);
    testutil::write_bytes("org.xml", "<clientConfig/>");
    auto with_policy = testutil::run_mailmend({"profile", "a.json", "--policy", "org.xml", "-o", "p.mobileconfig"});
    CHECK(with_policy.exit_code == 2);
    const std::string new_audit_only =
        "mailmend: profile: --providers, --policy and --hosts-file apply to a new audit, not to a saved report (a.json)\n";
    CHECK(with_policy.err == new_audit_only);
    testutil::write_bytes("hosts", "127.0.0.1 imap.mail.me.com\n");
    auto with_hosts = testutil::run_mailmend({"profile", "a.json", "--hosts-file", "hosts", "-o", "p.mobileconfig"});
    CHECK(with_hosts.exit_code == 2);
    CHECK(with_hosts.err == new_audit_only);
    CHECK_FALSE(std::filesystem::exists("p.mobileconfig"));
  }

  TEST_CASE("a damaged report is a usage error naming the file and the place") {
    save_report(copy_home("mac-modern-erin"), "r.json");
    std::string text = testutil::read_bytes("r.json");
    auto port = text.find("\"port\": 143");
    REQUIRE(port != std::string::npos);
    testutil::write_bytes("bad.json", text.substr(0, port) + "\"port\": \"143\"" + text.substr(port + 11));
    auto bad = testutil::run_mailmend({"profile", "bad.json", "-o", "p.mobileconfig"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "mailmend: bad.json: accounts[0].incoming.port: not an integer\n");
    testutil::write_bytes("cut.json", text.substr(0, 300));
    auto cut = testutil::run_mailmend({"profile", "cut.json", "-o", "p.mobileconfig"});
    CHECK(cut.exit_code == 2);
    CHECK(cut.err.rfind("mailmend: cut.json:", 0) == 0);
    CHECK(cut.err.find(": invalid JSON (unexpected end)\n") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists("p.mobileconfig"));
  }

  TEST_CASE("a JSON file that is not a report is audited as before") {
    testutil::write_bytes("other.json", R"({"accounts": 3})");
    auto r = testutil::run_mailmend({"profile", "other.json", "-o", "p.mobileconfig"});
    CHECK(r.exit_code == 0);
    CHECK(r.err == "mailmend: no Apple Mail account with a correctable finding; no profile written\n");
  }
}
