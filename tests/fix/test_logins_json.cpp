// Re-keying Thunderbird's logins.json: only the origins of matching entries change, byte for
// byte; anything mailmend does not understand changes nothing.
#include <doctest/doctest.h>

#include "fix/logins_json.hpp"

namespace {

const std::vector<fix::OriginMove> kImapMove = {{"imap://imap.old.example", "imap://imap.example.com"}};

// Pretty-printed, with fields Thunderbird does not write today (kept as they are).
const std::string kPretty = R"({
  "nextId": 3,
  "futureTopLevel": {"logins": "not this one"},
  "logins": [
    {
      "id": 1,
      "hostname" : "imap://imap.old.example",
      "httpRealm":"imap://imap.old.example",
      "formSubmitURL": null,
      "encryptedUsername": "MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA==",
      "encryptedPassword": "MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECB==",
      "futureField": ["imap://imap.old.example"]
    },
    {"id": 2, "hostname": "imap://imap.old.example", "httpRealm": "imap://other.example", "encryptedPassword": "x"}
  ],
  "version": 3
}
)";

}  // namespace

TEST_SUITE("fix::logins json") {
  TEST_CASE("the matching entry's hostname and httpRealm move; every other byte stays") {
    auto out = fix::rekey_logins_json(kPretty, kImapMove);
    REQUIRE(out);
    std::string expected = kPretty;
    expected.replace(expected.find("\"hostname\" : \"imap://imap.old.example\"") + 13, 25, "\"imap://imap.example.com\"");
    expected.replace(expected.find("\"httpRealm\":\"imap://imap.old.example\""), 37,
                     "\"httpRealm\":\"imap://imap.example.com\"");
    CHECK(out->bytes == expected);
    REQUIRE(out->outcomes.size() == 1);
    CHECK(out->outcomes[0].entries == 1);
    CHECK(out->outcomes[0].not_moved == "");
  }

  TEST_CASE("an origin written with escapes matches as Thunderbird reads it") {
    const std::string escaped = R"({"logins":[{"hostname":"imap:\/\/imap.old.example","httpRealm":"imap:\/\/imap.old\u002eexample"}]})";
    auto out = fix::rekey_logins_json(escaped, kImapMove);
    REQUIRE(out);
    CHECK(out->bytes == R"({"logins":[{"hostname":"imap://imap.example.com","httpRealm":"imap://imap.example.com"}]})");
  }

  TEST_CASE("nothing under the old origin: the bytes are returned unchanged") {
    auto out = fix::rekey_logins_json(kPretty, {{"smtp://smtp.old.example", "smtp://smtp.example.com"}});
    REQUIRE(out);
    CHECK(out->bytes == kPretty);
    CHECK(out->outcomes[0].entries == 0);
    CHECK(out->outcomes[0].not_moved == "");
  }

  TEST_CASE("a login already saved under the new origin: nothing moves, and the outcome says why") {
    const std::string both = R"({"logins":[{"hostname":"imap://imap.old.example","httpRealm":"imap://imap.old.example"},)"
                             R"({"hostname":"imap://imap.example.com","httpRealm":"imap://imap.example.com"}]})";
    auto out = fix::rekey_logins_json(both, kImapMove);
    REQUIRE(out);
    CHECK(out->bytes == both);
    CHECK(out->outcomes[0].entries == 0);
    CHECK(out->outcomes[0].not_moved == "a login is already saved under imap://imap.example.com");
  }

  TEST_CASE("two moves from one origin move nothing") {
    auto out = fix::rekey_logins_json(kPretty, {{"imap://imap.old.example", "imap://a.example.com"},
                                                {"imap://imap.old.example", "imap://b.example.com"}});
    REQUIRE(out);
    CHECK(out->bytes == kPretty);
    CHECK(out->outcomes[0].not_moved == "two fixes move imap://imap.old.example to different hosts");
  }

  TEST_CASE("files mailmend does not understand are errors, never a partial rewrite") {
    const std::pair<std::string, std::string> cases[] = {
        {R"({"logins":[{"hostname":"imap://imap.old.example")", "logins.json: not valid JSON"},
        {"", "logins.json: not valid JSON"},
        {R"([{"hostname":"imap://imap.old.example"}])", "logins.json: the top level is not an object"},
        {R"({"nextId":1})", "logins.json: no \"logins\" array"},
        {R"({"logins":{}})", "logins.json: \"logins\" is not an array"},
        {R"({"logins":[],"logins":[]})", "logins.json: \"logins\" appears twice"},
        {R"({"logins":[{"id":1},"imap://imap.old.example"]})", "logins.json: login 2 is not an object"},
        {R"({"logins":[{"hostname":"imap://imap.old.example","httpRealm":"imap://imap.old.example","hostname":"x"}]})",
         "logins.json: login 1 names \"hostname\" twice"},
        {std::string(100, '[') + std::string(100, ']'), "logins.json: nested too deep"},
    };
    for (const auto& [bytes, error] : cases) {
      CAPTURE(bytes);
      auto out = fix::rekey_logins_json(bytes, kImapMove);
      REQUIRE(!out);
      CHECK(out.error().message == error);
    }
  }
}
