// --online's options without any server (also under Wine): usage errors, and the unit parts of
// discovery that need no network.
#include <doctest/doctest.h>

#include "discovery/chain.hpp"
#include "discovery/dns_message.hpp"
#include "discovery/net.hpp"
#include "support/testutil.hpp"

TEST_SUITE("online options") {
  TEST_CASE("the online options need --online") {
    for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
             {"--refresh", ""}, {"--cache-dir", "c"}, {"--dns-server", "127.0.0.1"}, {"--connect-to", "a:443:b:8443"}}) {
      std::vector<std::string> args{"providers", "lookup", "example.test", option};
      if (!value.empty()) args.push_back(value);
      const auto r = testutil::run_mailmend(args);
      CHECK(r.exit_code == 2);
      CHECK(r.err == "mailmend: " + option + " applies to online discovery only: add --online\n");
    }
  }

  TEST_CASE("malformed --connect-to and --dns-server are usage errors naming the value") {
    const auto connect = testutil::run_mailmend({"providers", "discover", "example.test", "--connect-to", "a:443:b"});
    CHECK(connect.exit_code == 2);
    CHECK(connect.err == "mailmend: --connect-to 'a:443:b': too few parts (expected HOST:PORT:CONNECT_HOST:CONNECT_PORT)\n");
    const auto dns = testutil::run_mailmend({"providers", "discover", "example.test", "--dns-server", "127.0.0.1:99999"});
    CHECK(dns.exit_code == 2);
    CHECK(dns.err == "mailmend: --dns-server '127.0.0.1:99999': the port must be a number from 1 to 65535 (expected ADDRESS or ADDRESS:PORT)\n");
  }
}

TEST_SUITE("online options") {
  TEST_CASE("a build without online discovery's network says so and opens nothing (the Windows build for now)") {
    if (discovery::network_built_in()) return;  // tests/discovery/test_discovery_posix.cpp covers the network
    const auto r = testutil::run_mailmend({"providers", "discover", "alice@example.test"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "mailmend: --online: online discovery is not in this build of mailmend (built without libcurl and c-ares; the "
          "Windows build for now)\n");
  }
}

TEST_SUITE("discovery parts") {
  TEST_CASE("registrable domain: two labels, three under a generic second level of a country code") {
    CHECK(discovery::registrable_domain("corp-test.mail.protection.outlook.com") == "outlook.com");
    CHECK(discovery::registrable_domain("aspmx.l.google.com") == "google.com");
    CHECK(discovery::registrable_domain("mx.hoster.co.uk") == "hoster.co.uk");
    CHECK(discovery::registrable_domain("mxbiz1.qq.com") == "qq.com");
    CHECK(discovery::registrable_domain("example.com") == "example.com");
  }

  TEST_CASE("a timeout is told by the phrase every timeout message ends with, not by words in a URL") {
    discovery::NetOptions o;
    o.timeout = std::chrono::milliseconds(2000);
    CHECK(discovery::timeout_phrase(o) == "within 2 s");
    CHECK(discovery::is_timeout(util::make_error("mx: a.test: no DNS answer within 2 s"), o));
    CHECK_FALSE(discovery::is_timeout(util::make_error("https://no.within.test/x: HTTP 404"), o));
    o.timeout = std::chrono::milliseconds(250);
    CHECK(discovery::is_timeout(util::make_error("https://a.test/: no complete answer within 250 ms"), o));
  }

  TEST_CASE("the smallest TTL of a DNS answer; cut messages give none") {
    // Header (1 question, 2 answers), question example.test MX, two MX answers with TTL 300 and 60
    // (the second name a compression pointer to the question's).
    const std::vector<unsigned char> message{
        0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
        7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0, 0, 15, 0, 1,
        0xC0, 12, 0, 15, 0, 1, 0, 0, 1, 0x2C, 0, 4, 0, 10, 0xC0, 12,
        0xC0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, 4, 0, 20, 0xC0, 12};
    CHECK(discovery::smallest_answer_ttl(message.data(), message.size()) == std::chrono::seconds(60));
    CHECK_FALSE(discovery::smallest_answer_ttl(message.data(), message.size() - 1).has_value());
    CHECK_FALSE(discovery::smallest_answer_ttl(message.data(), 12 + 5).has_value());
  }
}
