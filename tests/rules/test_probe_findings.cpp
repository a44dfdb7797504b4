// Rules over probe observations: each id from synthetic core::ProbeResults (what the engine would
// record); the engine's own tests check those observations against real servers.
#include <doctest/doctest.h>

#include <algorithm>

#include "rules/probe_findings.hpp"

using core::Auth;
using core::Protocol;
using core::Security;
using core::Severity;
using core::TcpOutcome;

namespace {

core::Account imap_account(Security security, int port, Auth auth = Auth::PasswordCleartext) {
  core::Account a;
  a.id = "thunderbird:prefs.js#account1";
  a.client = "thunderbird";
  a.email = "ann@example.net";
  core::Endpoint ep;
  ep.protocol = Protocol::Imap;
  ep.host = {"imap.example.net", {"prefs.js", "mail.server.server1.hostname", 3, false}};
  ep.port = {port, {"prefs.js", "mail.server.server1.port", 4, false}};
  ep.security = {security, {"prefs.js", "mail.server.server1.socketType", 5, false}};
  ep.auth = {auth, {"prefs.js", "mail.server.server1.authMethod", 6, false}};
  ep.username = {"ann@example.net", {"prefs.js", "mail.server.server1.userName", 7, false}};
  a.incoming = ep;
  return a;
}

// A probe of the account's incoming endpoint that connected on 127.0.0.1 and saw `observed`.
core::ProbeResult probe_of(const core::Account& a, Security observed) {
  core::ProbeResult p;
  p.target = {a.incoming->host.value, a.incoming->port.value, Protocol::Imap, a.incoming->security.value, {a.id}, {}};
  p.id = core::probe_id(p.target);
  p.addresses = {{"127.0.0.1", "ipv4", TcpOutcome::Connected, 1}};
  p.observed_security = observed;
  return p;
}

core::ProbeCertificate good_certificate() {
  core::ProbeCertificate c;
  c.subject = "CN=imap.example.net";
  c.issuer = "CN=Example Test CA";
  c.san = {"DNS:imap.example.net"};
  c.not_before = "2026-01-01T00:00:00Z";
  c.not_after = "2027-02-07T00:00:00Z";
  c.days_left = 63;
  c.chain_trusted = true;
  c.hostname_match = true;
  c.chain = {"CN=imap.example.net", "CN=Example Test CA"};
  return c;
}

// A TLS endpoint that is healthy in every respect.
core::ProbeResult healthy_tls(const core::Account& a) {
  auto p = probe_of(a, Security::Tls);
  p.tls = core::ProbeTls{"TLSv1.3", "TLS_AES_256_GCM_SHA384", "imap.example.net"};
  p.certificate = good_certificate();
  p.capabilities_after_tls = {"IMAP4rev1", "AUTH=PLAIN", "AUTH=XOAUTH2"};
  p.auth_mechanisms = {"PLAIN", "XOAUTH2"};
  return p;
}

std::vector<std::string> rules_of(const std::vector<core::Finding>& findings) {
  std::vector<std::string> ids;
  for (const auto& f : findings) ids.push_back(f.rule);
  return ids;
}

core::Finding only(const std::vector<core::Finding>& findings) {
  REQUIRE(findings.size() == 1);
  return findings.front();
}

}  // namespace

