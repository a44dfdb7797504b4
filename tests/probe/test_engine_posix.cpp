// The probe engine against real servers on loopback (tests/probe/servers: Dovecot, aiosmtpd,
// hostile servers, certificates chosen by SNI): every observation of core::ProbeResult checked.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "probe/engine.hpp"
#include "support/probe_servers.hpp"
#include "util/text.hpp"

using core::Protocol;
using core::Security;
using testutil::ProbeServers;

namespace {

ProbeServers& servers() { return ProbeServers::shared(); }

constexpr std::chrono::milliseconds kStep{1500};

probe::Target target(Protocol protocol, const std::string& host, const std::string& endpoint, Security security) {
  probe::Target t;
  t.endpoint.protocol = protocol;
  t.endpoint.host = host;
  t.endpoint.port = servers().endpoint(endpoint).port;
  t.endpoint.security = security;
  return t;
}

// Options that send `host` at the endpoint's address (curl's --resolve), trusting the test CA.
probe::Options options_for(const std::vector<probe::Target>& targets, const std::vector<std::string>& endpoints) {
  probe::Options o;
  o.step_timeout = kStep;
  o.ca_file = servers().ca_file().string();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    o.resolve.push_back({targets[i].endpoint.host, targets[i].endpoint.port, servers().endpoint(endpoints[i]).host});
  }
  return o;
}

