#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/profile.hpp"
#include "apple_test_helpers.hpp"
#include "cms_builder.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::apple;
using apple_test::account;

namespace {


core::ReadOutput read(const std::string& name) { return AppleMailAdapter().read(apple_test::profile_path(name)); }

void check_company(const core::ReadOutput& out, const std::string& note) {
  REQUIRE(out.sources.size() == 1);
  CHECK(out.sources[0].status == core::SourceStatus::Ok);
  CHECK(out.sources[0].message == note);
  REQUIRE(out.accounts.size() == 1);
  const auto& a = out.accounts[0];
  CHECK(a.key == "A0000000-0000-4000-8000-000000000011");
  CHECK(a.name == "Example Corp");
  CHECK(a.email == "user@example.com");
  CHECK(a.incoming->protocol == core::Protocol::Imap);
  CHECK(a.incoming->host.value == "mail.example.com");
  CHECK(a.incoming->host.origin.key == "PayloadContent[0].IncomingMailServerHostName");
  CHECK(a.incoming->port.value == 993);
  CHECK(a.incoming->security.value == core::Security::Tls);
  CHECK(a.incoming->security.origin.key == "PayloadContent[0].IncomingMailServerUseSSL");
  CHECK(a.incoming->auth.value == core::Auth::PasswordCleartext);
  CHECK(a.incoming->username.value == "user");
  CHECK(a.outgoing->host.value == "smtp.example.com");
  CHECK(a.outgoing->port.value == 587);
  CHECK(a.outgoing->security.value == core::Security::StartTls);
  CHECK_FALSE(a.managed);
  CHECK(out.findings.empty());
}

}  // namespace

TEST_SUITE("apple.profile") {
  TEST_CASE("an unsigned XML profile gives its mail payload and skips the others") {
    check_company(read("company-imap.mobileconfig"), "unsigned profile");
  }

  TEST_CASE("a binary profile reads the same") { check_company(read("company-imap.binary.mobileconfig"), "unsigned profile"); }

  TEST_CASE("a signed profile is read without verifying the signature, XML or binary content") {
    check_company(read("company-imap.signed.mobileconfig"), "signed profile (signature not verified)");
    check_company(read("company-imap.signed-binary.mobileconfig"), "signed profile (signature not verified)");
  }

  TEST_CASE("provider mistakes, a stored password and a value Apple rejects") {
    auto out = read("broken-providers.mobileconfig");
    REQUIRE(out.accounts.size() == 2);
    const auto& gmail = account(out, "B0000000-0000-4000-8000-000000000011");
    CHECK(gmail.incoming->port.value == 143);
    CHECK(gmail.incoming->security.value == core::Security::None);
    CHECK(gmail.outgoing->security.value == core::Security::StartTls);
    const auto& netease = account(out, "B0000000-0000-4000-8000-000000000012");
    CHECK(netease.incoming->protocol == core::Protocol::Pop3);
    CHECK(netease.incoming->auth.value == core::Auth::Unknown);
    CHECK(netease.outgoing->port.value == 25);
    CHECK(netease.outgoing->security.value == core::Security::None);
    CHECK(apple_test::rules_of(out) ==
          std::vector<std::string>{"applemail-profile-invalid-value@B0000000-0000-4000-8000-000000000012",
                                   "applemail-profile-password@B0000000-0000-4000-8000-000000000012"});
    CHECK(out.findings[0].severity == core::Severity::Error);
    CHECK(out.findings[0].message ==
          "IncomingMailServerAuthentication is \"EmailAuthOAuth\", not one of EmailAuthNone, EmailAuthPassword, "
          "EmailAuthCRAMMD5, EmailAuthNTLM, EmailAuthHTTPMD5: macOS refuses to install this profile");
    CHECK(out.findings[1].message.find("not-a-real-password") == std::string::npos);
    CHECK(out.findings[1].origin.key == "PayloadContent[1].IncomingPassword");
  }

  TEST_CASE("an encrypted profile is reported as unreadable") {
    auto out = read("encrypted.mobileconfig");
    CHECK(out.accounts.empty());
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Skipped);
    CHECK(out.sources[0].message == "unsigned profile; payloads encrypted, not readable");
    CHECK(apple_test::rules_of(out) == std::vector<std::string>{"applemail-encrypted-payload@"});
    CHECK(out.findings[0].severity == core::Severity::Warning);
  }

  TEST_CASE("a bare payload, missing required keys and a bad account type") {
    std::string xml = apple_test::xml_plist(
        "<dict><key>PayloadType</key><string>com.apple.mail.managed</string><key>EmailAccountType</key>"
        "<string>EmailTypeExchange</string><key>IncomingMailServerHostName</key><string>mail.example.com</string>"
        "<key>IncomingMailServerPortNumber</key><real>993</real><key>IncomingMailServerUseSSL</key><true/>"
        "<key>IncomingMailServerAuthentication</key><string>EmailAuthNTLM</string></dict>\n");
    auto out = read_profile_bytes(xml, "bare.mobileconfig");
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].key == "");
    CHECK(out.accounts[0].incoming->port.value == 993);
    CHECK(out.accounts[0].incoming->auth.value == core::Auth::Ntlm);
    CHECK(out.accounts[0].incoming->protocol == core::Protocol::Unknown);
    std::vector<std::string> messages;
    for (const auto& f : out.findings) messages.push_back(f.message);
    CHECK(messages == std::vector<std::string>{
                          "EmailAccountType is \"EmailTypeExchange\", not EmailTypeIMAP or EmailTypePOP: macOS refuses "
                          "to install this profile",
                          "OutgoingMailServerHostName is missing: macOS refuses to install this profile",
                          "OutgoingMailServerAuthentication is missing: macOS refuses to install this profile"});
  }

  TEST_CASE("broken profiles give one-line source errors") {
    auto garbage = read_profile_bytes(std::string("\x30\x82\x01\x00 no plist here", 18), "s.mobileconfig");
    CHECK(garbage.sources[0].message == "s.mobileconfig: truncated at byte 18 (element at byte 0 declares 256 bytes)");
    auto truncated = read_profile_bytes(cms_test::signed_profile("<?xml version=\"1.0\"?><plist><dict><key>A</key></plist>"), "t.mobileconfig");
    CHECK(truncated.sources[0].status == core::SourceStatus::Error);
    CHECK(truncated.sources[0].message == "t.mobileconfig (signed content): not a well-formed XML property list");
    auto empty = read_profile_bytes("", "e.mobileconfig");
    CHECK(empty.sources[0].message == "e.mobileconfig: empty file");
  }
}

