// `mailmend probe` end to end: the binary against real servers on loopback (Dovecot, aiosmtpd,
// tests/probe/servers), over a Thunderbird home or --server URLs; exact findings, fields, expected
// values and exit codes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <stdexcept>

#include "cli/thunderbird_home.hpp"
#include "support/probe_servers.hpp"
#include "support/testutil.hpp"
#include "util/text.hpp"

namespace {

using nlohmann::json;

testutil::ProbeServers& servers() { return testutil::ProbeServers::shared(); }

std::string port_of(const std::string& endpoint) { return std::to_string(servers().endpoint(endpoint).port); }

// Thunderbird prefs of account N: an incoming server (type "imap" or "pop3") at host:port with
// socketType and authMethod, whose identity sends through smtp1.
std::string account_prefs(int n, const std::string& host, const std::string& port, int socket_type = 3, int auth = 3,
                          const std::string& type = "imap") {
  const std::string a = "account" + std::to_string(n), s = "server" + std::to_string(n), i = "id" + std::to_string(n);
  return "user_pref(\"mail.account." + a + ".identities\", \"" + i + "\");\n"
         "user_pref(\"mail.account." + a + ".server\", \"" + s + "\");\n"
         "user_pref(\"mail.identity." + i + ".smtpServer\", \"smtp1\");\n"
         "user_pref(\"mail.identity." + i + ".useremail\", \"user" + std::to_string(n) + "@example.test\");\n"
         "user_pref(\"mail.server." + s + ".authMethod\", " + std::to_string(auth) + ");\n"
         "user_pref(\"mail.server." + s + ".hostname\", \"" + host + "\");\n"
         "user_pref(\"mail.server." + s + ".port\", " + port + ");\n"
         "user_pref(\"mail.server." + s + ".socketType\", " + std::to_string(socket_type) + ");\n"
         "user_pref(\"mail.server." + s + ".type\", \"" + type + "\");\n"
         "user_pref(\"mail.server." + s + ".userName\", \"user" + std::to_string(n) + "\");\n";
}

// smtp1 at host:port with try_ssl (0 none, 2 STARTTLS, 3 TLS) and authMethod.
std::string smtp_prefs(const std::string& host, const std::string& port, int try_ssl, int auth = 3) {
  return "user_pref(\"mail.smtpserver.smtp1.authMethod\", " + std::to_string(auth) + ");\n"
         "user_pref(\"mail.smtpserver.smtp1.hostname\", \"" + host + "\");\n"
         "user_pref(\"mail.smtpserver.smtp1.port\", " + port + ");\n"
         "user_pref(\"mail.smtpserver.smtp1.try_ssl\", " + std::to_string(try_ssl) + ");\n"
         "user_pref(\"mail.smtpserver.smtp1.username\", \"user1\");\n"
         "user_pref(\"mail.smtpservers\", \"smtp1\");\n";
}

// Two IMAP accounts on good.test's STARTTLS port configured with TLS (one endpoint, probed once),
// one on expired.test's TLS port, and an SMTP server without encryption on the submission port.
std::string probe_prefs() {
  return "// Mozilla User Preferences\n" + account_prefs(1, "good.test", port_of("imap_starttls")) +
         account_prefs(2, "good.test", port_of("imap_starttls")) + account_prefs(3, "expired.test", port_of("imap_tls")) +
         "user_pref(\"mail.accountmanager.accounts\", \"account1,account2,account3\");\n" +
         smtp_prefs("good.test", port_of("smtp_starttls"), 0);
}

std::vector<std::string> probe_options() {
  auto& s = servers();
  return {"--resolve", s.resolve("good.test", "imap_starttls"), "--resolve", s.resolve("expired.test", "imap_tls"),
          "--resolve", s.resolve("good.test", "smtp_starttls"), "--ca-file", s.ca_file().string(), "--timeout", "5"};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<json> probe_findings(const json& report) {
  std::vector<json> out;
  for (const auto& f : report["findings"]) {
    if (f.contains("probe")) out.push_back(f);
  }
  return out;
}

// "rule field expected" of each probe finding, by the probe it names.
std::map<std::string, std::vector<std::string>> findings_by_probe(const json& report) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : probe_findings(report)) {
    out[f["probe"].get<std::string>()].push_back(f["rule"].get<std::string>() + " " + f["field"].get<std::string>() + " " +
                                                 f["expected"].dump());
  }
  return out;
}

