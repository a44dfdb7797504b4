// `mailmend profile`: a corrected configuration profile for the Apple Mail accounts found wrong.
#include <doctest/doctest.h>

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
}
