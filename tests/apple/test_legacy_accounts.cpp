#include <doctest/doctest.h>

#include "adapters/apple/legacy_accounts.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "apple_test_helpers.hpp"

using namespace adapters::apple;
using apple_test::account;
using apple_test::xml_plist;

namespace {

const std::string kAccounts = xml_plist(R"(<dict>
	<key>DeliveryAccounts</key>
	<array>
		<dict>
			<key>AccountType</key>
			<string>SMTPAccount</string>
			<key>Hostname</key>
			<string>smtp.example.com</string>
			<key>PortNumber</key>
			<string>587</string>
			<key>SSLEnabled</key>
			<string>YES</string>
			<key>Username</key>
			<string>ann@example.com</string>
		</dict>
		<dict>
			<key>AccountType</key>
			<string>SMTPAccount</string>
			<key>Hostname</key>
			<string>smtp.example.org</string>
			<key>ShouldUseAuthentication</key>
			<false/>
		</dict>
	</array>
	<key>MailAccounts</key>
	<array>
		<dict>
			<key>AccountType</key>
			<string>LocalAccount</string>
			<key>PortNumber</key>
			<integer>0</integer>
			<key>uniqueId</key>
			<string>LocalAccountId</string>
		</dict>
		<dict>
			<key>AccountName</key>
			<string>Work</string>
			<key>AccountType</key>
			<string>IMAPAccount</string>
			<key>EmailAddresses</key>
			<array>
				<string>ann@example.com</string>
			</array>
			<key>Hostname</key>
			<string>mail.example.com</string>
			<key>PortNumber</key>
			<integer>993</integer>
			<key>SMTPIdentifier</key>
			<string>smtp.example.com:ann@example.com</string>
			<key>SSLEnabled</key>
			<true/>
			<key>Username</key>
			<string>ann@example.com</string>
			<key>uniqueId</key>
			<string>WORK-1</string>
		</dict>
		<dict>
			<key>AccountType</key>
			<string>POPAccount</string>
			<key>AuthenticationScheme</key>
			<string>CRAM-MD5</string>
			<key>CanonicalEmailAddress</key>
			<string>ann@example.org</string>
			<key>Hostname</key>
			<string>pop.example.org</string>
			<key>SMTPIdentifier</key>
			<string>smtp.example.org</string>
			<key>SSLEnabled</key>
			<string>NO</string>
			<key>uniqueId</key>
			<string>POP-2</string>
		</dict>
		<dict>
			<key>AccountType</key>
			<string>IMAPAccount</string>
			<key>ConfigureDynamically</key>
			<string>YES</string>
			<key>Hostname</key>
			<string>imap.example.net</string>
			<key>PortNumber</key>
			<string>993</string>
			<key>SSLEnabled</key>
			<string>YES</string>
			<key>SecurityLayerType</key>
			<integer>2</integer>
			<key>SMTPIdentifier</key>
			<string>smtp.example.net:nobody</string>
			<key>uniqueId</key>
			<string>NET-3</string>
		</dict>
		<dict>
			<key>AccountType</key>
			<string>RSSAccount</string>
			<key>uniqueId</key>
			<string>RSS</string>
		</dict>
	</array>
</dict>
)");

core::ReadOutput read_text(const std::string& text, const std::string& stale = "") {
  auto parsed = parse_plist(text, "Accounts.plist");
  REQUIRE(parsed.ok());
  return read_legacy_accounts(parsed->root.get(), "Accounts.plist", stale);
}

void check_layout(const core::ReadOutput& out) {
  REQUIRE(out.accounts.size() == 3);
  const auto& work = account(out, "WORK-1");
  CHECK(work.id == "applemail:Accounts.plist#WORK-1");
  CHECK(work.name == "Work");
  CHECK(work.email == "ann@example.com");
  CHECK(work.incoming->protocol == core::Protocol::Imap);
  CHECK(work.incoming->host.value == "mail.example.com");
  CHECK(work.incoming->host.origin == core::Origin{"Accounts.plist", "MailAccounts[1].Hostname", 0, false});
  CHECK(work.incoming->port.value == 993);
  CHECK(work.incoming->security.value == core::Security::Tls);
  CHECK(work.incoming->security.origin.key == "MailAccounts[1].SSLEnabled");
  CHECK(work.incoming->auth.value == core::Auth::PasswordCleartext);
  CHECK(work.incoming->auth.origin == core::Origin{"Accounts.plist", "MailAccounts[1].AuthenticationScheme", 0, true});
  REQUIRE(work.outgoing);
  CHECK(work.outgoing->host.value == "smtp.example.com");
  CHECK(work.outgoing->port.value == 587);
  CHECK(work.outgoing->port.origin.key == "DeliveryAccounts[0].PortNumber");
  CHECK(work.outgoing->security.value == core::Security::StartTls);
  CHECK(work.outgoing->username.value == "ann@example.com");
  CHECK_FALSE(work.managed);
  CHECK_FALSE(work.stale);

  const auto& pop = account(out, "POP-2");
  CHECK(pop.email == "ann@example.org");
  CHECK(pop.incoming->protocol == core::Protocol::Pop3);
  CHECK(pop.incoming->port.value == 110);
  CHECK(pop.incoming->port.origin == core::Origin{"Accounts.plist", "MailAccounts[2].PortNumber", 0, true});
  CHECK(pop.incoming->security.value == core::Security::None);
  CHECK(pop.incoming->auth.value == core::Auth::PasswordEncrypted);
  REQUIRE(pop.outgoing);
  CHECK(pop.outgoing->auth.value == core::Auth::None);
  CHECK(pop.outgoing->auth.origin.key == "DeliveryAccounts[1].ShouldUseAuthentication");
  CHECK(pop.outgoing->port.value == 587);

  const auto& net = account(out, "NET-3");
  CHECK(net.incoming->security.value == core::Security::StartTls);
  CHECK(net.incoming->security.origin.key == "MailAccounts[3].SecurityLayerType");
  CHECK(net.incoming->port.value == 993);
  CHECK_FALSE(net.outgoing);
  CHECK(apple_test::rules_of(out) == std::vector<std::string>{"applemail-missing-delivery-account@NET-3",
                                                               "applemail-dynamic-configuration@NET-3"});
  CHECK(out.findings[0].severity == core::Severity::Warning);
  CHECK(out.findings[0].message ==
        "SMTPIdentifier \"smtp.example.net:nobody\" names no entry in DeliveryAccounts, so this account has no outgoing "
        "server in Accounts.plist; Mail cannot send from it until one is chosen in Mail > Settings > Accounts");
  CHECK(out.findings[0].origin.key == "MailAccounts[3].SMTPIdentifier");
  CHECK_FALSE(out.findings[0].fixable);
}

}  // namespace