const json& finding_of(const json& report, const std::string& rule) {
  for (const auto& f : report["findings"]) {
    if (f["rule"] == rule) return f;
  }
  FAIL("no finding " << rule);
  throw std::logic_error("unreachable");
}

// One --server probe per case, all in one run: URL (its host is resolved to the endpoint's
// address) and the findings it must give, exactly.
struct ServerCase {
  std::string scheme;
  std::string host;
  std::string endpoint;
  std::vector<std::string> findings;
};

json probe_servers(const std::vector<ServerCase>& cases, const std::vector<std::string>& more, int expected_exit) {
  std::vector<std::string> args{"probe", "--format", "json", "--timeout", "2", "--ca-file", servers().ca_bundle().string()};
  for (const auto& c : cases) {
    args.insert(args.end(), {"--server", c.scheme + "://" + c.host + ":" + port_of(c.endpoint)});
    if (c.host.ends_with(".test")) args.insert(args.end(), {"--resolve", servers().resolve(c.host, c.endpoint)});
  }
  args.insert(args.end(), more.begin(), more.end());
  const auto r = testutil::run_mailmend(args);
  INFO(r.err);
  CHECK(r.exit_code == expected_exit);
  CHECK(r.err.empty());
  return json::parse(r.out);
}

}  // namespace

