#include <doctest/doctest.h>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "adapters/apple/profile.hpp"
#include "adapters/apple/profile_writer.hpp"
#include "apple_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::apple;

namespace {

core::ReadOutput bob() {
  return AppleMailAdapter().read(testutil::source_dir() / "fixtures/homes/mac-legacy-bob/Library/Mail");
}

core::Edit edit(const core::Account& a, const std::string& field, core::FieldValue v) {
  return core::Edit{a.id, field, {}, std::move(v)};
}

}  // namespace

TEST_SUITE("apple.profile_writer") {
  TEST_CASE("the corrected profile parses with libplist and tinyxml2 and reads back with the edits") {
    auto in = bob();
    const auto& gmail = apple_test::account(in, "GMAIL-0002");
    const auto& netease = apple_test::account(in, "NETEASE-0003");
    std::vector<core::Edit> edits{edit(gmail, "incoming.security", std::string("tls")),
                                  edit(netease, "incoming.port", std::int64_t{993}),
                                  edit(netease, "incoming.security", std::string("tls")),
                                  edit(netease, "outgoing.port", std::int64_t{465}),
                                  edit(netease, "outgoing.security", std::string("tls"))};
    std::string xml = write_corrected_mobileconfig(in.accounts, edits);
    CHECK(testutil::tinyxml2_error(xml) == "");
    auto parsed = parse_plist(xml, "corrected.mobileconfig");
    REQUIRE(parsed.ok());
    CHECK(array_size(dict_item(parsed->root.get(), "PayloadContent")) == 4);
    auto out = read_profile_bytes(xml, "corrected.mobileconfig");
    REQUIRE(out.accounts.size() == 4);
    CHECK(out.findings.empty() == false);  // the company account has no outgoing server
    const auto& g = out.accounts[1];
    CHECK(g.name == "Gmail");
    CHECK(g.incoming->port.value == 993);
    CHECK(g.incoming->security.value == core::Security::Tls);
    const auto& n = out.accounts[2];
    CHECK(n.incoming->protocol == core::Protocol::Imap);
    CHECK(n.incoming->port.value == 993);
    CHECK(n.incoming->security.value == core::Security::Tls);
    CHECK(n.outgoing->port.value == 465);
    CHECK(n.outgoing->security.value == core::Security::Tls);
    CHECK(n.incoming->username.value == "bob_example@163.com");
    CHECK(xml.find("Password</key>") == std::string::npos);
    std::vector<std::string> rules;
    for (const auto& f : out.findings) rules.push_back(f.message);
    CHECK(rules == std::vector<std::string>{
                       "OutgoingMailServerHostName is missing: macOS refuses to install this profile",
                       "OutgoingMailServerAuthentication is missing: macOS refuses to install this profile"});
  }

  TEST_CASE("the same input gives the same bytes; UUIDs are name-based") {
    auto in = bob();
    CHECK(write_corrected_mobileconfig(in.accounts, {}) == write_corrected_mobileconfig(in.accounts, {}));
    CHECK(stable_uuid("x") == "11F6AD8E-C52A-5984-ABAA-FD7C3B516503");
    CHECK(stable_uuid("y") != stable_uuid("x"));  // sha1("x") = 11f6ad8ec52a2984abaafd7c3b516503..., version/variant bits set
  }

  TEST_CASE("accounts without an IMAP or POP server are left out") {
    core::Account ews;
    ews.id = "applemail:x#1";
    ews.incoming = core::Endpoint{};
    ews.incoming->protocol = core::Protocol::Ews;
    std::string xml = write_corrected_mobileconfig({ews, core::Account{}}, {});
    auto parsed = parse_plist(xml, "p");
    REQUIRE(parsed.ok());
    CHECK(array_size(dict_item(parsed->root.get(), "PayloadContent")) == 0);
    CHECK(string_value(dict_item(parsed->root.get(), "PayloadType")) == "Configuration");
  }
}
