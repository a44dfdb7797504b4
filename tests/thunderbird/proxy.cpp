// Thunderbird's proxy prefs (issue 17, part 2): client-proxy for the proxy an account's connections
// go through, client-proxy-local for a manual proxy on a loopback or private address.
#include <doctest/doctest.h>

#include "adapters/thunderbird/profile_reader.hpp"
#include "adapters/thunderbird/proxy_prefs.hpp"
#include "core/around.hpp"
#include "support/testutil.hpp"

namespace tb = adapters::thunderbird;

namespace {

// One IMAP account (imap.example.com, password) with its SMTP server, plus the given proxy prefs.
std::string prefs_with(const std::string& proxy_prefs, int auth = 3) {
  return "// Mozilla User Preferences\n"
         "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
         "user_pref(\"mail.account.account1.server\", \"server1\");\n"
         "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
         "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
         "user_pref(\"mail.identity.id1.useremail\", \"ann@example.com\");\n"
         "user_pref(\"mail.server.server1.authMethod\", " + std::to_string(auth) + ");\n"
         "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
         "user_pref(\"mail.server.server1.port\", 993);\n"
         "user_pref(\"mail.server.server1.socketType\", 3);\n"
         "user_pref(\"mail.server.server1.type\", \"imap\");\n"
         "user_pref(\"mail.server.server1.userName\", \"ann@example.com\");\n"
         "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.com\");\n"
         "user_pref(\"mail.smtpserver.smtp1.port\", 465);\n"
         "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n"
         "user_pref(\"mail.smtpservers\", \"smtp1\");\n" +
         proxy_prefs;
}

// rule, severity, actual, origin key:line; and the message, of every proxy finding.
std::vector<std::string> proxy_findings(const std::string& prefs, std::vector<std::string>* messages = nullptr) {
  testutil::write_bytes("p/prefs.js", prefs);
  const auto out = tb::read_profile("p", {"default", {}, {}, {}});
  std::vector<std::string> lines;
  for (const auto& f : out.findings) {
    if (f.rule != core::around::kClientProxy && f.rule != core::around::kClientProxyLocal) continue;
    lines.push_back(f.rule + " " + std::string(core::to_string(f.severity)) + " " + core::field_value_text(f.actual) +
                    " @" + f.origin.key + ":" + std::to_string(f.origin.line));
    if (messages) messages->push_back(f.message);
  }
  return lines;
}

}  // namespace

