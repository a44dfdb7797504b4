#include <doctest/doctest.h>

#include "adapters/apple/plist_render.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "apple_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::apple;

namespace {

const std::string kXml = apple_test::xml_plist(R"(<dict>
	<key>DeliveryAccounts</key>
	<array>
		<dict>
			<key>Hostname</key>
			<string>smtp.example.com</string>
			<key>PortNumber</key>
			<string>25</string>
			<key>SSLEnabled</key>
			<string>NO</string>
			<key>Username</key>
			<string/>
		</dict>
	</array>
	<key>MailAccounts</key>
	<array>
		<dict>
			<key>AccountType</key>
			<string>IMAPAccount</string>
			<key>AuthenticationScheme</key>
			<string>PASSWORD</string>
			<key>Hostname</key>
			<string>imap.example.com</string>
			<key>PortNumber</key>
			<integer>993</integer>
			<key>SSLEnabled</key>
			<true/>
			<key>SecurityLayerType</key>
			<integer>2</integer>
		</dict>
	</array>
</dict>
)");

core::Edit edit(const std::string& field, const std::string& key, core::FieldValue value, bool absent = false) {
  return core::Edit{"acct", field, core::Origin{"Accounts.plist", key, 0, absent}, std::move(value)};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace

TEST_SUITE("apple.plist_render") {
  TEST_CASE("an integer port is rewritten in place and every other byte is kept") {
    auto out = render_plist_edits("Accounts.plist", kXml,
                                  {edit("incoming.port", "MailAccounts[0].PortNumber", std::int64_t{143})});
    REQUIRE(out.ok());
    CHECK(*out == replaced(kXml, "<integer>993</integer>", "<integer>143</integer>"));
  }

  TEST_CASE("a string port stays a string and an empty <string/> is filled") {
    auto out = render_plist_edits("Accounts.plist", kXml,
                                  {edit("outgoing.port", "DeliveryAccounts[0].PortNumber", std::int64_t{587}),
                                   edit("outgoing.username", "DeliveryAccounts[0].Username", std::string("a&b"))});
    REQUIRE(out.ok());
    CHECK(*out == replaced(replaced(kXml, "<string>25</string>", "<string>587</string>"), "<string/>",
                           "<string>a&amp;b</string>"));
  }

  TEST_CASE("security sets SSLEnabled in its own spelling and SecurityLayerType") {
    auto out = render_plist_edits("Accounts.plist", kXml,
                                  {edit("outgoing.security", "DeliveryAccounts[0].SSLEnabled", std::string("starttls")),
                                   edit("incoming.security", "MailAccounts[0].SecurityLayerType", std::string("tls"))});
    REQUIRE(out.ok());
    std::string expected = replaced(kXml, "<string>NO</string>", "<string>YES</string>");
    expected = replaced(expected, "<integer>2</integer>", "<integer>3</integer>");
    CHECK(*out == expected);
    auto none = render_plist_edits("Accounts.plist", kXml,
                                   {edit("incoming.security", "MailAccounts[0].SSLEnabled", std::string("none"))});
    REQUIRE(none.ok());
    CHECK(*none == replaced(kXml, "<true/>", "<false/>"));
  }

  TEST_CASE("host and auth are rewritten; unconfirmed auth names are refused") {
    auto out = render_plist_edits("Accounts.plist", kXml,
                                  {edit("incoming.host", "MailAccounts[0].Hostname", std::string("imap.example.org")),
                                   edit("incoming.auth", "MailAccounts[0].AuthenticationScheme", std::string("password-encrypted"))});
    REQUIRE(out.ok());
    CHECK(*out == replaced(replaced(kXml, "imap.example.com", "imap.example.org"), "PASSWORD", "CRAM-MD5"));
    auto oauth = render_plist_edits("Accounts.plist", kXml,
                                    {edit("incoming.auth", "MailAccounts[0].AuthenticationScheme", std::string("OAuth2"))});
    CHECK(oauth.error().message ==
          "Accounts.plist: MailAccounts[0].AuthenticationScheme: no confirmed AuthenticationScheme name for OAuth2");
  }

  TEST_CASE("a binary file is written back as binary, equal as a tree to the XML edit") {
    std::string bin = apple_test::to_binary(kXml);
    auto edits = std::vector<core::Edit>{edit("incoming.port", "MailAccounts[0].PortNumber", std::int64_t{143}),
                                         edit("outgoing.port", "DeliveryAccounts[0].PortNumber", std::int64_t{587})};
    auto out_bin = render_plist_edits("Accounts.plist", bin, edits);
    auto out_xml = render_plist_edits("Accounts.plist", kXml, edits);
    REQUIRE(out_bin.ok());
    REQUIRE(out_xml.ok());
    CHECK(out_bin->starts_with("bplist00"));
    auto a = parse_plist(*out_bin, "a");
    auto b = parse_plist(*out_xml, "b");
    auto original = parse_plist(bin, "c");
    CHECK(plist_equal(a->root.get(), b->root.get()));
    CHECK_FALSE(plist_equal(a->root.get(), original->root.get()));
    CHECK(string_value(dict_item(array_item(dict_item(a->root.get(), "DeliveryAccounts"), 0), "PortNumber")) == "587");
  }

  TEST_CASE("a binary file whose key libplist cannot write back is refused, not rewritten with a lost key") {
    // Found by scripts/fuzz bplist: the key "$\xA2\x0Bd" (not UTF-8) comes back from libplist's
    // writer as "$", a second "$" key; the old dict comparison (size and lookups) saw no difference.
    const std::string bytes =
        testutil::read_bytes(std::filesystem::path(MAILMEND_SOURCE_DIR) / "tests/fuzz-regressions/bplist/shared-object-port-edit.bplist");
    REQUIRE(parse_plist(bytes, "in").ok());
    auto out = render_plist_edits("Accounts.plist", bytes, {edit("incoming.port", "$version", std::int64_t{4321})});
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message == "Accounts.plist: the file holds values libplist cannot write back unchanged; nothing changed");
  }

  TEST_CASE("absent keys, wrong types and bad values are refused with one line") {
    CHECK(render_plist_edits("Accounts.plist", kXml,
                             {edit("incoming.port", "MailAccounts[0].PortNumber", std::int64_t{0})})
              .error()
              .message == "Accounts.plist: MailAccounts[0].PortNumber: port must be a number from 1 to 65535");
    CHECK(render_plist_edits("Accounts.plist", kXml,
                             {edit("incoming.username", "MailAccounts[3].Username", std::string("x"), true)})
              .error()
              .message == "Accounts.plist: MailAccounts[3].Username: no such dictionary in this file");
    CHECK(render_plist_edits("Accounts.plist", kXml,
                             {edit("incoming.host", "MailAccounts[0].PortNumber", std::string("x"))})
              .error()
              .message == "Accounts.plist: MailAccounts[0].PortNumber: is not a string");
    CHECK(render_plist_edits("Accounts.plist", "<plist>", {}).error().message ==
          "Accounts.plist: not a well-formed XML property list");
  }

  TEST_CASE("absent keys are added at the end of their dict with Apple's indentation and types") {
    auto out = render_plist_edits("Accounts.plist", kXml,
                                  {edit("incoming.username", "MailAccounts[0].Username", std::string("ann"), true),
                                   edit("outgoing.auth", "DeliveryAccounts[0].AuthenticationScheme",
                                        std::string("password-encrypted"), true),
                                   edit("incoming.port", "MailAccounts[0].PortNumber", std::int64_t{993})});
    REQUIRE(out.ok());
    std::string expected = replaced(kXml, "\t\t\t<integer>2</integer>\n\t\t</dict>",
                                    "\t\t\t<integer>2</integer>\n\t\t\t<key>Username</key>\n\t\t\t<string>ann</string>\n\t\t</dict>");
    expected = replaced(expected, "\t\t\t<string/>\n\t\t</dict>",
                        "\t\t\t<string/>\n\t\t\t<key>AuthenticationScheme</key>\n\t\t\t<string>CRAM-MD5</string>\n\t\t</dict>");
    CHECK(*out == expected);
    CHECK(testutil::tinyxml2_error(*out) == "");
  }

  TEST_CASE("turning TLS on adds a missing SSLEnabled as Apple's \"YES\" string; binary files get it too") {
    std::string xml = apple_test::xml_plist(
        "<dict><key>MailAccounts</key><array><dict><key>Hostname</key><string>h</string></dict></array></dict>\n");
    auto e = edit("incoming.security", "MailAccounts[0].SSLEnabled", std::string("tls"), true);
    auto out = render_plist_edits("Accounts.plist", xml, {e});
    REQUIRE(out.ok());
    CHECK(*out == replaced(xml, "<string>h</string></dict>", "<string>h</string><key>SSLEnabled</key><string>YES</string></dict>"));
    auto bin = render_plist_edits("Accounts.plist", apple_test::to_binary(xml), {e});
    REQUIRE(bin.ok());
    auto a = parse_plist(*bin, "a");
    auto b = parse_plist(*out, "b");
    CHECK(plist_equal(a->root.get(), b->root.get()));
  }

  TEST_CASE("a profile's UseSSL boolean flips in place") {
    std::string xml = apple_test::xml_plist(
        "<dict>\n\t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n\t\t\t<key>IncomingMailServerUseSSL</key>\n"
        "\t\t\t<false/>\n\t\t\t<key>IncomingMailServerAuthentication</key>\n\t\t\t<string>EmailAuthNone</string>\n"
        "\t\t</dict>\n\t</array>\n</dict>\n");
    auto out = render_plist_edits("p.mobileconfig", xml,
                                  {edit("incoming.security", "PayloadContent[0].IncomingMailServerUseSSL", std::string("tls")),
                                   edit("incoming.auth", "PayloadContent[0].IncomingMailServerAuthentication",
                                        std::string("password-cleartext"))});
    REQUIRE(out.ok());
    CHECK(*out == replaced(replaced(xml, "<false/>", "<true/>"), "EmailAuthNone", "EmailAuthPassword"));
  }
}