core::ProbeResult probe_one(Protocol protocol, const std::string& host, const std::string& endpoint, Security security,
                            std::vector<probe::LoginRequest> logins = {}) {
  auto t = target(protocol, host, endpoint, security);
  t.logins = std::move(logins);
  auto results = probe::run({t}, options_for({t}, {endpoint}));
  REQUIRE(results.size() == 1);
  return results.front();
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Every string of a result, for "the password appears nowhere".
std::string all_text(const core::ProbeResult& r) {
  std::string s = r.id + r.dns_error + r.tls_error + r.greeting + r.plaintext_refusal + r.error;
  for (const auto& v : {r.capabilities_before_tls, r.capabilities_after_tls, r.auth_mechanisms}) s += util::join(v, " ");
  for (const auto& l : r.logins) s += l.account + l.code + l.text;
  if (r.certificate) s += r.certificate->subject + r.certificate->issuer + r.certificate->error;
  return s;
}

// The SHA-256 of a PEM certificate's DER, as `openssl x509 -fingerprint -sha256` prints it.
std::string openssl_fingerprint(const std::filesystem::path& pem) {
  std::string command = "openssl x509 -noout -fingerprint -sha256 -in '" + pem.string() + "'";
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[256] = {};
  std::string out = fgets(buf, sizeof buf, p) ? buf : "";
  pclose(p);
  std::string hex;
  for (char c : out.substr(out.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex;
}

}  // namespace

TEST_SUITE("probe engine") {
  TEST_CASE("IMAP on Dovecot's STARTTLS port: plaintext capabilities with LOGINDISABLED, STARTTLS, the certificate") {
    auto r = probe_one(Protocol::Imap, "good.test", "imap_starttls", Security::StartTls);
    CHECK(r.id == "imap:good.test:" + std::to_string(servers().endpoint("imap_starttls").port) + ":starttls");
    CHECK(r.error == "");
    CHECK(r.dns_error == "");
    REQUIRE(r.addresses.size() == 1);
    CHECK(r.addresses[0].address == "127.0.0.2");
    CHECK(r.addresses[0].family == "ipv4");
    CHECK(r.addresses[0].tcp == core::TcpOutcome::Connected);
    CHECK(r.addresses[0].connect_ms.has_value());
    CHECK(r.observed_security == Security::StartTls);
    CHECK_FALSE(r.silent);
    CHECK(r.greeting.starts_with("* OK [CAPABILITY IMAP4rev1 "));
    CHECK(r.starttls_offered);
    CHECK_FALSE(r.starttls_injection);
    CHECK(r.login_disabled);
    CHECK(has(r.capabilities_before_tls, "LOGINDISABLED"));
    CHECK_FALSE(has(r.capabilities_after_tls, "LOGINDISABLED"));
    CHECK(has(r.capabilities_after_tls, "AUTH=PLAIN"));
    CHECK(r.auth_mechanisms == std::vector<std::string>{"PLAIN", "LOGIN", "CRAM-MD5"});
    CHECK(r.plaintext_refusal.find("LOGINDISABLED") != std::string::npos);
    REQUIRE(r.tls.has_value());
    CHECK(r.tls->version == "TLSv1.3");
    CHECK(r.tls->sni == "good.test");
    CHECK_FALSE(r.tls->cipher.empty());
    REQUIRE(r.certificate.has_value());
    const auto& c = *r.certificate;
    CHECK(c.subject == "CN=good.test");
    CHECK(c.issuer.find("CN=mailmend Test CA") != std::string::npos);
    CHECK(has(c.san, "DNS:good.test"));
    CHECK(has(c.san, "IP:127.0.0.2"));
    CHECK(c.chain_trusted);
    CHECK(c.hostname_match);
    CHECK(c.error == "");
    CHECK_FALSE(c.expired);
    CHECK_FALSE(c.not_yet_valid);
    CHECK(c.days_left > 300);
    CHECK(c.not_after.size() == 20);
    CHECK(c.not_after.ends_with("Z"));
    CHECK(c.sha256.size() == 64);
    CHECK(r.timings.resolve_ms.has_value());
    CHECK(r.timings.tls_ms.has_value());
    CHECK(r.timings.total_ms < kStep.count());
  }

  TEST_CASE("The leaf's SHA-256 is the one openssl prints for the served certificate file") {
    auto r = probe_one(Protocol::Imap, "good.test", "imap_tls", Security::Tls);
    REQUIRE(r.certificate.has_value());
    auto pem = servers().folder() / "certs" / "leaves" / "good.test.pem";
    REQUIRE(std::filesystem::exists(pem));
    CHECK(r.certificate->sha256.size() == 64);
    CHECK(r.certificate->sha256 == openssl_fingerprint(pem));
  }

  TEST_CASE("Configured TLS on a STARTTLS port: OpenSSL's \"wrong version number\", then what the port speaks") {
    auto r = probe_one(Protocol::Imap, "good.test", "imap_starttls", Security::Tls);
    CHECK(r.tls_error == "wrong version number");
    CHECK(r.observed_security == Security::StartTls);
    CHECK(r.error == "");
    CHECK(r.starttls_offered);
    // Where this client would log in (it cannot: TLS is its setting): after STARTTLS.
    CHECK(r.auth_mechanisms == std::vector<std::string>{"PLAIN", "LOGIN", "CRAM-MD5"});
  }

  TEST_CASE("Configured STARTTLS on the implicit-TLS port: silence for one timeout, then TLS works") {
    auto r = probe_one(Protocol::Imap, "good.test", "imap_tls", Security::StartTls);
    CHECK(r.silent);
    CHECK(r.observed_security == Security::Tls);
    CHECK(r.error == "");
    CHECK(r.greeting.starts_with("* OK"));
    CHECK(r.capabilities_before_tls.empty());
    CHECK(has(r.capabilities_after_tls, "AUTH=PLAIN"));
    CHECK(r.timings.total_ms >= kStep.count());
    MESSAGE("silent-then-TLS probe took " << r.timings.total_ms << " ms with a " << kStep.count() << " ms step");
  }

  TEST_CASE("Configured no encryption on the STARTTLS port: mechanisms as offered before TLS (none), refusal recorded") {
    auto r = probe_one(Protocol::Imap, "good.test", "imap_starttls", Security::None);
    CHECK(r.observed_security == Security::StartTls);
    CHECK(r.auth_mechanisms.empty());
    CHECK(r.login_disabled);
    CHECK(r.plaintext_refusal.starts_with("CAPABILITY "));
  }

  TEST_CASE("POP3: empty SASL before STLS is the plaintext refusal; mechanisms after it; implicit TLS on 995-style port") {
    auto r = probe_one(Protocol::Pop3, "good.test", "pop3_starttls", Security::StartTls);
    CHECK(r.error == "");
    CHECK(r.observed_security == Security::StartTls);
    CHECK(r.greeting.starts_with("+OK"));
    CHECK(has(r.capabilities_before_tls, "STLS"));
    CHECK(has(r.capabilities_before_tls, "SASL"));
    CHECK(has(r.capabilities_after_tls, "SASL PLAIN LOGIN CRAM-MD5"));
    CHECK(r.auth_mechanisms == std::vector<std::string>{"PLAIN", "LOGIN", "CRAM-MD5"});
    CHECK(r.plaintext_refusal.starts_with("CAPA before STLS: "));
    CHECK_FALSE(r.login_disabled);
    auto t = probe_one(Protocol::Pop3, "good.test", "pop3_tls", Security::Tls);
    CHECK(t.observed_security == Security::Tls);
    CHECK(t.capabilities_before_tls.empty());
    CHECK(t.plaintext_refusal == "");
    CHECK(t.auth_mechanisms == std::vector<std::string>{"PLAIN", "LOGIN", "CRAM-MD5"});
  }

  TEST_CASE("SMTP submission: no AUTH before STARTTLS and the server's own 530, SIZE, AUTH after TLS; 465 implicit TLS") {
    auto r = probe_one(Protocol::Smtp, "good.test", "smtp_starttls", Security::StartTls);
    CHECK(r.error == "");
    CHECK(r.observed_security == Security::StartTls);
    CHECK(r.greeting.starts_with("220 "));
    CHECK(has(r.capabilities_before_tls, "STARTTLS"));
    for (const auto& item : r.capabilities_before_tls) CHECK_FALSE(item.starts_with("AUTH"));
    CHECK(r.plaintext_refusal == "530 Must issue a STARTTLS command first");
    CHECK(r.auth_mechanisms == std::vector<std::string>{"LOGIN", "PLAIN", "XOAUTH2"});
    REQUIRE(r.smtp_max_size.has_value());
    CHECK(*r.smtp_max_size == 33554432);
    auto t = probe_one(Protocol::Smtp, "good.test", "smtp_tls", Security::Tls);
    CHECK(t.observed_security == Security::Tls);
    CHECK(t.error == "");
    CHECK(t.auth_mechanisms == std::vector<std::string>{"LOGIN", "PLAIN", "XOAUTH2"});
  }

  TEST_CASE("Certificates: expired, not yet valid, expiring soon, self-signed, wrong host, inspected by an antivirus") {
    auto cert = [](const std::string& name) {
      auto r = probe_one(Protocol::Imap, name, "imap_tls", Security::Tls);
      CHECK(r.error == "");
      CHECK(r.observed_security == Security::Tls);
      REQUIRE(r.certificate.has_value());
      CHECK(r.tls->sni == name);
      return *r.certificate;
    };
    auto expired = cert("expired.test");
    CHECK(expired.expired);
    CHECK_FALSE(expired.chain_trusted);
    CHECK(expired.error == "certificate has expired");
    CHECK(expired.days_left < -300);
    CHECK(expired.hostname_match);
    auto notyet = cert("notyet.test");
    CHECK(notyet.not_yet_valid);
    CHECK_FALSE(notyet.expired);
    CHECK(notyet.error == "certificate is not yet valid");
    auto soon = cert("soon.test");
    CHECK(soon.chain_trusted);
    CHECK(soon.days_left >= 0);
    CHECK(soon.days_left < 14);
    auto self = cert("selfsigned.test");
    CHECK_FALSE(self.chain_trusted);
    CHECK(self.error == "self-signed certificate");
    CHECK(self.subject == self.issuer);
    CHECK(self.chain.size() == 1);
    auto wrong = cert("wronghost.test");
    CHECK(wrong.chain_trusted);
    CHECK_FALSE(wrong.hostname_match);
    CHECK(wrong.san == std::vector<std::string>{"DNS:other.example"});
    auto inspected = cert("inspected.test");
    CHECK_FALSE(inspected.chain_trusted);
    CHECK(inspected.issuer.find("Avast Web/Mail Shield Root") != std::string::npos);
    REQUIRE_FALSE(inspected.chain.empty());
    CHECK(inspected.chain.front().find("i:CN=Avast Web/Mail Shield Root") != std::string::npos);
  }

  TEST_CASE("Trust: without --ca-file the test CA is unknown; with the bundle the inspection root is trusted too") {
    auto t = target(Protocol::Imap, "inspected.test", "imap_tls", Security::Tls);
    auto o = options_for({t}, {"imap_tls"});
    o.ca_file.clear();
    auto bare = probe::run({t}, o).front();
    REQUIRE(bare.certificate.has_value());
    CHECK_FALSE(bare.certificate->chain_trusted);
    CHECK(bare.certificate->error == "unable to get local issuer certificate");
    o.ca_file = servers().ca_bundle().string();
    auto bundled = probe::run({t}, o).front();
    REQUIRE(bundled.certificate.has_value());
    CHECK(bundled.certificate->chain_trusted);
    o.ca_file = (servers().folder() / "no-such.pem").string();
    CHECK_THROWS_AS(probe::run({t}, o), core::AppError);
  }

  TEST_CASE("A port that accepts and never speaks: silent, nothing observed, bounded by two step timeouts") {
    auto r = probe_one(Protocol::Imap, "good.test", "silent", Security::Tls);
    CHECK(r.silent);
    CHECK(r.observed_security == Security::Unknown);
    CHECK(r.tls_error == "no TLS handshake within 1500 ms");
    auto p = probe_one(Protocol::Imap, "good.test", "silent", Security::StartTls);
    CHECK(p.silent);
    CHECK(p.observed_security == Security::Unknown);
    CHECK(p.error == "no greeting within 1500 ms, and no TLS either: no TLS handshake within 1500 ms");
    CHECK(p.timings.total_ms < 3 * kStep.count());
    MESSAGE("silent port: TLS configured " << r.timings.total_ms << " ms, STARTTLS configured " << p.timings.total_ms << " ms");
  }

  TEST_CASE("A closed port: refused on every address, no dialogue") {
    auto r = probe_one(Protocol::Imap, "good.test", "closed", Security::Tls);
    REQUIRE(r.addresses.size() == 1);
    CHECK(r.addresses[0].tcp == core::TcpOutcome::Refused);
    CHECK_FALSE(r.addresses[0].connect_ms.has_value());
    CHECK(r.error == "no address accepted the connection: Connection refused");
    CHECK(r.observed_security == Security::Unknown);
    CHECK_FALSE(r.timings.connect_ms.has_value());
  }

  TEST_CASE("Every address is tried and reported in order; the dialogue runs on the first that connects") {
    auto t = target(Protocol::Imap, "good.test", "imap_tls", Security::Tls);
    auto o = options_for({}, {});
    o.resolve = {{"good.test", t.endpoint.port, "127.0.0.3"}, {"GOOD.test", t.endpoint.port, "127.0.0.2"}};
    auto r = probe::run({t}, o).front();
    REQUIRE(r.addresses.size() == 2);
    CHECK(r.addresses[0].address == "127.0.0.3");
    CHECK(r.addresses[0].tcp == core::TcpOutcome::Refused);
    CHECK(r.addresses[1].address == "127.0.0.2");
    CHECK(r.addresses[1].tcp == core::TcpOutcome::Connected);
    CHECK(r.observed_security == Security::Tls);
    CHECK(r.error == "");
    o.family = probe::AddressFamily::V6;
    auto v6 = probe::run({t}, o).front();
    CHECK(v6.dns_error == "the name has no IPv6 address");
    CHECK(v6.error == "the name did not resolve: the name has no IPv6 address");
    CHECK(v6.addresses.empty());
  }

  TEST_CASE("IPv6: ::1 as the host itself (no SNI for an address; the certificate's IP SAN matches)") {
    if (!servers().ipv6()) {
      MESSAGE("no IPv6 loopback here; skipped");
      return;
    }
    probe::Target t;
    t.endpoint = {"::1", servers().endpoint("imap_tls_ipv6").port, Protocol::Imap, Security::Tls, {}, {}};
    probe::Options o;
    o.step_timeout = kStep;
    o.ca_file = servers().ca_file().string();
    auto r = probe::run({t}, o).front();
    REQUIRE(r.addresses.size() == 1);
    CHECK(r.addresses[0].address == "::1");
    CHECK(r.addresses[0].family == "ipv6");
    CHECK(r.observed_security == Security::Tls);
    REQUIRE(r.tls.has_value());
    CHECK(r.tls->sni == "");
    REQUIRE(r.certificate.has_value());
    CHECK(r.certificate->hostname_match);
  }

  TEST_CASE("STARTTLS injection: bytes after the go-ahead are flagged and never used as capabilities") {
    auto r = probe_one(Protocol::Imap, "good.test", "starttls_injection", Security::StartTls);
    CHECK(r.starttls_injection);
    CHECK(r.observed_security == Security::StartTls);
    // The injected line advertised AUTH=PLAIN "before" the handshake; what counts is the TLS reply.
    CHECK(r.capabilities_after_tls == std::vector<std::string>{"IMAP4REV1", "AUTH=PLAIN"});
    CHECK(r.error == "");
    auto clean = probe_one(Protocol::Imap, "good.test", "imap_starttls", Security::StartTls);
    CHECK_FALSE(clean.starttls_injection);
  }

  TEST_CASE("An old server: the TLS version is recorded as negotiated (TLS 1.1 or lower)") {
    auto r = probe_one(Protocol::Imap, "good.test", "imap_old_tls", Security::Tls);
    REQUIRE(r.tls.has_value());
    CHECK((r.tls->version == "TLSv1.1" || r.tls->version == "TLSv1"));
    CHECK(r.observed_security == Security::Tls);
  }

  TEST_CASE("Hostile servers cost one bounded reply or one timeout each and leave the others alone") {
    std::vector<std::string> names = {"endless_line", "huge_capability", "garbage", "tls_alert", "half_close", "imap_tls"};
    std::vector<probe::Target> targets;
    for (const auto& n : names) {
      targets.push_back(target(Protocol::Imap, "good.test", n, n == "tls_alert" || n == "imap_tls" ? Security::Tls : Security::StartTls));
    }
    auto start = std::chrono::steady_clock::now();
    auto results = probe::run(targets, options_for(targets, names));
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    CHECK(results[0].error == "greeting: IMAP reply: a line longer than 8192 bytes");
    CHECK(results[1].error == "CAPABILITY: IMAP reply: a line longer than 8192 bytes");
    CHECK(results[1].greeting.starts_with("* OK"));
    CHECK(results[2].error.starts_with("greeting: "));
    CHECK(results[3].tls_error == "sslv3 alert handshake failure");
    CHECK(results[3].observed_security == Security::Tls);
    CHECK(results[4].error == "greeting: the server closed the connection");
    CHECK(results[5].error == "");
    CHECK(results[5].observed_security == Security::Tls);
    for (const auto& r : results) CHECK(r.greeting.size() <= 512);
    CHECK(elapsed < 2 * kStep);
    MESSAGE("six endpoints, five hostile: " << elapsed.count() << " ms");
  }

  TEST_CASE("Concurrency: 20 endpoints, 5 of them silent, in about one probe's time (measured, not asserted)") {
    std::vector<std::string> names;
    const char* good[] = {"imap_tls", "imap_starttls", "pop3_tls", "pop3_starttls", "smtp_tls", "smtp_starttls"};
    for (int i = 0; i < 15; ++i) names.push_back(good[i % 6]);
    for (int i = 0; i < 5; ++i) names.push_back("silent");
    std::vector<probe::Target> targets;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto& n = names[i];
      Protocol p = n.starts_with("pop3") ? Protocol::Pop3 : n.starts_with("smtp") ? Protocol::Smtp : Protocol::Imap;
      Security s = n.ends_with("_tls") || n == "silent" ? Security::Tls : Security::StartTls;
      // A distinct name per target: 20 distinct endpoints, as the CLI would pass them.
      targets.push_back(target(p, "good.test", n, s));
      targets.back().endpoint.host = "e" + std::to_string(i) + ".good.test";
    }
    auto timed = [&](int concurrency) {
      auto o = options_for(targets, names);
      o.concurrency = concurrency;
      auto start = std::chrono::steady_clock::now();
      auto results = probe::run(targets, o);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
      for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i].target.host == targets[i].endpoint.host);
        if (names[i] == "silent") {
          CHECK(results[i].silent);
        } else {
          CHECK(results[i].error == "");
          CHECK(results[i].observed_security == targets[i].endpoint.security);
        }
      }
      return ms;
    };
    auto parallel = timed(16);
    auto serial = timed(1);
    MESSAGE("20 endpoints (5 silent), step " << kStep.count() << " ms: concurrency 16 " << parallel
                                              << " ms, one after another " << serial << " ms, ratio "
                                              << (parallel ? static_cast<double>(serial) / parallel : 0.0));
  }

  TEST_CASE("--login over TLS: OK, AUTHENTICATIONFAILED, the locked account's words; the password nowhere in the result") {
    auto good = servers().user("good");
    auto locked = servers().user("locked");
    std::vector<probe::LoginRequest> logins = {{"acct-good", good.username, good.password},
                                               {"acct-bad", good.username, good.password + "x"},
                                               {"acct-locked", locked.username, locked.password}};
    auto r = probe_one(Protocol::Imap, "good.test", "imap_starttls", Security::StartTls, logins);
    REQUIRE(r.logins.size() == 3);
    CHECK(r.logins[0].account == "acct-good");
    CHECK(r.logins[0].ok);
    CHECK(r.logins[0].code == "OK");
    CHECK_FALSE(r.logins[1].ok);
    CHECK(r.logins[1].code == "AUTHENTICATIONFAILED");
    CHECK_FALSE(r.logins[2].ok);
    CHECK(r.logins[2].text.find(servers().locked_reason()) != std::string::npos);
    MESSAGE("locked account: " << r.logins[2].code << " / " << r.logins[2].text);
    CHECK(all_text(r).find(good.password) == std::string::npos);
  }

  TEST_CASE("--login on POP3 and SMTP: -ERR [AUTH], 535 5.7.8, Gmail's 534 5.7.9, 235 on success") {
    auto good = servers().user("good");
    auto pop = probe_one(Protocol::Pop3, "good.test", "pop3_tls", Security::Tls,
                         {{"p-ok", good.username, good.password}, {"p-bad", good.username, "wrong"}});
    REQUIRE(pop.logins.size() == 2);
    CHECK(pop.logins[0].ok);
    CHECK(pop.logins[0].code == "+OK");
    CHECK_FALSE(pop.logins[1].ok);
    CHECK(pop.logins[1].code == "-ERR [AUTH]");
    auto app = servers().user("smtp_app_password");
    auto smtp = probe_one(Protocol::Smtp, "good.test", "smtp_starttls", Security::StartTls,
                          {{"s-ok", good.username, good.password}, {"s-bad", good.username, "wrong"},
                           {"s-app", app.username, "anything"}});
    REQUIRE(smtp.logins.size() == 3);
    CHECK(smtp.logins[0].ok);
    CHECK(smtp.logins[0].code.starts_with("235"));
    CHECK(smtp.logins[1].code == "535 5.7.8");
    CHECK(smtp.logins[2].code == "534 5.7.9");
    CHECK(smtp.logins[2].text.find("InvalidSecondFactor") != std::string::npos);
    CHECK(all_text(smtp).find(good.password) == std::string::npos);
  }

  TEST_CASE("--login is never attempted without TLS") {
    auto good = servers().user("good");
    auto r = probe_one(Protocol::Imap, "good.test", "half_close", Security::None, {{"a", good.username, good.password}});
    REQUIRE(r.logins.size() == 1);
    CHECK_FALSE(r.logins[0].ok);
    CHECK(r.logins[0].text == "not attempted: no TLS on this port (a password is only sent over TLS)");
  }

  TEST_CASE("Through a SOCKS5 proxy: every address asked for in turn, the proxy's refusal as the TCP outcome") {
    const auto& proxy = servers().endpoint("socks5");
    const std::string via = "socks5://" + proxy.host + ":" + std::to_string(proxy.port);
    auto closed = target(Protocol::Imap, "good.test", "closed", Security::Tls);
    closed.endpoint.proxy = via;
    auto r = probe::run({closed}, options_for({closed}, {"closed"})).front();
    CHECK(r.via_proxy);
    REQUIRE(r.addresses.size() == 1);
    CHECK(r.addresses[0].address == "127.0.0.2");
    CHECK(r.addresses[0].tcp == core::TcpOutcome::Refused);
    CHECK(r.error == "no address accepted the connection: the SOCKS proxy " + proxy.host + ":" + std::to_string(proxy.port) +
                         " could not connect: connection refused");
    // socks5h: the proxy resolves the name (no --resolve here); STARTTLS works through the tunnel.
    auto named = target(Protocol::Imap, "good.test", "imap_starttls", Security::StartTls);
    named.endpoint.proxy = "socks5h://" + proxy.host + ":" + std::to_string(proxy.port);
    probe::Options o;
    o.step_timeout = kStep;
    o.ca_file = servers().ca_file().string();
    auto n = probe::run({named}, o).front();
    CHECK(n.error == "");
    CHECK(n.via_proxy);
    REQUIRE(n.addresses.size() == 1);
    CHECK(n.addresses[0].address == "good.test");
    CHECK(n.addresses[0].family == "name");
    CHECK(n.observed_security == Security::StartTls);
    CHECK(n.login_disabled);  // Dovecot sees the proxy's connection from 127.0.0.1, not as secure
    REQUIRE(n.certificate.has_value());
    CHECK(n.certificate->hostname_match);
    // A proxy URL the probe cannot use (SOCKS4) leaves the probe direct.
    auto direct = target(Protocol::Imap, "good.test", "imap_tls", Security::Tls);
    direct.endpoint.proxy = "socks4://" + proxy.host + ":" + std::to_string(proxy.port);
    auto d = probe::run({direct}, options_for({direct}, {"imap_tls"})).front();
    CHECK_FALSE(d.via_proxy);
    CHECK(d.observed_security == Security::Tls);
  }
}