TEST_SUITE("probe cli (real servers)") {
  TEST_CASE("every probe finding from a real server: its id, field and expected value, in one bounded run") {
    const std::vector<ServerCase> cases{
        {"imaps", "no-such-host.invalid", "imap_tls", {"probe-dns-failed host null"}},
        {"imaps", "good.test", "closed", {"probe-unreachable port null"}},
        {"imaps", "good.test", "silent", {"probe-timeout security null"}},
        {"imaps", "good.test", "imap_starttls", {"probe-tls-mode-mismatch security \"starttls\""}},
        {"imap", "good.test", "imap_tls", {"probe-tls-mode-mismatch security \"tls\""}},
        {"imaps", "good.test", "tls_alert", {"probe-tls-failed security null"}},
        {"imap", "good.test", "garbage", {"probe-protocol-error port null"}},
        {"imap", "good.test", "imap_plain", {"probe-starttls-not-offered security null"}},
        {"imap", "good.test", "starttls_injection", {"probe-starttls-injection security null"}},
        {"imaps", "selfsigned.test", "imap_tls", {"probe-cert-untrusted host null"}},
        {"imaps", "wronghost.test", "imap_tls", {"probe-cert-hostname-mismatch host \"other.example\""}},
        {"imaps", "expired.test", "imap_tls", {"probe-cert-expired host null"}},
        {"imaps", "notyet.test", "imap_tls", {"probe-cert-not-yet-valid host null"}},
        {"imaps", "soon.test", "imap_tls", {"probe-cert-expires-soon host null"}},
        {"imaps", "good.test", "imap_old_tls", {"probe-tls-version-old host null"}},
        {"imaps", "inspected.test", "imap_tls", {"probe-tls-intercepted host null"}},
        {"pop3s", "good.test", "pop3_tls", {}},
        {"smtps", "good.test", "smtp_tls", {}},
    };
    const auto start = std::chrono::steady_clock::now();
    const json report = probe_servers(cases, {}, 1);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(report["probes"].size() == cases.size());
    const auto found = findings_by_probe(report);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const std::string id = report["probes"][i]["id"];
      CAPTURE(id);
      const auto it = found.find(id);
      CHECK((it == found.end() ? std::vector<std::string>{} : it->second) == cases[i].findings);
    }
    // The silent port costs one handshake timeout (2 s); everything else runs beside it.
    CHECK(elapsed < std::chrono::seconds(5));
    CHECK(finding_of(report, "probe-cert-expires-soon")["severity"] == "warning");
    CHECK(finding_of(report, "probe-tls-intercepted")["message"].get<std::string>().find("comes from Avast") != std::string::npos);
    CHECK(finding_of(report, "probe-cert-not-yet-valid")["message"].get<std::string>().find("clock") != std::string::npos);
    CHECK(finding_of(report, "probe-tls-mode-mismatch")["message"].get<std::string>().find("\"wrong version number\"") !=
          std::string::npos);
    CHECK(finding_of(report, "probe-starttls-injection")["actual"] == "starttls");
  }

  TEST_CASE("probe-plaintext-refused from Dovecot's LOGINDISABLED, its empty SASL before STLS and aiosmtpd's 530") {
    const json report = probe_servers({{"imap", "good.test", "imap_starttls", {}},
                                       {"pop3", "good.test", "pop3_starttls", {}},
                                       {"smtp", "good.test", "smtp_starttls", {}}},
                                      {"--security", "none"}, 1);
    std::vector<std::string> evidence;
    for (const auto& f : probe_findings(report)) {
      CHECK(f["rule"] == "probe-plaintext-refused");
      CHECK(f["field"] == "security");
      CHECK(f["actual"] == "none");
      CHECK(f["expected"] == "starttls");
      const std::string m = f["message"];
      evidence.push_back(m.substr(m.find("(it says: ") + 10, m.find(')', m.find("(it says: ")) - m.find("(it says: ") - 10));
    }
    CHECK(util::join(evidence, "\n") == "LOGINDISABLED\n"
                                         "CAPA before STLS: CAPA TOP UIDL RESP-CODES PIPELINING AUTH-RESP-CODE STLS SASL\n"
                                         "530 Must issue a STARTTLS command first");
  }

  TEST_CASE("--login refusals as admins see them: [UNAVAILABLE] and [ALERT] (locked or disabled), Gmail's app-password texts") {
    auto& s = servers();
    struct Case {
      std::string url, endpoint, user, code, advice;
    };
    for (const auto& c : std::vector<Case>{
             {"imaps", "imap_login_codes", "unavailable", "UNAVAILABLE", "the account must be unlocked at the provider"},
             {"imaps", "imap_login_codes", "disabled", "ALERT", "the account must be unlocked at the provider"},
             {"imaps", "imap_login_codes", "apppassword", "ALERT", "The provider wants an app password"},
             {"imaps", "imap_login_codes", "someone", "AUTHENTICATIONFAILED", "The server rejected the user name or password"},
             {"smtps", "smtp_tls", s.user("smtp_app_password").username, "534 5.7.9", "The provider wants an app password"},
             {"imaps", "imap_tls", s.user("locked").username, "CONTACTADMIN", "the account must be unlocked at the provider"},
         }) {
      CAPTURE(c.user);
      const auto r = testutil::run_mailmend({"probe", "--server", c.url + "://good.test:" + port_of(c.endpoint), "--resolve",
                                             s.resolve("good.test", c.endpoint), "--ca-file", s.ca_file().string(),
                                             "--login", "--user", c.user, "--format", "json"},
                                            (c.user == s.user("locked").username ? s.user("locked").password : "the-password") + "\n");
      CHECK(r.exit_code == 1);
      CHECK(r.out.find("the-password") == std::string::npos);
      CHECK(r.out.find(s.user("locked").password) == std::string::npos);
      const json report = json::parse(r.out);
      REQUIRE(report["findings"].size() == 1);
      const json& f = report["findings"][0];
      CHECK(f["rule"] == "probe-login-failed");
      CHECK(f["field"] == "username");
      CHECK(f["actual"] == c.user);
      CHECK(report["probes"][0]["logins"][0]["code"] == c.code);
      CHECK(f["message"].get<std::string>().find(c.advice) != std::string::npos);
    }
  }

  TEST_CASE("audit --probe: the configured method against the server's mechanisms, at the account's auth setting") {
    // IMAP with OAuth2 on Dovecot (PLAIN LOGIN CRAM-MD5: no XOAUTH2); SMTP with an encrypted
    // password on aiosmtpd (LOGIN PLAIN XOAUTH2: no CRAM-MD5); IMAP with CRAM-MD5 on Dovecot: fine.
    const std::string prefs = "// Mozilla User Preferences\n" + account_prefs(1, "good.test", port_of("imap_tls"), 3, 10) +
                              account_prefs(2, "mail.good.test", port_of("imap_tls"), 3, 4) +
                              "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n" +
                              smtp_prefs("good.test", port_of("smtp_tls"), 3, 4);
    const auto home = cli_test::make_home("probe-auth", prefs);
    auto& s = servers();
    const auto r = testutil::run_mailmend({"audit", "--probe", "--home", home.string(), "--format", "json", "--timeout", "5",
                                           "--ca-file", s.ca_file().string(), "--resolve", s.resolve("good.test", "imap_tls"),
                                           "--resolve", s.resolve("mail.good.test", "imap_tls"), "--resolve",
                                           s.resolve("good.test", "smtp_tls")});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const json report = json::parse(r.out);
    CHECK(report["probes"].size() == 3);
    std::vector<std::string> summary;
    for (const auto& f : probe_findings(report)) {
      summary.push_back(f["rule"].get<std::string>() + " " + f["field"].get<std::string>() + " " + f["actual"].dump() + " " +
                        f["expected"].dump());
    }
    CHECK(util::join(summary, "\n") ==
          "probe-auth-method-not-offered incoming.auth \"OAuth2\" \"PLAIN LOGIN CRAM-MD5\"\n"
          "probe-auth-method-not-offered outgoing.auth \"password-encrypted\" \"LOGIN PLAIN XOAUTH2\"\n"
          "probe-auth-method-not-offered outgoing.auth \"password-encrypted\" \"LOGIN PLAIN XOAUTH2\"");
  }

  TEST_CASE("every address of a name is tried and reported, IPv4 and IPv6; -4 and -6 keep one family") {
    auto& s = servers();
    if (!s.ipv6()) {
      MESSAGE("no IPv6 loopback here; skipped");
      return;
    }
    const std::string port = port_of("imap_tls");
    const std::vector<std::string> args{"probe", "--server", "imaps://good.test:" + port, "--resolve",
                                        "good.test:" + port + ":127.0.0.2", "--resolve", "good.test:" + port + ":[::1]",
                                        "--ca-file", s.ca_file().string(), "--format", "json", "--timeout", "5"};
    auto addresses = [&](const std::vector<std::string>& more) {
      const auto r = testutil::run_mailmend(with(args, more));
      INFO(r.err);
      CHECK(r.exit_code == 0);
      const json probe = json::parse(r.out)["probes"][0];
      CHECK(probe["observed_security"] == "tls");
      std::vector<std::string> out;
      for (const auto& a : probe["addresses"]) {
        out.push_back(a["address"].get<std::string>() + " " + a["family"].get<std::string>() + " " + a["tcp"].get<std::string>());
        CHECK(a["connect_ms"].is_number_integer());
      }
      return out;
    };
    CHECK(addresses({}) == std::vector<std::string>{"127.0.0.2 ipv4 connected", "::1 ipv6 connected"});
    CHECK(addresses({"-4"}) == std::vector<std::string>{"127.0.0.2 ipv4 connected"});
    CHECK(addresses({"-6"}) == std::vector<std::string>{"::1 ipv6 connected"});
  }

  TEST_CASE("probe --home: the findings named with their field and expected value; one probe per endpoint") {
    const auto home = cli_test::make_home("probe-home", probe_prefs());
    const auto r = testutil::run_mailmend(with({"probe", "--home", home.string(), "--format", "json"}, probe_options()));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    const json report = json::parse(r.out);
    REQUIRE(report["probes"].size() == 3);
    const json& shared = report["probes"][0];
    CHECK(shared["id"] == "imap:good.test:" + port_of("imap_starttls") + ":tls");
    CHECK(shared["accounts"].size() == 2);
    CHECK(shared["observed_security"] == "starttls");
    CHECK(shared["addresses"][0]["address"] == "127.0.0.2");
    CHECK(shared["addresses"][0]["tcp"] == "connected");

    const auto found = probe_findings(report);
    std::vector<std::string> summary;
    for (const auto& f : found) summary.push_back(f["rule"].get<std::string>() + " " + f["field"].get<std::string>() + " " + f["expected"].dump());
    CHECK(summary == std::vector<std::string>{
                         "probe-tls-mode-mismatch incoming.security \"starttls\"",
                         "probe-tls-mode-mismatch incoming.security \"starttls\"",
                         "probe-plaintext-refused outgoing.security \"starttls\"",
                         "probe-plaintext-refused outgoing.security \"starttls\"",
                         "probe-plaintext-refused outgoing.security \"starttls\"",
                         "probe-cert-expired incoming.host null",
                     });
    for (const auto& f : found) CHECK(f["origin"]["file"].get<std::string>().find("prefs.js") != std::string::npos);
    CHECK(testutil::run_program({"/usr/bin/python3", (testutil::source_dir() / "scripts/validate-json").string(),
                                 (testutil::source_dir() / "schemas/report.schema.json").string(), "-"},
                                r.out)
              .exit_code == 0);
  }

  TEST_CASE("the text report shows one line per endpoint above its findings") {
    const auto home = cli_test::make_home("probe-text", probe_prefs());
    const auto r = testutil::run_mailmend(with({"probe", "--home", home.string()}, probe_options()));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("Servers probed (3)\n  good.test:" + port_of("imap_starttls") + " \u00b7 STARTTLS, TLS 1.3 \u00b7 certificate valid ") !=
          std::string::npos);
    CHECK(r.out.find("  expired.test:" + port_of("imap_tls") + " \u00b7 TLS 1.3 \u00b7 certificate expired ") != std::string::npos);
  }

  TEST_CASE("probe --server against a healthy TLS server: no finding, exit 0; without the CA: untrusted, exit 1") {
    auto& s = servers();
    const std::string url = "imaps://good.test:" + port_of("imap_tls");
    const std::vector<std::string> resolve{"--resolve", s.resolve("good.test", "imap_tls"), "--timeout", "5"};
    const auto ok = testutil::run_mailmend(with({"probe", "--server", url, "--ca-file", s.ca_file().string(), "--format", "json"}, resolve));
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    const json report = json::parse(ok.out);
    CHECK(report["findings"].empty());
    CHECK(report["accounts"].empty());
    CHECK(report["probes"][0]["certificate"]["chain_trusted"] == true);
    CHECK(report["probes"][0]["tls"]["sni"] == "good.test");
    const auto untrusted = testutil::run_mailmend(with({"probe", "--server", url, "--format", "json"}, resolve));
    CHECK(untrusted.exit_code == 1);
    const json bad = json::parse(untrusted.out);
    REQUIRE(bad["findings"].size() == 1);
    CHECK(bad["findings"][0]["rule"] == "probe-cert-untrusted");
    CHECK(bad["findings"][0]["account"].is_null());
    CHECK(bad["findings"][0]["field"] == "host");
  }

  TEST_CASE("--login over TLS: the password from standard input, the server's answer reported, never the password") {
    auto& s = servers();
    const auto good = s.user("good");
    const std::string url = "imaps://good.test:" + port_of("imap_tls");
    const std::vector<std::string> args{"probe", "--server", url, "--resolve", s.resolve("good.test", "imap_tls"),
                                        "--ca-file", s.ca_file().string(), "--login", "--user", good.username,
                                        "--format", "json", "--fail-on", "info"};
    const auto ok = testutil::run_mailmend(args, good.password + "\n");
    INFO(ok.err);
    CHECK(ok.exit_code == 1);  // the info finding counts with --fail-on info
    CHECK(ok.out.find(good.password) == std::string::npos);
    CHECK(ok.err.find(good.password) == std::string::npos);
    const json report = json::parse(ok.out);
    REQUIRE(report["findings"].size() == 1);
    CHECK(report["findings"][0]["rule"] == "probe-login-ok");
    const auto wrong = testutil::run_mailmend(args, "not-the-password\n");
    const json refused = json::parse(wrong.out);
    REQUIRE(refused["findings"].size() == 1);
    CHECK(refused["findings"][0]["rule"] == "probe-login-failed");
    CHECK(refused["probes"][0]["logins"][0]["code"] == "AUTHENTICATIONFAILED");
    CHECK(wrong.out.find("not-the-password") == std::string::npos);
  }

  TEST_CASE("a client's SOCKS5 proxy: the probe goes through it (names resolved here or by the proxy) and says so") {
    auto& s = servers();
    const std::string socks_port = port_of("socks5");
    auto prefs_with_proxy = [&](const std::string& port, const std::string& more) {
      return "// Mozilla User Preferences\n" + account_prefs(1, "good.test", port_of("imap_tls")) +
             "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n" + smtp_prefs("good.test", port_of("smtp_tls"), 3) +
             "user_pref(\"network.proxy.socks\", \"127.0.0.2\");\n"
             "user_pref(\"network.proxy.socks_port\", " + port + ");\n"
             "user_pref(\"network.proxy.type\", 1);\n" + more;
    };
    // --resolve wins over the proxy's own lookup (socks5h), as an explicit address should: the
    // socks5h run leaves it out, and the proxy maps *.test names to the servers' address.
    const std::vector<std::string> resolve{"--resolve", s.resolve("good.test", "imap_tls"), "--resolve",
                                           s.resolve("good.test", "smtp_tls")};
    const auto log = s.folder() / "socks.log";
    auto run = [&](const std::string& name, const std::string& prefs, std::vector<std::string> more) {
      std::filesystem::remove(log);
      const auto home = cli_test::make_home(name, prefs);
      return testutil::run_mailmend(
          with({"probe", "--home", home.string(), "--ca-file", s.ca_file().string(), "--timeout", "3", "--fail-on", "error"},
               more));
    };

    // network.proxy.socks5_remote_dns false: names are resolved here (its default, true, leaves them
    // to the proxy).
    const std::string resolved_here = "user_pref(\"network.proxy.socks5_remote_dns\", false);\n";
    const auto local_dns = run("socks-local-dns", prefs_with_proxy(socks_port, resolved_here), with({"--format", "json"}, resolve));
    INFO(local_dns.err);
    CHECK(local_dns.exit_code == 0);  // only client-proxy-local, a warning: the servers are healthy
    const json report = json::parse(local_dns.out);
    REQUIRE(report["probes"].size() == 2);
    const json& imap = report["probes"][0];
    CHECK(imap["id"] == "imap:good.test:" + port_of("imap_tls") + ":tls@socks5://127.0.0.2:" + socks_port);
    CHECK(imap["proxy"] == "socks5://127.0.0.2:" + socks_port);
    CHECK(imap["via_proxy"] == true);
    CHECK(imap["observed_security"] == "tls");
    CHECK(imap["addresses"] == json::parse(R"([{"address": "127.0.0.2", "family": "ipv4", "tcp": "connected", "connect_ms": )" +
                                          imap["addresses"][0]["connect_ms"].dump() + "}]"));
    CHECK(report["probes"][1]["observed_security"] == "tls");
    CHECK(probe_findings(report).empty());
    // Each connection went through the proxy: the probe and the polite QUIT/LOGOUT, one CONNECT each.
    const std::string connects = testutil::read_bytes(log);
    CHECK(connects.find("CONNECT 127.0.0.2:" + port_of("imap_tls") + " ok\n") != std::string::npos);
    CHECK(connects.find("CONNECT 127.0.0.2:" + port_of("smtp_tls") + " ok\n") != std::string::npos);
    CHECK(testutil::run_program({"/usr/bin/python3", (testutil::source_dir() / "scripts/validate-json").string(),
                                 (testutil::source_dir() / "schemas/report.schema.json").string(), "-"},
                                local_dns.out)
              .exit_code == 0);

    const auto remote_dns = run("socks-remote-dns", prefs_with_proxy(socks_port, ""), {"--format", "json"});
    const json by_proxy = json::parse(remote_dns.out)["probes"][0];
    CHECK(by_proxy["proxy"] == "socks5h://127.0.0.2:" + socks_port);
    CHECK(by_proxy["via_proxy"] == true);
    CHECK(by_proxy["observed_security"] == "tls");
    CHECK(by_proxy["addresses"][0]["address"] == "good.test");
    CHECK(by_proxy["addresses"][0]["family"] == "name");
    CHECK(testutil::read_bytes(log).find("CONNECT good.test:" + port_of("imap_tls") + " ok\n") != std::string::npos);

    // The proxy is not running: every connection fails through it, said as such.
    const auto down = run("socks-down", prefs_with_proxy(port_of("closed"), resolved_here), with({"--format", "json"}, resolve));
    CHECK(down.exit_code == 1);
    const json failed = json::parse(down.out);
    CHECK(failed["probes"][0]["addresses"][0]["tcp"] == "unreachable");
    CHECK(failed["probes"][0]["error"] == "no address accepted the connection: the SOCKS proxy 127.0.0.2:" + port_of("closed") +
                                              " cannot be reached: Connection refused");
    const json& unreachable = finding_of(failed, "probe-unreachable");
    CHECK(unreachable["field"] == "incoming.port");
    CHECK(unreachable["message"].get<std::string>().find("through the SOCKS proxy socks5://127.0.0.2:" + port_of("closed")) !=
          std::string::npos);

    // SOCKS4 (or an HTTP proxy): the probe cannot use it and says it went direct.
    const auto socks4 = run("socks4", prefs_with_proxy(socks_port, "user_pref(\"network.proxy.socks_version\", 4);\n"), resolve);
    CHECK(socks4.exit_code == 0);
    CHECK(socks4.out.find("  good.test:" + port_of("imap_tls") + " \u00b7 direct, not through the client's proxy socks4://127.0.0.2:" +
                          socks_port + " \u00b7 TLS 1.3 \u00b7 certificate valid ") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(log));
    const auto text = run("socks-text", prefs_with_proxy(socks_port, resolved_here), resolve);
    CHECK(text.out.find("  good.test:" + port_of("imap_tls") + " \u00b7 via the client's proxy socks5://127.0.0.2:" + socks_port +
                        " \u00b7 TLS 1.3 \u00b7 ") != std::string::npos);
  }
}
