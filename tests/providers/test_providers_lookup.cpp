// Tests for the lookup output (src/providers/lookup.cpp) and template expansion (provider.cpp).
#include <doctest/doctest.h>

#include "providers/database.hpp"
#include "providers/lookup.hpp"
#include "support/testutil.hpp"

using providers::Provider;
using providers::ServerSpec;

namespace {

Provider sample() {
  Provider p;
  p.id = "example.com";
  p.name = "Example Mail";
  p.domains = {"example.com"};
  p.origin = "embedded";
  p.source = "example.com.xml + facts.xml";
  ServerSpec imap{core::Protocol::Imap, "imap.%EMAILDOMAIN%", 993, core::Security::Tls,
                  {core::Auth::OAuth2, core::Auth::PasswordCleartext}, "%EMAILLOCALPART%", "", "imap", false, {}, ""};
  ServerSpec ews{core::Protocol::Ews, "", 0, core::Security::Tls, {core::Auth::OAuth2}, "%EMAILADDRESS%",
                 "https://mail.example.com/ews/exchange.asmx", "ews", false, {}, ""};
  ServerSpec smtp{core::Protocol::Smtp, "smtp.example.com", 587, core::Security::StartTls, {}, "%EMAILADDRESS%", "", "smtp", false, {}, ""};
  p.incoming = {imap, ews};
  p.outgoing = {smtp};
  p.app_password_required = true;
  p.retired = {{"pop3.old.example.com", "imap.example.com", "2024-09", "switched off"}};
  p.documentation_url = "https://example.com/help";
  p.last_checked = "2026-01";
  p.notes = {{"app_password_required", "true", "example.com/help", "2026-01"}};
  return p;
}

}  // namespace

TEST_SUITE("providers.lookup") {
  TEST_CASE("templates expand from an address, and from a bare domain only the domain") {
    CHECK(providers::expand_for("imap.%EMAILDOMAIN%", "Bob@Example.COM") == "imap.example.com");
    CHECK(providers::expand_for("%EMAILLOCALPART%", "Bob@Example.COM") == "Bob");
    CHECK(providers::expand_for("%EMAILADDRESS%", "bob@example.com") == "bob@example.com");
    CHECK(providers::expand_for("mail.%EMAILDOMAIN%", " Example.COM ") == "mail.example.com");
    CHECK(providers::expand_for("%EMAILADDRESS%", "example.com") == "%EMAILADDRESS%");
    CHECK(providers::expand_for("%EMAILADDRESS", "bob@example.com") == "%EMAILADDRESS");  // the ISPDB typo stays
    CHECK(providers::is_literal("imap.example.com"));
    CHECK_FALSE(providers::is_literal("%EMAILDOMAIN%"));
    CHECK(providers::describe_username("%EMAILLOCALPART%") == "the part before the @");
    CHECK(providers::describe_username("%EMAILLOCALPART%.%EMAILDOMAIN%") == "template %EMAILLOCALPART%.%EMAILDOMAIN%");
  }

  TEST_CASE("the text lookup shows servers with the address expanded, flags, retired hosts and sources") {
    CHECK(providers::render_lookup_text(sample(), "bob@example.com") ==
          "bob@example.com: Example Mail [example.com]\n"
          "Data: embedded (example.com.xml + facts.xml)\n"
          "Incoming servers (provider's preference order):\n"
          "  1. imap  imap.example.com  port 993  tls\n"
          "     auth OAuth2, password-cleartext; username bob (the part before the @)\n"
          "  2. ews  https://mail.example.com/ews/exchange.asmx\n"
          "     auth OAuth2; username bob@example.com (the full email address)\n"
          "Outgoing servers (provider's preference order):\n"
          "  1. smtp  smtp.example.com  port 587  starttls\n"
          "     auth not listed; username bob@example.com (the full email address)\n"
          "OAuth2 only (password login refused): no\n"
          "App password or authorisation code instead of the web password: yes\n"
          "IMAP/POP must be enabled in webmail first: no\n"
          "Retired hosts:\n"
          "  pop3.old.example.com -> imap.example.com (since 2024-09): switched off\n"
          "Documentation: https://example.com/help\n"
          "Last checked: 2026-01\n"
          "Sources:\n"
          "  app_password_required = true: example.com/help (checked 2026-01)\n");
  }

  TEST_CASE("the JSON lookup holds the same facts as typed values") {
    auto j = providers::lookup_json(sample(), "example.com");
    CHECK(j["query"] == "example.com");
    CHECK(j["provider"]["id"] == "example.com");
    CHECK(j["provider"]["domains"] == nlohmann::json::array({"example.com"}));
    CHECK(j["origin"] == "embedded");
    CHECK(j["incoming"].size() == 2);
    CHECK(j["incoming"][0]["host"] == "imap.example.com");
    CHECK(j["incoming"][0]["host_template"] == "imap.%EMAILDOMAIN%");
    CHECK(j["incoming"][0]["port"] == 993);
    CHECK(j["incoming"][0]["security"] == "tls");
    CHECK(j["incoming"][0]["auth"] == nlohmann::json::array({"OAuth2", "password-cleartext"}));
    CHECK(j["incoming"][0]["username"] == "%EMAILLOCALPART%");
    CHECK(j["incoming"][1]["url"] == "https://mail.example.com/ews/exchange.asmx");
    CHECK(j["outgoing"][0]["auth"] == nlohmann::json::array());
    CHECK(j["oauth2_only"] == false);
    CHECK(j["app_password_required"] == true);
    CHECK(j["imap_must_be_enabled"] == false);
    CHECK(j["retired_hosts"][0]["replacement"] == "imap.example.com");
    CHECK(j["facts"][0]["source"] == "example.com/help");
    CHECK(j["last_checked"] == "2026-01");
  }

  TEST_CASE("looking up an Outlook.com address in the embedded database shows OAuth2 and the retired hosts") {
    auto db = providers::Database::embedded();
    auto p = db.lookup("alice@hotmail.co.uk");
    REQUIRE(p);
    auto text = providers::render_lookup_text(*p, "alice@hotmail.co.uk");
    CHECK(text.rfind("alice@hotmail.co.uk: Outlook.com (Microsoft) [hotmail.com]\n"
                     "Data: embedded (hotmail.com.xml + microsoft.xml + deltachat.xml)\n"
                     "Incoming servers (provider's preference order):\n"
                     "  1. imap  outlook.office365.com  port 993  tls\n"
                     "     auth OAuth2; username alice@hotmail.co.uk (the full email address)\n",
                     0) == 0);
    CHECK(text.find("OAuth2 only (password login refused): yes\n") != std::string::npos);
    CHECK(text.find("  pop3.live.com -> outlook.office365.com: ") != std::string::npos);
    auto j = providers::lookup_json(*p, "alice@hotmail.co.uk");
    CHECK(j["oauth2_only"] == true);
    CHECK(j["retired_hosts"].size() == 4);
  }
}