TEST_SUITE("thunderbird proxy") {
  TEST_CASE("a manual SOCKS proxy on 127.0.0.1 is a warning naming it, the servers and who resolves names") {
    std::vector<std::string> messages;
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.socks\", \"127.0.0.1\");\n"
                                    "user_pref(\"network.proxy.socks_port\", 9050);\n"
                                    "user_pref(\"network.proxy.socks_remote_dns\", true);\n"
                                    "user_pref(\"network.proxy.type\", 1);\n"),
                         &messages) == std::vector<std::string>{"client-proxy-local warning socks5://127.0.0.1:9050 @network.proxy.socks:17"});
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].rfind("Thunderbird sends this account's IMAP and SMTP connections through the SOCKS5 proxy "
                            "127.0.0.1:9050 (network.proxy.type 1, manual; host names resolved by the proxy). The proxy "
                            "is on this machine or a private network: ",
                            0) == 0);
  }

  TEST_CASE("who resolves host names: socks5_remote_dns for SOCKS5 (default: the proxy), socks_remote_dns for SOCKS4") {
    // Measured on Thunderbird 153: with socks_remote_dns false (its default) a SOCKS5 proxy still
    // received the host names, because socks5_remote_dns defaults to true.
    struct Case {
      std::string prefs;
      std::string resolved_by;
    };
    const Case cases[] = {
        {"", "by the proxy"},
        {"user_pref(\"network.proxy.socks_remote_dns\", false);\n", "by the proxy"},
        {"user_pref(\"network.proxy.socks5_remote_dns\", false);\nuser_pref(\"network.proxy.socks_remote_dns\", true);\n",
         "by this machine"},
        {"user_pref(\"network.proxy.socks_version\", 4);\n", "by this machine"},
        {"user_pref(\"network.proxy.socks_remote_dns\", true);\nuser_pref(\"network.proxy.socks_version\", 4);\n",
         "by the proxy"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.prefs);
      std::vector<std::string> messages;
      proxy_findings(prefs_with("user_pref(\"network.proxy.socks\", \"proxy.example.net\");\n"
                                "user_pref(\"network.proxy.socks_port\", 1080);\n" +
                                c.prefs + "user_pref(\"network.proxy.type\", 1);\n"),
                     &messages);
      REQUIRE(messages.size() == 1);
      CHECK(messages[0].find("; host names resolved " + c.resolved_by + ").") != std::string::npos);
    }
  }

  TEST_CASE("a SOCKS4 proxy on a public address is a note; a private one a warning") {
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.socks\", \"proxy.example.net\");\n"
                                    "user_pref(\"network.proxy.socks_port\", 1080);\n"
                                    "user_pref(\"network.proxy.socks_version\", 4);\n"
                                    "user_pref(\"network.proxy.type\", 1);\n")) ==
          std::vector<std::string>{"client-proxy info socks4://proxy.example.net:1080 @network.proxy.socks:17"});
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.socks\", \"192.168.10.5\");\n"
                                    "user_pref(\"network.proxy.socks_port\", 1080);\n"
                                    "user_pref(\"network.proxy.type\", 1);\n")) ==
          std::vector<std::string>{"client-proxy-local warning socks5://192.168.10.5:1080 @network.proxy.socks:17"});
  }

  TEST_CASE("an HTTP-only manual proxy carries no mail: a note, a warning only for an OAuth2 account's sign-in") {
    const std::string http = "user_pref(\"network.proxy.http\", \"localhost\");\n"
                             "user_pref(\"network.proxy.http_port\", 3128);\n"
                             "user_pref(\"network.proxy.type\", 1);\n";
    std::vector<std::string> messages;
    CHECK(proxy_findings(prefs_with(http), &messages) ==
          std::vector<std::string>{"client-proxy info http://localhost:3128 @network.proxy.http:17"});
    CHECK(messages.at(0) == "Thunderbird's manual proxy settings name only an HTTP/HTTPS proxy (localhost:3128): it "
                            "carries web connections (OAuth2 sign-in, autoconfig), not this account's IMAP and SMTP "
                            "connections, which go direct.");
    CHECK(proxy_findings(prefs_with(http, 10)) ==
          std::vector<std::string>{"client-proxy-local warning http://localhost:3128 @network.proxy.http:17"});
  }

  TEST_CASE("PAC, auto-detect and an explicit system setting are notes; direct and the default say nothing") {
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.autoconfig_url\", \"http://wpad.corp.example/proxy.pac\");\n"
                                    "user_pref(\"network.proxy.type\", 2);\n")) ==
          std::vector<std::string>{"client-proxy info pac:http://wpad.corp.example/proxy.pac @network.proxy.type:18"});
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.type\", 4);\n")) ==
          std::vector<std::string>{"client-proxy info auto-detect @network.proxy.type:17"});
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.type\", 5);\n")) ==
          std::vector<std::string>{"client-proxy info system @network.proxy.type:17"});
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.type\", 0);\n")).empty());
    CHECK(proxy_findings(prefs_with("")).empty());
    // A SOCKS host left over while the type says direct: not used.
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.socks\", \"127.0.0.1\");\n"
                                    "user_pref(\"network.proxy.socks_port\", 9050);\n")).empty());
  }

  TEST_CASE("servers on no_proxies_on skip the proxy; when both do, no finding") {
    const std::string socks = "user_pref(\"network.proxy.socks\", \"127.0.0.1\");\n"
                              "user_pref(\"network.proxy.socks_port\", 9050);\n"
                              "user_pref(\"network.proxy.type\", 1);\n";
    std::vector<std::string> messages;
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.no_proxies_on\", \"smtp.example.com\");\n" + socks),
                         &messages)
              .size() == 1);
    CHECK(messages.at(0).rfind("Thunderbird sends this account's IMAP connections through", 0) == 0);
    CHECK(proxy_findings(prefs_with("user_pref(\"network.proxy.no_proxies_on\", \"localhost, .Example.com\");\n" + socks))
              .empty());
  }

  TEST_CASE("each endpoint carries the SOCKS proxy its connections use (what the probe goes through), never an HTTP one") {
    auto proxies = [](const std::string& proxy_prefs) {
      testutil::write_bytes("p/prefs.js", prefs_with(proxy_prefs));
      const auto out = tb::read_profile("p", {"default", {}, {}, {}});
      REQUIRE(out.accounts.size() == 1);
      return out.accounts[0].incoming->proxy + " " + out.accounts[0].outgoing->proxy;
    };
    const std::string socks = "user_pref(\"network.proxy.socks\", \"127.0.0.1\");\n"
                              "user_pref(\"network.proxy.socks_port\", 9050);\n"
                              "user_pref(\"network.proxy.type\", 1);\n";
    // SOCKS5: the proxy resolves names unless network.proxy.socks5_remote_dns is false (default
    // true); socks_remote_dns is SOCKS4's setting only.
    CHECK(proxies(socks) == "socks5h://127.0.0.1:9050 socks5h://127.0.0.1:9050");
    CHECK(proxies(socks + "user_pref(\"network.proxy.socks5_remote_dns\", false);\n") ==
          "socks5://127.0.0.1:9050 socks5://127.0.0.1:9050");
    CHECK(proxies(socks + "user_pref(\"network.proxy.socks5_remote_dns\", false);\n"
                          "user_pref(\"network.proxy.socks_remote_dns\", true);\n") ==
          "socks5://127.0.0.1:9050 socks5://127.0.0.1:9050");
    CHECK(proxies(socks + "user_pref(\"network.proxy.socks_version\", 4);\n") == "socks4://127.0.0.1:9050 socks4://127.0.0.1:9050");
    CHECK(proxies(socks + "user_pref(\"network.proxy.no_proxies_on\", \"smtp.example.com\");\n") == "socks5h://127.0.0.1:9050 ");
    CHECK(proxies("user_pref(\"network.proxy.socks\", \"::1\");\nuser_pref(\"network.proxy.socks_port\", 1080);\n"
                  "user_pref(\"network.proxy.type\", 1);\n") == "socks5h://[::1]:1080 socks5h://[::1]:1080");
    CHECK(proxies("user_pref(\"network.proxy.http\", \"localhost\");\nuser_pref(\"network.proxy.http_port\", 3128);\n"
                  "user_pref(\"network.proxy.type\", 1);\n") == " ");
    CHECK(proxies("user_pref(\"network.proxy.type\", 5);\n") == " ");
  }

  TEST_CASE("bypass and local-host rules") {
    tb::ProxySettings s;
    s.bypass = {"*.corp.example", "mail.example.org"};
    CHECK(tb::bypasses_proxy(s, "localhost"));
    CHECK(tb::bypasses_proxy(s, "127.0.0.1"));
    CHECK(tb::bypasses_proxy(s, "IMAP.corp.example"));
    CHECK(tb::bypasses_proxy(s, "corp.example"));
    CHECK(tb::bypasses_proxy(s, "mail.example.org"));
    CHECK_FALSE(tb::bypasses_proxy(s, "xcorp.example"));
    CHECK_FALSE(tb::bypasses_proxy(s, "imap.example.org"));
    CHECK(tb::is_local_proxy_host("localhost"));
    CHECK(tb::is_local_proxy_host("[::1]"));
    CHECK(tb::is_local_proxy_host("10.0.0.8"));
    CHECK_FALSE(tb::is_local_proxy_host("proxy.example.net"));
    CHECK_FALSE(tb::is_local_proxy_host("203.0.113.5"));
  }
}