TEST_SUITE("apple.profile") {
  TEST_CASE("issue 18: an XML profile cut short is damaged, naming its last line; one that is only malformed is an error") {
    const std::string full = testutil::read_bytes(apple_test::profile_path("company-imap.mobileconfig"));
    testutil::write_bytes("cut.mobileconfig", full.substr(0, full.find("IncomingMailServerUseSSL")));
    auto out = AppleMailAdapter().read("cut.mobileconfig");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Damaged);
    const std::string head = full.substr(0, full.find("IncomingMailServerUseSSL"));
    const auto lines = std::count(head.begin(), head.end(), '\n') + 1;
    CHECK(out.sources[0].message == "cut.mobileconfig:" + std::to_string(lines) +
                                        ": the XML property list ends before </plist>; it looks cut (no account could "
                                        "be read)");
    // libplist reads a profile cut just before </plist>: its account is listed, the source is damaged.
    testutil::write_bytes("late.mobileconfig", full.substr(0, full.rfind("</plist>")));
    auto late = AppleMailAdapter().read("late.mobileconfig");
    CHECK(late.sources.at(0).status == core::SourceStatus::Damaged);
    CHECK(late.sources[0].message == "late.mobileconfig:72: the XML property list ends before </plist>; it looks cut; "
                                     "unsigned profile");
    CHECK(late.accounts.size() == 1);
    // Every cut that is not whole is damaged or (before <plist) an error; none reads as ok.
    for (std::size_t n = 1; n + 1 < full.size(); n += 7) {
      CAPTURE(n);
      testutil::write_bytes("cut.mobileconfig", full.substr(0, n));
      auto cut = AppleMailAdapter().read("cut.mobileconfig");
      REQUIRE(cut.sources.size() == 1);
      CHECK(cut.sources[0].status != core::SourceStatus::Ok);
      if (full.substr(0, n).find("<plist") != std::string::npos) CHECK(cut.sources[0].status == core::SourceStatus::Damaged);
    }
    testutil::write_bytes("bad.mobileconfig", "<?xml version=\"1.0\"?>\n<plist><dict><key>a</dict></plist>\n");
    CHECK(AppleMailAdapter().read("bad.mobileconfig").sources.at(0).status == core::SourceStatus::Error);
  }
}
