#include <doctest/doctest.h>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/declaration.hpp"
#include "apple_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::apple;

TEST_SUITE("apple.declaration") {
  TEST_CASE("a mail declaration gives one account; TLS is the system's choice") {
    auto path = testutil::source_dir() / "fixtures/apple/profiles/mail-declaration.json";
    auto out = AppleMailAdapter().read(path);
    REQUIRE(out.accounts.size() == 1);
    const auto& a = out.accounts[0];
    CHECK(a.key == "com.example.mail.declaration");
    CHECK(a.name == "Example Corp");
    CHECK(a.incoming->protocol == core::Protocol::Imap);
    CHECK(a.incoming->host.value == "mail.example.com");
    CHECK(a.incoming->host.origin.key == "Payload.IncomingServer.HostName");
    CHECK(a.incoming->port.value == 993);
    CHECK(a.incoming->security.value == core::Security::Unknown);
    CHECK(a.incoming->auth.value == core::Auth::PasswordCleartext);
    CHECK(a.outgoing->port.value == 25);
    CHECK(a.outgoing->auth.value == core::Auth::None);
    CHECK(out.findings.empty());
    CHECK(out.sources[0].message == "declaration (TLS is chosen by the system)");
  }

  TEST_CASE("bad declarations give one-line errors or findings") {
    CHECK(read_declaration_bytes("{", "d.json").sources[0].message == "d.json: not a JSON object");
    CHECK(read_declaration_bytes(std::string(100, '['), "d.json").sources[0].message == "d.json: JSON nested deeper than 64 levels");
    CHECK(read_declaration_bytes("{\"Type\":\"com.apple.configuration.account.mail\"}", "d.json").sources[0].message ==
          "d.json: declaration has no Payload object");
    CHECK(read_declaration_bytes("{\"Type\":\"x\"}", "d.json").sources[0].status == core::SourceStatus::Skipped);
    auto out = read_declaration_bytes(
        "{\"Type\":\"com.apple.configuration.account.mail\",\"Payload\":{\"IncomingServer\":{\"ServerType\":\"EWS\","
        "\"HostName\":\"h\",\"Port\":\"993\",\"AuthenticationMethod\":\"OAuth\"}}}",
        "d.json");
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].incoming->port.value == 0);
    std::vector<std::string> messages;
    for (const auto& f : out.findings) messages.push_back(f.message);
    CHECK(messages == std::vector<std::string>{
                          "Payload.IncomingServer.ServerType is \"EWS\", not IMAP or POP: the device rejects this declaration",
                          "Payload.IncomingServer.AuthenticationMethod is \"OAuth\", not None, Password, CRAMMD5, NTLM or "
                          "HTTPMD5: the device rejects this declaration",
                          "Payload.OutgoingServer is missing: the device rejects this declaration"});
  }
}
