// The pure parts of online discovery: DNS answer TTLs, registrable domains, the clientConfig
// written for SRV records (read back through the ISPDB importer), the cache.
#include <doctest/doctest.h>

#include <filesystem>

#include "discovery/cache.hpp"
#include "discovery/chain.hpp"
#include "discovery/config_xml.hpp"
#include "discovery/dns_message.hpp"
#include "providers/ispdb.hpp"

TEST_SUITE("discovery parts") {
  TEST_CASE("registrable domain: two labels, three under a generic second level of a country code") {
    CHECK(discovery::registrable_domain("corp-test.mail.protection.outlook.com") == "outlook.com");
    CHECK(discovery::registrable_domain("aspmx.l.google.com") == "google.com");
    CHECK(discovery::registrable_domain("mx.hoster.co.uk") == "hoster.co.uk");
    CHECK(discovery::registrable_domain("mxbiz1.qq.com") == "qq.com");
    CHECK(discovery::registrable_domain("example.com") == "example.com");
  }
}
