#include "support/probe_samples.hpp"

namespace testsamples {
namespace {

core::Account imap_account(const std::string& key, int port) {
  core::Account a;
  a.client = "thunderbird";
  a.source = "/home/ann/.thunderbird/p/prefs.js";
  a.key = key;
  a.id = core::make_account_id(a.client, a.source, a.key);
  a.email = "ann@example.net";
  core::Endpoint ep;
  ep.protocol = core::Protocol::Imap;
  ep.host.value = "imap.example.net";
  ep.port.value = port;
  ep.security.value = core::Security::Tls;
  ep.auth.value = core::Auth::PasswordCleartext;
  ep.username.value = "ann@example.net";
  a.incoming = ep;
  return a;
}

core::ProbeResult healthy(const core::Account& a) {
  core::ProbeResult p;
  p.target = {"imap.example.net", 993, core::Protocol::Imap, core::Security::Tls, {a.id}, {}};
  p.id = core::probe_id(p.target);
  p.addresses = {{"192.0.2.10", "ipv4", core::TcpOutcome::Connected, 12}, {"2001:db8::10", "ipv6", core::TcpOutcome::Unreachable, std::nullopt}};
  p.observed_security = core::Security::Tls;
  p.tls = core::ProbeTls{"TLSv1.3", "TLS_AES_256_GCM_SHA384", "imap.example.net"};
  core::ProbeCertificate c;
  c.subject = "CN=imap.example.net";
  c.issuer = "CN=Example CA,O=Example";
  c.san = {"DNS:imap.example.net"};
  c.not_before = "2026-10-01T00:00:00Z";
  c.not_after = "2027-02-07T00:00:00Z";
  c.days_left = 63;
  c.sha256 = std::string(64, 'a');
  c.chain_trusted = true;
  c.hostname_match = true;
  c.chain = {"CN=imap.example.net", "CN=Example CA,O=Example"};
  p.certificate = c;
  p.greeting = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2] ready";
  p.capabilities_after_tls = {"IMAP4rev1", "AUTH=PLAIN", "AUTH=XOAUTH2"};
  p.auth_mechanisms = {"PLAIN", "XOAUTH2"};
  p.timings = {3, 12, 20, 51};
  return p;
}

core::ProbeResult starttls_port(const core::Account& a) {
  core::ProbeResult p;
  p.target = {"imap.example.net", 143, core::Protocol::Imap, core::Security::Tls, {a.id}, {}};
  p.id = core::probe_id(p.target);
  p.addresses = {{"192.0.2.10", "ipv4", core::TcpOutcome::Connected, 11}};
  p.observed_security = core::Security::StartTls;
  p.tls_error = "wrong version number";
  p.greeting = "* OK ready";
  p.capabilities_before_tls = {"IMAP4rev1", "STARTTLS", "LOGINDISABLED"};
  p.capabilities_after_tls = {"IMAP4rev1", "AUTH=PLAIN"};
  p.auth_mechanisms = {"PLAIN"};
  p.starttls_offered = true;
  p.login_disabled = true;
  p.timings = {2, 11, std::nullopt, 40};
  return p;
}

}  // namespace

core::Report report_with_probes() {
  core::Report r;
  r.host = "pc-042";
  r.generated_at = "2026-12-06T10:00:00Z";
  r.sources = {{"thunderbird", "/home/ann/.thunderbird", core::SourceStatus::Ok, ""}};
  const auto one = imap_account("account1", 993), two = imap_account("account2", 143);
  r.accounts = {{one, std::nullopt}, {two, std::nullopt}};
  r.probes = std::vector<core::ProbeResult>{healthy(one), starttls_port(two)};
  core::Finding f;
  f.rule = "probe-tls-mode-mismatch";
  f.severity = core::Severity::Error;
  f.account = two.id;
  f.field = "incoming.security";
  f.actual = std::string("tls");
  f.expected = std::string("starttls");
  f.message = "The account uses SSL/TLS from the first byte, but the server starts unencrypted.";
  f.probe = r.probes->at(1).id;
  r.findings = {f};
  return r;
}

}  // namespace testsamples
