#include "adapters/thunderbird/pref_store.hpp"

#include <doctest/doctest.h>

#include "adapters/thunderbird/policies.hpp"
#include "support/testutil.hpp"

using namespace adapters::thunderbird;

namespace {

PrefTokens store_tokens(const std::string& text) { return tokenize_prefs(text, "x").value(); }

}  // namespace

TEST_SUITE("pref_store") {
  TEST_CASE("the last duplicate in a file wins and each repeat is reported") {
    PrefStore store;
    std::vector<DuplicatePref> dups;
    store.add_file("prefs.js", PrefLayer::PrefsJs, store_tokens("user_pref(\"a\", 1);\nuser_pref(\"a\", 2);\nuser_pref(\"a\", 3);"), dups);
    CHECK(std::get<std::int32_t>(store.find("a")->value) == 3);
    CHECK(store.find("a")->line == 3);
    REQUIRE(dups.size() == 2);
    CHECK(dups[0].first_line == 1);
    CHECK(dups[0].line == 2);
    CHECK(dups[1].first_line == 2);
    CHECK(dups[1].line == 3);
  }

  TEST_CASE("user.js wins over prefs.js without being a duplicate") {
    PrefStore store;
    std::vector<DuplicatePref> dups;
    store.add_file("prefs.js", PrefLayer::PrefsJs, store_tokens("user_pref(\"a\", 1);"), dups);
    store.add_file("user.js", PrefLayer::UserJs, store_tokens("\nuser_pref(\"a\", 2);"), dups);
    CHECK(dups.empty());
    const PrefEntry* e = store.find("a");
    CHECK(e->file == "user.js");
    CHECK(e->line == 2);
    CHECK(e->layer == PrefLayer::UserJs);
    CHECK(e->shadowed == "prefs.js");
  }

  TEST_CASE("policy statuses: locked and user replace, default fills a gap, clear removes") {
    PrefStore store;
    std::vector<DuplicatePref> dups;
    store.add_file("prefs.js", PrefLayer::PrefsJs,
                   store_tokens("user_pref(\"l\", 1);user_pref(\"u\", 1);user_pref(\"d\", 1);user_pref(\"c\", 1);"), dups);
    store.add_policy("p.json", "l", std::int32_t{9}, PrefStore::PolicyStatus::Locked);
    store.add_policy("p.json", "u", std::int32_t{9}, PrefStore::PolicyStatus::User);
    store.add_policy("p.json", "d", std::int32_t{9}, PrefStore::PolicyStatus::Default);
    store.add_policy("p.json", "n", std::int32_t{9}, PrefStore::PolicyStatus::Default);
    store.add_policy("p.json", "c", std::int32_t{9}, PrefStore::PolicyStatus::Clear);
    CHECK(std::get<std::int32_t>(store.find("l")->value) == 9);
    CHECK(store.find("l")->locked);
    CHECK(std::get<std::int32_t>(store.find("u")->value) == 9);
    CHECK_FALSE(store.find("u")->locked);
    CHECK(std::get<std::int32_t>(store.find("d")->value) == 1);
    CHECK(store.find("n")->file == "p.json");
    CHECK(store.find("n")->is_default);
    CHECK_FALSE(store.find("l")->is_default);
    CHECK(store.find("c") == nullptr);
    // A later user.js cannot override a locked pref.
    store.add_file("user.js", PrefLayer::UserJs, store_tokens("user_pref(\"l\", 5);"), dups);
    CHECK(std::get<std::int32_t>(store.find("l")->value) == 9);
  }

  TEST_CASE("policies.json: mail prefs only, object and bare forms, bad JSON is an error") {
    testutil::write_bytes("policies.json", R"({"policies": {"Preferences": {
      "mail.server.server1.port": {"Value": 993, "Status": "locked"},
      "mail.server.server1.hostname": {"Value": "imap.example.com", "Status": "user"},
      "mailnews.x": {"Value": true},
      "mail.bare": 5,
      "browser.y": {"Value": 1, "Status": "locked"},
      "mail.bad": {"Value": 1, "Status": "weird"}}}})");
    auto r = read_policy_prefs("policies.json");
    REQUIRE(r.ok());
    REQUIRE(r->size() == 4);
    CHECK((*r)[0].name == "mail.bare");
    CHECK((*r)[0].status == PrefStore::PolicyStatus::Locked);
    CHECK((*r)[1].name == "mail.server.server1.hostname");
    CHECK((*r)[1].status == PrefStore::PolicyStatus::User);
    CHECK(std::get<std::int32_t>((*r)[2].value) == 993);
    CHECK((*r)[3].status == PrefStore::PolicyStatus::Default);
    testutil::write_bytes("broken.json", "{\"policies\": ");
    auto bad = read_policy_prefs("broken.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "broken.json: not valid JSON");
  }
}