TEST_SUITE("probe findings") {
  TEST_CASE("a healthy TLS endpoint gives no finding") {
    const auto a = imap_account(Security::Tls, 993);
    CHECK(rules::probe_findings(healthy_tls(a), {a}).empty());
  }

  TEST_CASE("TLS configured on a STARTTLS port: probe-tls-mode-mismatch, expected the observed mode, at the setting") {
    const auto a = imap_account(Security::Tls, 143);
    auto p = probe_of(a, Security::StartTls);
    p.tls_error = "wrong version number";
    p.starttls_offered = true;
    const auto& f = only(rules::probe_findings(p, {a}));
    CHECK(f.rule == "probe-tls-mode-mismatch");
    CHECK(f.severity == Severity::Error);
    CHECK(f.account == a.id);
    CHECK(f.field == "incoming.security");
    CHECK(f.actual == core::FieldValue{std::string("tls")});
    CHECK(f.expected == core::FieldValue{std::string("starttls")});
    CHECK(f.probe == "imap:imap.example.net:143:tls");
    CHECK(f.origin.key == "mail.server.server1.socketType");
    CHECK(f.message.find("wrong version number") != std::string::npos);
    CHECK_FALSE(f.fixable);
  }

  TEST_CASE("plain client on an implicit-TLS port: mismatch with expected tls; pure silence: probe-timeout") {
    const auto a = imap_account(Security::StartTls, 993);
    auto p = probe_of(a, Security::Tls);
    p.silent = true;
    const auto& f = only(rules::probe_findings(p, {a}));
    CHECK(f.rule == "probe-tls-mode-mismatch");
    CHECK(f.expected == core::FieldValue{std::string("tls")});
    p.observed_security = Security::Unknown;
    const auto& t = only(rules::probe_findings(p, {a}));
    CHECK(t.rule == "probe-timeout");
    CHECK(t.field == "incoming.security");
  }

  TEST_CASE("name resolution and connection failures end the checks") {
    const auto a = imap_account(Security::Tls, 993);
    auto p = probe_of(a, Security::Unknown);
    p.addresses.clear();
    p.dns_error = "Name or service not known";
    const auto& dns = only(rules::probe_findings(p, {a}));
    CHECK(dns.rule == "probe-dns-failed");
    CHECK(dns.field == "incoming.host");
    CHECK(dns.actual == core::FieldValue{std::string("imap.example.net")});
    p.dns_error.clear();
    p.addresses = {{"127.0.0.1", "ipv4", TcpOutcome::Refused, std::nullopt}, {"::1", "ipv6", TcpOutcome::Timeout, std::nullopt}};
    const auto& down = only(rules::probe_findings(p, {a}));
    CHECK(down.rule == "probe-unreachable");
    CHECK(down.field == "incoming.port");
    CHECK(down.actual == core::FieldValue{std::int64_t{993}});
    CHECK(down.message.find("127.0.0.1 refused, ::1 timeout") != std::string::npos);
    // One address answering is enough: the other's failure is in the probe, not a finding.
    p.addresses[1].tcp = TcpOutcome::Connected;
    p.observed_security = Security::Tls;
    CHECK(rules::probe_findings(p, {a}).empty());
  }

  TEST_CASE("a TLS port whose handshake fails (an alert) is probe-tls-failed; garbage is probe-protocol-error") {
    const auto a = imap_account(Security::Tls, 993);
    auto p = probe_of(a, Security::Tls);
    p.tls_error = "sslv3 alert handshake failure";
    const auto f = only(rules::probe_findings(p, {a}));
    CHECK(f.rule == "probe-tls-failed");
    CHECK(f.field == "incoming.security");
    CHECK(f.message.find("sslv3 alert handshake failure") != std::string::npos);
    p.observed_security = Security::Unknown;
    p.tls_error.clear();
    p.error = "greeting: not an IMAP greeting";
    const auto g = only(rules::probe_findings(p, {a}));
    CHECK(g.rule == "probe-protocol-error");
    CHECK(g.field == "incoming.port");
  }

  TEST_CASE("STARTTLS configured and not offered; plaintext configured and refused (expected starttls when offered)") {
    const auto s = imap_account(Security::StartTls, 143);
    auto p = probe_of(s, Security::None);
    CHECK(rules_of(rules::probe_findings(p, {s})) == std::vector<std::string>{"probe-starttls-not-offered"});

    const auto n = imap_account(Security::None, 143);
    auto q = probe_of(n, Security::StartTls);
    q.capabilities_before_tls = {"IMAP4rev1", "STARTTLS", "LOGINDISABLED"};
    q.starttls_offered = true;
    q.login_disabled = true;
    const auto& f = only(rules::probe_findings(q, {n}));
    CHECK(f.rule == "probe-plaintext-refused");
    CHECK(f.expected == core::FieldValue{std::string("starttls")});
    CHECK(f.message.find("LOGINDISABLED") != std::string::npos);
    q.login_disabled = false;
    q.starttls_offered = false;
    q.plaintext_refusal = "530 5.7.0 Must issue a STARTTLS command first";
    const auto& g = only(rules::probe_findings(q, {n}));
    CHECK(g.expected == core::FieldValue{});
    CHECK(g.message.find("530 5.7.0 Must issue a STARTTLS command first") != std::string::npos);
  }

  TEST_CASE("certificate findings: expired, not yet valid, wrong host with the certificate's name, untrusted, soon") {
    const auto a = imap_account(Security::Tls, 993);
    auto p = healthy_tls(a);
    p.certificate->expired = true;
    p.certificate->chain_trusted = false;
    p.certificate->error = "certificate has expired";
    CHECK(rules_of(rules::probe_findings(p, {a})) == std::vector<std::string>{"probe-cert-expired"});

    p = healthy_tls(a);
    p.certificate->not_yet_valid = true;
    p.certificate->chain_trusted = false;
    const auto& clock = only(rules::probe_findings(p, {a}));
    CHECK(clock.rule == "probe-cert-not-yet-valid");
    CHECK(clock.message.find("clock") != std::string::npos);

    p = healthy_tls(a);
    p.certificate->hostname_match = false;
    p.certificate->san = {"DNS:*.other.example", "DNS:mail.other.example"};
    const auto& host = only(rules::probe_findings(p, {a}));
    CHECK(host.rule == "probe-cert-hostname-mismatch");
    CHECK(host.field == "incoming.host");
    CHECK(host.expected == core::FieldValue{std::string("mail.other.example")});

    p = healthy_tls(a);
    p.certificate->chain_trusted = false;
    p.certificate->error = "self-signed certificate";
    const auto& untrusted = only(rules::probe_findings(p, {a}));
    CHECK(untrusted.rule == "probe-cert-untrusted");
    CHECK(untrusted.message.find("self-signed certificate") != std::string::npos);

    p = healthy_tls(a);
    p.certificate->days_left = 13;
    const auto& soon = only(rules::probe_findings(p, {a}));
    CHECK(soon.rule == "probe-cert-expires-soon");
    CHECK(soon.severity == Severity::Warning);
    p.certificate->days_left = 14;
    CHECK(rules::probe_findings(p, {a}).empty());
  }

  TEST_CASE("an inspecting antivirus is named, instead of a bare untrusted certificate") {
    const auto a = imap_account(Security::Tls, 993);
    auto p = healthy_tls(a);
    p.certificate->issuer = "CN=Avast Web/Mail Shield Root,O=Avast Web/Mail Shield,OU=generated by Avast Antivirus";
    p.certificate->chain_trusted = false;
    const auto& f = only(rules::probe_findings(p, {a}));
    CHECK(f.rule == "probe-tls-intercepted");
    CHECK(f.message.find("comes from Avast") != std::string::npos);
    core::ProbeCertificate c;
    c.chain = {"CN=mail.example.net", "CN=Zscaler Intermediate Root CA (zscaler.net)"};
    CHECK(rules::inspecting_product(c) == "Zscaler");
    CHECK(rules::inspecting_product(good_certificate()).empty());
  }

  TEST_CASE("old TLS versions are refused by current clients") {
    const auto a = imap_account(Security::Tls, 993);
    auto p = healthy_tls(a);
    p.tls->version = "TLSv1.1";
    CHECK(rules_of(rules::probe_findings(p, {a})) == std::vector<std::string>{"probe-tls-version-old"});
    p.tls->version = "TLSv1.2";
    CHECK(rules::probe_findings(p, {a}).empty());
  }

  TEST_CASE("the configured authentication method against the server's mechanisms") {
    auto a = imap_account(Security::Tls, 993, Auth::OAuth2);
    auto p = healthy_tls(a);
    CHECK(rules::probe_findings(p, {a}).empty());  // XOAUTH2 offered
    p.auth_mechanisms = {"PLAIN", "LOGIN"};
    const auto& f = only(rules::probe_findings(p, {a}));
    CHECK(f.rule == "probe-auth-method-not-offered");
    CHECK(f.field == "incoming.auth");
    CHECK(f.actual == core::FieldValue{std::string("OAuth2")});
    CHECK(f.expected == core::FieldValue{std::string("PLAIN LOGIN")});
    a = imap_account(Security::Tls, 993, Auth::PasswordEncrypted);
    CHECK(rules_of(rules::probe_findings(p, {a})) == std::vector<std::string>{"probe-auth-method-not-offered"});
    p.auth_mechanisms = {"PLAIN", "SCRAM-SHA-256"};
    CHECK(rules::probe_findings(p, {a}).empty());
    // IMAP's LOGIN command carries a cleartext password unless LOGINDISABLED.
    a = imap_account(Security::Tls, 993, Auth::PasswordCleartext);
    p.auth_mechanisms = {};
    CHECK(rules::probe_findings(p, {a}).empty());
    p.capabilities_after_tls = {"IMAP4rev1", "LOGINDISABLED"};
    CHECK(rules_of(rules::probe_findings(p, {a})) == std::vector<std::string>{"probe-auth-method-not-offered"});
  }

  TEST_CASE("login outcomes: the server's code explained, never a credential") {
    const auto a = imap_account(Security::Tls, 993);
    auto p = healthy_tls(a);
    p.logins = {{a.id, false, "534 5.7.9", "534 5.7.9 Application-specific password required"}};
    const auto& app = only(rules::probe_findings(p, {a}));
    CHECK(app.rule == "probe-login-failed");
    CHECK(app.field == "incoming.username");
    CHECK(app.actual == core::FieldValue{std::string("ann@example.net")});
    CHECK(app.message.find("app password") != std::string::npos);
    p.logins = {{a.id, false, "UNAVAILABLE", "a2 NO [UNAVAILABLE] Account is locked"}};
    CHECK(only(rules::probe_findings(p, {a})).message.find("locked, disabled or unavailable") != std::string::npos);
    p.logins = {{a.id, false, "AUTHENTICATIONFAILED", "a2 NO [AUTHENTICATIONFAILED] Authentication failed."}};
    CHECK(only(rules::probe_findings(p, {a})).message.find("user name form") != std::string::npos);
    p.logins = {{a.id, true, "", "a2 OK Logged in"}};
    const auto& ok = only(rules::probe_findings(p, {a}));
    CHECK(ok.rule == "probe-login-ok");
    CHECK(ok.severity == Severity::Info);
  }

  TEST_CASE("one finding per account sharing the endpoint; a --server probe reports with no account") {
    auto a = imap_account(Security::Tls, 143);
    auto b = a;
    b.id = "thunderbird:prefs.js#account2";
    auto p = probe_of(a, Security::StartTls);
    p.target.accounts = {a.id, b.id};
    const auto findings = rules::probe_findings(p, {a, b});
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].account == a.id);
    CHECK(findings[1].account == b.id);
    p.target.accounts.clear();
    const auto& loose = only(rules::probe_findings(p, {}));
    CHECK(loose.account.empty());
    CHECK(loose.field == "security");
    CHECK(loose.origin.file.empty());
  }

  TEST_CASE("every probe rule id is in the catalogue once, and each finding's id is catalogued") {
    std::vector<std::string> ids;
    for (const auto& r : rules::probe_catalogue()) ids.emplace_back(r.id);
    auto sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    for (const auto& id : ids) CHECK(id.rfind("probe-", 0) == 0);
    CHECK(ids.size() == 19);
  }
}
