#include <doctest/doctest.h>

#include "adapters/outlook/rules.hpp"

using namespace adapters::outlook;

namespace {

core::Account account(core::Protocol in, const std::string& in_host, const std::string& smtp_host, const std::string& email) {
  core::Account a;
  a.id = "outlook:x#P\\1";
  a.email = email;
  core::Endpoint i;
  i.protocol = in;
  i.host.value = in_host;
  i.port.value = in == core::Protocol::Imap ? 993 : 995;
  i.security.value = core::Security::Tls;
  i.auth = {core::Auth::PasswordCleartext, {"x", "K\\IMAP Use SPA", 0, true}};
  a.incoming = i;
  core::Endpoint o;
  o.protocol = core::Protocol::Smtp;
  o.host.value = smtp_host;
  o.port.value = 587;
  o.security.value = core::Security::StartTls;
  o.auth = {core::Auth::PasswordCleartext, {"x", "K\\SMTP Use Auth", 0, false}};
  a.outgoing = o;
  return a;
}

std::vector<std::string> rules_of(const std::vector<core::Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.rule + " " + f.field);
  return out;
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("a healthy account on a private host gives nothing") {
    AccountFacts facts;
    facts.password_stored = true;
    CHECK(outlook_findings(account(core::Protocol::Imap, "imap.example.com", "smtp.example.com", "a@example.com"), facts).empty());
  }

  TEST_CASE("basic auth to Microsoft: by host, or by address with any host; needs a stored password or a PRF") {
    AccountFacts stored;
    stored.password_stored = true;
    stored.password_origin = {"x", "K\\IMAP Password", 0, false};
    auto by_host = outlook_findings(account(core::Protocol::Imap, "outlook.office365.com", "smtp.example.com", "a@contoso.example"), stored);
    CHECK(rules_of(by_host) == std::vector<std::string>{"outlook-basic-auth-microsoft incoming.auth"});
    CHECK(by_host[0].severity == core::Severity::Error);
    CHECK_FALSE(by_host[0].fixable);
    CHECK(by_host[0].origin.key == "K\\IMAP Password");
    CHECK(by_host[0].message.starts_with("a@contoso.example is an Outlook.com / Microsoft 365 mailbox set up as IMAP with a stored password"));
    auto by_mail = outlook_findings(account(core::Protocol::Pop3, "pop.example.net", "smtp.example.net", "b@hotmail.co.uk"), stored);
    CHECK(rules_of(by_mail) == std::vector<std::string>{"outlook-basic-auth-microsoft incoming.auth"});
    CHECK(outlook_findings(account(core::Protocol::Pop3, "outlook.office365.com", "smtp.example.com", "b@outlook.com"), {}).empty());
    AccountFacts prf;
    prf.from_prf = true;
    auto from_prf = outlook_findings(account(core::Protocol::Pop3, "outlook.office365.com", "smtp.example.com", "b@outlook.com"), prf);
    REQUIRE(from_prf.size() == 1);
    CHECK(from_prf[0].message.find("set up as POP3 with a password:") != std::string::npos);
  }

  TEST_CASE("SPA is flagged only on public providers, on the side that uses it") {
    auto a = account(core::Protocol::Imap, "imap.example.com", "smtp.gmail.com", "a@example.com");
    a.incoming->auth.value = core::Auth::Ntlm;
    CHECK(outlook_findings(a, {}).empty());
    a.outgoing->auth.value = core::Auth::Ntlm;
    auto fs = outlook_findings(a, {});
    CHECK(rules_of(fs) == std::vector<std::string>{"outlook-spa-without-ntlm outgoing.auth"});
    CHECK(fs[0].fixable);
    CHECK(std::get<std::string>(fs[0].expected) == "password-cleartext");
  }

  TEST_CASE("SMTP auth off is flagged only for public providers' SMTP hosts") {
    auto a = account(core::Protocol::Imap, "imap.example.com", "smtp.example.com", "a@gmail.com");
    a.outgoing->auth.value = core::Auth::None;
    CHECK(outlook_findings(a, {}).empty());
    a.outgoing->host.value = "smtp.gmx.net";
    auto fs = outlook_findings(a, {});
    CHECK(rules_of(fs) == std::vector<std::string>{"outlook-smtp-auth-off outgoing.auth"});
    CHECK(fs[0].origin.key == "K\\SMTP Use Auth");
    CHECK(fs[0].message.find("smtp.gmx.net only accepts mail from signed-in users") != std::string::npos);
  }

  TEST_CASE("Auto encryption on a non-standard port is reported but not fixable") {
    auto a = account(core::Protocol::Imap, "imap.example.com", "smtp.example.com", "a@example.com");
    a.incoming->port.value = 1143;
    AccountFacts facts;
    facts.incoming_security_auto = true;
    auto fs = outlook_findings(a, facts);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].rule == "outlook-ssl-auto");
    CHECK(fs[0].severity == core::Severity::Warning);
    CHECK_FALSE(fs[0].fixable);
    CHECK(std::holds_alternative<std::monostate>(fs[0].expected));
    CHECK(fs[0].message.ends_with("Choose SSL/TLS or STARTTLS explicitly."));
  }

  TEST_CASE("Exchange accounts get no POP/IMAP findings") {
    core::Account a;
    a.email = "x@outlook.com";
    core::Endpoint e;
    e.protocol = core::Protocol::Exchange;
    a.incoming = e;
    AccountFacts facts;
    facts.password_stored = true;
    CHECK(outlook_findings(a, facts).empty());
  }
}