TEST_SUITE("apple.legacy_accounts") {
  TEST_CASE("XML Accounts.plist gives the mail accounts with exact origins") { check_layout(read_text(kAccounts)); }

  TEST_CASE("the binary form of the same file gives the same accounts") {
    check_layout(read_text(apple_test::to_binary(kAccounts)));
  }

  TEST_CASE("a stale plist marks every account and explains why") {
    auto out = read_text(kAccounts, "~/Library/Accounts/Accounts4.sqlite exists");
    for (const auto& a : out.accounts) CHECK(a.stale);
    CHECK(apple_test::rules_of(out) == std::vector<std::string>{
                                           "applemail-stale-plist@WORK-1", "applemail-stale-plist@POP-2",
                                           "applemail-missing-delivery-account@NET-3",
                                           "applemail-dynamic-configuration@NET-3", "applemail-stale-plist@NET-3"});
    CHECK(out.findings[0].severity == core::Severity::Info);
    CHECK(out.findings[0].message ==
          "Accounts.plist is a leftover that Mail no longer reads (~/Library/Accounts/Accounts4.sqlite exists); the "
          "live settings are in the Accounts database");
  }

  TEST_CASE("an Internet Account child is managed and its missing SMTP entry is only info") {
    auto out = read_text(xml_plist(R"(<dict><key>MailAccounts</key><array><dict>
<key>AccountType</key><string>IMAPAccount</string>
<key>Hostname</key><string>imap.gmail.com</string>
<key>ParentACAccountIdentifier</key><string>73D6AE07</string>
<key>SMTPIdentifier</key><string>smtp.gmail.com:u</string>
<key>uniqueId</key><string>G</string></dict></array></dict>
)"));
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].managed);
    CHECK(out.accounts[0].incoming->port.value == 143);
    CHECK(apple_test::rules_of(out) ==
          std::vector<std::string>{"applemail-missing-delivery-account@G", "applemail-internet-account@G"});
    CHECK(out.findings[0].severity == core::Severity::Info);
    CHECK(out.findings[1].message ==
          "servers of this account come from Internet Account 73D6AE07 (System Settings > Internet Accounts); change "
          "them there, not in this file");
  }

  TEST_CASE("an account without uniqueId is keyed by its path; odd values fall back to defaults") {
    auto out = read_text(xml_plist(R"(<dict><key>MailAccounts</key><array><dict>
<key>AccountType</key><string>IMAPAccount</string>
<key>Hostname</key><string>imap.example.com</string>
<key>PortNumber</key><string>not a number</string>
<key>SSLEnabled</key><string>yes</string>
</dict><string>junk</string></array></dict>
)"));
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].key == "MailAccounts[0]");
    CHECK(out.accounts[0].incoming->port.value == 993);
    CHECK(out.accounts[0].incoming->security.value == core::Security::Tls);
  }

  TEST_CASE("account types map to protocols; local and RSS accounts are not mail accounts") {
    CHECK(protocol_for_account_type("iToolsAccount") == core::Protocol::Imap);
    CHECK(protocol_for_account_type("POPAccount") == core::Protocol::Pop3);
    CHECK(protocol_for_account_type("EWSAccount") == core::Protocol::Ews);
    CHECK_FALSE(protocol_for_account_type("LocalAccount"));
    CHECK_FALSE(protocol_for_account_type("RSSAccount"));
  }
}
