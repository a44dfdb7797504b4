// `mailmend probe` end to end: the binary against real servers on loopback (Dovecot, aiosmtpd,
// tests/probe/servers), over a Thunderbird home or --server URLs; exact findings, fields, expected
// values and exit codes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/probe_servers.hpp"
#include "support/testutil.hpp"

namespace {

using nlohmann::json;

testutil::ProbeServers& servers() { return testutil::ProbeServers::shared(); }

std::string port_of(const std::string& endpoint) { return std::to_string(servers().endpoint(endpoint).port); }

// Two IMAP accounts on good.test's STARTTLS port configured with TLS (one endpoint, probed once),
// one on expired.test's TLS port, and an SMTP server without encryption on the submission port.
std::string probe_prefs() {
  auto account = [](int n, const std::string& host, const std::string& port) {
    const std::string a = "account" + std::to_string(n), s = "server" + std::to_string(n), i = "id" + std::to_string(n);
    return "user_pref(\"mail.account." + a + ".identities\", \"" + i + "\");\n"
           "user_pref(\"mail.account." + a + ".server\", \"" + s + "\");\n"
           "user_pref(\"mail.identity." + i + ".smtpServer\", \"smtp1\");\n"
           "user_pref(\"mail.identity." + i + ".useremail\", \"user" + std::to_string(n) + "@example.test\");\n"
           "user_pref(\"mail.server." + s + ".authMethod\", 3);\n"
           "user_pref(\"mail.server." + s + ".hostname\", \"" + host + "\");\n"
           "user_pref(\"mail.server." + s + ".port\", " + port + ");\n"
           "user_pref(\"mail.server." + s + ".socketType\", 3);\n"
           "user_pref(\"mail.server." + s + ".type\", \"imap\");\n"
           "user_pref(\"mail.server." + s + ".userName\", \"user" + std::to_string(n) + "\");\n";
  };
  return "// Mozilla User Preferences\n" + account(1, "good.test", port_of("imap_starttls")) +
         account(2, "good.test", port_of("imap_starttls")) + account(3, "expired.test", port_of("imap_tls")) +
         "user_pref(\"mail.accountmanager.accounts\", \"account1,account2,account3\");\n"
         "user_pref(\"mail.smtpserver.smtp1.authMethod\", 3);\n"
         "user_pref(\"mail.smtpserver.smtp1.hostname\", \"good.test\");\n"
         "user_pref(\"mail.smtpserver.smtp1.port\", " + port_of("smtp_starttls") + ");\n"
         "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 0);\n"
         "user_pref(\"mail.smtpserver.smtp1.username\", \"user1\");\n"
         "user_pref(\"mail.smtpservers\", \"smtp1\");\n";
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

}  // namespace

TEST_SUITE("probe cli (real servers)") {
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
}
