#include <doctest/doctest.h>

#include "adapters/thunderbird/policies.hpp"
#include "support/testutil.hpp"

TEST_SUITE("thunderbird policy limits") {
  TEST_CASE("a policies.json nested deeper than 64 levels is refused before it is parsed") {
    testutil::write_bytes("policies.json", "{\"policies\": " + std::string(100000, '[') + std::string(100000, ']') + "}");
    auto r = adapters::thunderbird::read_policy_prefs("policies.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "policies.json: JSON nested deeper than 64 levels, refused");
    testutil::write_bytes("ok.json", "{\"policies\": {\"Preferences\": {\"mail.server.server1.port\": {\"Value\": 993, \"Status\": \"locked\"}}}}");
    auto ok = adapters::thunderbird::read_policy_prefs("ok.json");
    REQUIRE(ok.ok());
    CHECK(ok->size() == 1);
  }
}
