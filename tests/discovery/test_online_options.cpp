// --online's options without any server (also under Wine): usage errors, and the unit parts of
// discovery that need no network.
#include <doctest/doctest.h>

#include "discovery/autodiscover_xml.hpp"
#include "discovery/chain.hpp"
#include "discovery/dns_message.hpp"
#include "discovery/net.hpp"
#include "support/testutil.hpp"
#include "util/punycode.hpp"

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
  TEST_CASE("a build without online discovery's network says so and opens nothing (MAILMEND_DISCOVERY_NETWORK=OFF)") {
    if (discovery::network_built_in()) return;  // tests/discovery/test_discovery_posix.cpp covers the network
    const auto r = testutil::run_mailmend({"providers", "discover", "alice@example.test"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "mailmend: --online: online discovery is not in this build of mailmend (built without libcurl and c-ares)\n");
  }
}

TEST_SUITE("discovery parts") {
  TEST_CASE("registrable domain: the public suffix list's suffix and one label more") {
    CHECK(discovery::public_suffix_rule_count() > 9000);
    CHECK(discovery::registrable_domain("corp-test.mail.protection.outlook.com") == "outlook.com");
    CHECK(discovery::registrable_domain("aspmx.l.google.com") == "google.com");
    CHECK(discovery::registrable_domain("mx.hoster.co.uk") == "hoster.co.uk");
    CHECK(discovery::registrable_domain("mxbiz1.qq.com") == "qq.com");
    CHECK(discovery::registrable_domain("example.com") == "example.com");
    // Suffixes no two-or-three-label guess gets right.
    CHECK(discovery::registrable_domain("mx1.corp.com.cn") == "corp.com.cn");
    CHECK(discovery::registrable_domain("mail.corp.gov.cn") == "corp.gov.cn");
    CHECK(discovery::registrable_domain("mx.shop.ab.ca") == "shop.ab.ca");
    CHECK(discovery::registrable_domain("mx.someone.github.io") == "someone.github.io");  // private section
    CHECK(discovery::registrable_domain("mx.a.b.kawasaki.jp") == "a.b.kawasaki.jp");      // *.kawasaki.jp
    CHECK(discovery::registrable_domain("mx.city.kawasaki.jp") == "city.kawasaki.jp");    // !city.kawasaki.jp
    CHECK(discovery::registrable_domain("www.ck") == "www.ck");                            // !www.ck
    // A Unicode rule (公司.cn) matches its xn-- form, as DNS gives it; labels come back as given.
    CHECK(discovery::registrable_domain("mx.corp.xn--55qx5d.cn") == "corp.xn--55qx5d.cn");
    CHECK(discovery::registrable_domain("MX.Corp.公司.CN.") == "Corp.公司.CN");
    // A public suffix itself, or one label: returned as it is.
    CHECK(discovery::registrable_domain("co.uk") == "co.uk");
    CHECK(discovery::registrable_domain("localhost") == "localhost");
  }

  TEST_CASE("Autodiscover (POX): the Exchange server, and the answer's own IMAP, POP3 and SMTP entries") {
    const std::string body =
        "<?xml version=\"1.0\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">"
        "<Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\"><Account>"
        "<Protocol><Type>EXPR</Type><Server>Exch.Example.TEST</Server></Protocol>"
        "<Protocol><Type>IMAP</Type><Server>imap.example.test</Server><Port>993</Port><SSL>on</SSL>"
        "<LoginName>Alice@Example.test</LoginName></Protocol>"
        "<Protocol><Type>POP3</Type><Server>pop.example.test</Server><Port>110</Port><SSL>on</SSL><LoginName>alice</LoginName></Protocol>"
        "<Protocol><Type>IMAP</Type><Server>imap2.example.test</Server><Port>143</Port><Encryption>None</Encryption>"
        "<LoginName>EXAMPLE\\alice</LoginName><SPA>on</SPA></Protocol>"
        "<Protocol><Type>SMTP</Type><Server>smtp.example.test</Server><Port>2525</Port><Encryption>TLS</Encryption></Protocol>"
        "<Protocol><Type>SMTP</Type><Server>no-port.example.test</Server></Protocol>"
        "</Account></Response></Autodiscover>";
    const auto a = discovery::parse_autodiscover(body, "alice@example.test");
    REQUIRE(a.has_value());
    CHECK(a->exchange_host == "exch.example.test");
    REQUIRE(a->servers.size() == 4);  // the SMTP entry without a port is left out
    auto text = [](const discovery::ConfigServer& s) {
      return std::string(core::to_string(s.protocol)) + " " + s.host + ":" + std::to_string(s.port) + " " +
             std::string(core::to_string(s.security)) + " " + s.auth + " [" + s.username + "]";
    };
    CHECK(text(a->servers[0]) == "imap imap.example.test:993 tls password-cleartext [%EMAILADDRESS%]");
    CHECK(text(a->servers[1]) == "pop3 pop.example.test:110 starttls password-cleartext [%EMAILLOCALPART%]");
    CHECK(text(a->servers[2]) == "imap imap2.example.test:143 none NTLM []");  // a DOMAIN\\user login is not kept
    CHECK(text(a->servers[3]) == "smtp smtp.example.test:2525 tls password-cleartext []");  // other ports: TLS
    // The EWS URL names the server when there is one; no Exchange server and no mail entry: not an answer.
    const auto ews = discovery::parse_autodiscover(
        "<A><Protocol><Type>EXCH</Type><Server>x.test</Server><EwsUrl>https://ews.example.test/EWS/Exchange.asmx</EwsUrl></Protocol></A>", "");
    REQUIRE(ews.has_value());
    CHECK(ews->exchange_host == "ews.example.test");
    CHECK(ews->servers.empty());
    CHECK_FALSE(discovery::parse_autodiscover("<Autodiscover><Response/></Autodiscover>", "").has_value());
    CHECK_FALSE(discovery::parse_autodiscover("not xml <", "").has_value());
  }

  TEST_CASE("punycode: RFC 3492's encoding of labels, ASCII unchanged, invalid UTF-8 refused") {
    CHECK(util::punycode_label("中国") == "xn--fiqs8s");
    CHECK(util::punycode_label("公司") == "xn--55qx5d");
    CHECK(util::punycode_label("bücher") == "xn--bcher-kva");
    CHECK(util::punycode_label("münchen") == "xn--mnchen-3ya");
    CHECK(util::punycode_label("example") == "example");
    CHECK(util::ascii_domain("例子.中国") == "xn--fsqu00a.xn--fiqs8s");
    CHECK_FALSE(util::punycode_label("\xff\xfe").has_value());
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
