#include "adapters/thunderbird/pref_writer.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;

namespace {

core::Edit edit(const std::string& field, const std::string& key, core::FieldValue value, bool is_default = false,
                const std::string& file = "prefs.js") {
  core::Edit e;
  e.account = "thunderbird:prefs.js#account1";
  e.field = field;
  e.target = {file, key, 0, is_default};
  e.value = std::move(value);
  return e;
}

std::string render_ok(std::string_view original, const std::vector<core::Edit>& edits) {
  auto r = render_prefs("prefs.js", original, edits);
  if (!r.ok()) FAIL(r.error().message);
  return r.ok() ? r.value() : std::string{};
}

std::string render_error(std::string_view original, const std::vector<core::Edit>& edits,
                         const std::vector<LockedPref>& locked = {}) {
  auto r = render_prefs("prefs.js", original, edits, locked);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

// The statement that wins for `name` in `bytes`, as written.
std::string statement_text(const std::string& bytes, const std::string& name) {
  auto t = tokenize_prefs(bytes, "x");
  std::string out;
  for (const auto& s : t->statements) {
    if (s.name == name) out = bytes.substr(s.range.begin, s.range.end - s.range.begin);
  }
  return out;
}

// Checks that `after` equals `before` with exactly `removed` replaced by `added` at one place.
void check_single_change(const std::string& before, const std::string& after, const std::string& removed,
                         const std::string& added) {
  std::size_t prefix = 0;
  while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
    ++suffix;
  }
  std::string was = before.substr(prefix, before.size() - prefix - suffix);
  std::string now = after.substr(prefix, after.size() - prefix - suffix);
  // Common bytes at the edges of the change may be absorbed; compare with them trimmed off the expectation.
  CHECK(after.size() + removed.size() == before.size() + added.size());
  CHECK(removed.find(was) != std::string::npos);
  CHECK(added.find(now) != std::string::npos);
}

}  // namespace

TEST_SUITE("pref_writer") {
  TEST_CASE("strings are escaped exactly as Thunderbird writes them") {
    CHECK(quote_pref_string("a\\b\"c\nd\re\tf\xC3\xA9") == "\"a\\\\b\\\"c\\nd\\re\tf\xC3\xA9\"");
  }

  TEST_CASE("the file's own line ending is detected") {
    CHECK(line_ending_of("a\r\nb") == "\r\n");
    CHECK(line_ending_of("a\nb\r\n") == "\n");
    CHECK(line_ending_of("a\rb") == "\r");
    CHECK(line_ending_of("ab") == "\n");
  }

  TEST_CASE("replacing a value changes only its token") {
    std::string in = "// c\nuser_pref(\"a\", 1);\nuser_pref( 'mail.server.server1.port' ,  143 ) ; // keep\nuser_pref(\"z\", 2);\n";
    std::string out = render_ok(in, {edit("incoming.port", "mail.server.server1.port", std::int64_t{993})});
    CHECK(out == "// c\nuser_pref(\"a\", 1);\nuser_pref( 'mail.server.server1.port' ,  993 ) ; // keep\nuser_pref(\"z\", 2);\n");
  }

  TEST_CASE("each field is encoded for Thunderbird") {
    std::string in =
        "user_pref(\"h\", \"old\");\nuser_pref(\"s\", 0);\nuser_pref(\"t\", 0);\nuser_pref(\"u\", 'x');\nuser_pref(\"w\", 3);\n";
    std::string out = render_ok(in, {edit("incoming.host", "h", std::string("imap.example.com")),
                                     edit("incoming.security", "s", std::string("tls")),
                                     edit("outgoing.security", "t", std::string("starttls")),
                                     edit("incoming.username", "u", std::string("a\"b")),
                                     edit("outgoing.auth", "w", std::string("OAuth2"))});
    CHECK(out ==
          "user_pref(\"h\", \"imap.example.com\");\nuser_pref(\"s\", 3);\nuser_pref(\"t\", 2);\n"
          "user_pref(\"u\", \"a\\\"b\");\nuser_pref(\"w\", 10);\n");
    CHECK(render_ok("user_pref(\"s\", 3);", {edit("incoming.security", "s", std::string("none"))}) == "user_pref(\"s\", 0);");
    for (auto [auth, method] : std::vector<std::pair<std::string, std::string>>{{"none", "1"},
                                                                               {"password-cleartext", "3"},
                                                                               {"password-encrypted", "4"},
                                                                               {"GSSAPI", "5"},
                                                                               {"NTLM", "6"},
                                                                               {"TLS-client-cert", "7"},
                                                                               {"any", "9"}}) {
      CHECK(render_ok("user_pref(\"w\", 0);", {edit("incoming.auth", "w", auth)}) == "user_pref(\"w\", " + method + ");");
    }
  }

  TEST_CASE("only the winning duplicate is replaced") {
    std::string in = "user_pref(\"p\", 1);\nuser_pref(\"p\", 2);\n";
    CHECK(render_ok(in, {edit("incoming.port", "p", std::int64_t{3})}) == "user_pref(\"p\", 1);\nuser_pref(\"p\", 3);\n");
  }

  TEST_CASE("an absent pref is inserted as one line in sorted position with the file's line ending") {
    std::string in = "// header\r\n\r\nuser_pref(\"mail.server.server1.hostname\", \"h\");\r\n"
                     "user_pref(\"mail.server.server1.type\", \"imap\");\r\n";
    CHECK(render_ok(in, {edit("incoming.port", "mail.server.server1.port", std::int64_t{993}, true)}) ==
          "// header\r\n\r\nuser_pref(\"mail.server.server1.hostname\", \"h\");\r\n"
          "user_pref(\"mail.server.server1.port\", 993);\r\n"
          "user_pref(\"mail.server.server1.type\", \"imap\");\r\n");
    // Before everything, and after everything.
    CHECK(render_ok("user_pref(\"b\", 1);\n", {edit("incoming.port", "a", std::int64_t{1}, true)}) ==
          "user_pref(\"a\", 1);\nuser_pref(\"b\", 1);\n");
    CHECK(render_ok("user_pref(\"b\", 1);\n", {edit("incoming.port", "c", std::int64_t{1}, true)}) ==
          "user_pref(\"b\", 1);\nuser_pref(\"c\", 1);\n");
    CHECK(render_ok("user_pref(\"b\", 1); // note", {edit("incoming.port", "c", std::int64_t{1}, true)}) ==
          "user_pref(\"b\", 1); // note\nuser_pref(\"c\", 1);");
    CHECK(render_ok("user_pref(\"b\", 1); /* x */ user_pref(\"d\", 1);\n", {edit("incoming.port", "c", std::int64_t{1}, true)}) ==
          "user_pref(\"b\", 1); /* x */ user_pref(\"c\", 1);\nuser_pref(\"d\", 1);\n");
    CHECK(render_ok("", {edit("incoming.port", "c", std::int64_t{1}, true)}) == "user_pref(\"c\", 1);\n");
    CHECK(render_ok("// only a comment", {edit("incoming.port", "c", std::int64_t{1}, true)}) ==
          "// only a comment\nuser_pref(\"c\", 1);\n");
  }

  TEST_CASE("the legacy isSecure pref is superseded by inserting socketType") {
    std::string in = "user_pref(\"mail.server.server2.isSecure\", true);\nuser_pref(\"mail.server.server2.type\", \"imap\");\n";
    CHECK(render_ok(in, {edit("incoming.security", "mail.server.server2.isSecure", std::string("starttls"))}) ==
          "user_pref(\"mail.server.server2.isSecure\", true);\nuser_pref(\"mail.server.server2.socketType\", 2);\n"
          "user_pref(\"mail.server.server2.type\", \"imap\");\n");
  }

  TEST_CASE("refusals: empty host, wrong kinds, unknown values, server types, policy locks, missing statements") {
    std::string in = "user_pref(\"h\", \"x\");\nuser_pref(\"mail.server.server1.type\", \"imap\");\n";
    CHECK(render_error(in, {edit("incoming.host", "h", std::string(""))}) ==
          "prefs.js: h: refusing to write an empty hostname (Thunderbird would delete the account)");
    CHECK(render_error(in, {edit("incoming.port", "h", std::string("993"))}) ==
          "prefs.js: h: a port must be a number from 1 to 65535");
    CHECK(render_error(in, {edit("incoming.port", "h", std::int64_t{70000})}) ==
          "prefs.js: h: a port must be a number from 1 to 65535");
    CHECK(render_error(in, {edit("incoming.security", "h", std::string("ssl"))}) ==
          "prefs.js: h: unknown security 'ssl' (none, starttls or tls)");
    CHECK(render_error(in, {edit("incoming.auth", "h", std::string("unknown"))}) ==
          "prefs.js: h: unknown authentication 'unknown'");
    CHECK(render_error(in, {edit("incoming.host", "h", std::int64_t{1})}) == "prefs.js: h: a host must be a string");
    CHECK(render_error(in, {edit("incoming.protocol", "h", std::string("imap"))}) ==
          "prefs.js: h: unknown field 'incoming.protocol'");
    CHECK(render_error(in, {edit("incoming.host", "mail.server.server1.type", std::string("owl"))}) ==
          "prefs.js: mail.server.server1.type: refusing to change a server type");
    CHECK(render_error(in, {edit("incoming.host", "h", std::string("a"))}, {{"h", "/etc/thunderbird/policies/policies.json"}}) ==
          "prefs.js: h: locked by the enterprise policy /etc/thunderbird/policies/policies.json; change it there");
    CHECK(render_error(in, {edit("incoming.host", "gone", std::string("a"))}) ==
          "prefs.js: gone: not found in the file (was it changed since it was read?)");
    CHECK(render_error(in, {edit("incoming.host", "h", std::string("a"), false, "user.js")}) ==
          "prefs.js: h: the edit targets user.js, not this file");
    CHECK(render_ok(in, {edit("incoming.host", "h", std::string("a"), false, "./sub/../prefs.js")}) ==
          "user_pref(\"h\", \"a\");\nuser_pref(\"mail.server.server1.type\", \"imap\");\n");
    CHECK(render_ok(in, {edit("incoming.host", "h", std::string("a"), false, (testutil::scratch() / "prefs.js").string())})
              .starts_with("user_pref(\"h\", \"a\");"));
    CHECK(render_error(in, {edit("incoming.host", "h", std::string("a")), edit("incoming.host", "h", std::string("b"))}) ==
          "prefs.js: h: two edits change the same pref");
  }

  TEST_CASE("the adapter refuses to edit a policies.json") {
    ThunderbirdAdapter tb(Options{{}});
    auto r = tb.render("/etc/thunderbird/policies/policies.json", "{}", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          "/etc/thunderbird/policies/policies.json: an enterprise policy; mailmend does not edit policies");
  }

  TEST_CASE("the adapter refuses a pref that a policy file locks") {
    testutil::write_bytes("policies.json",
                          R"({"policies":{"Preferences":{"mail.server.server1.port":{"Value":993,"Status":"locked"}}}})");
    ThunderbirdAdapter tb(Options{{testutil::scratch() / "policies.json"}});
    auto r = tb.render("prefs.js", "user_pref(\"mail.server.server1.port\", 143);",
                       {edit("incoming.port", "mail.server.server1.port", std::int64_t{993})});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "prefs.js: mail.server.server1.port: locked by the enterprise policy " +
                                   (testutil::scratch() / "policies.json").string() + "; change it there");
  }

  TEST_CASE("golden edits on every real sample: one token replaced, or one line inserted in sorted position") {
    REQUIRE_SHARED();
    int files = 0;
    for (const auto& entry : fs::directory_iterator(testutil::shared_dir() / "real-samples" / "thunderbird")) {
      if (entry.path().extension() != ".js") continue;
      CAPTURE(entry.path().filename().string());
      ++files;
      std::string before = testutil::read_bytes(entry.path());
      auto tokens = tokenize_prefs(before, "x");
      REQUIRE(tokens.ok());
      // Replace the value of the last int pref.
      const PrefStatement* target = nullptr;
      for (const auto& s : tokens->statements) {
        if (std::holds_alternative<std::int32_t>(s.value)) target = &s;
      }
      REQUIRE(target);
      std::string old_token = before.substr(target->value_range.begin, target->value_range.end - target->value_range.begin);
      std::string after = render_ok(before, {edit("incoming.port", target->name, std::int64_t{4242})});
      CHECK(after == before.substr(0, target->value_range.begin) + "4242" + before.substr(target->value_range.end));
      check_single_change(before, after, old_token, "4242");
      // Insert a pref that does not exist: it lands right before the first greater name.
      std::string name = "mail.server.server99.port";
      std::string inserted = render_ok(before, {edit("incoming.port", name, std::int64_t{993}, true)});
      std::string line = "user_pref(\"mail.server.server99.port\", 993);" + std::string(line_ending_of(before));
      CHECK(inserted.size() == before.size() + line.size());
      auto pos = inserted.find(line);
      REQUIRE(pos != std::string::npos);
      CHECK(inserted.substr(0, pos) + inserted.substr(pos + line.size()) == before);
      auto t2 = tokenize_prefs(inserted, "x");
      REQUIRE(t2->errors.empty());
      for (std::size_t i = 0; i + 1 < t2->statements.size(); ++i) {
        if (t2->statements[i + 1].name == name) CHECK(t2->statements[i].name < name);
        if (t2->statements[i].name == name) CHECK(t2->statements[i + 1].name > name);
      }
      CHECK(statement_text(inserted, name) == "user_pref(\"mail.server.server99.port\", 993);");
    }
    CHECK(files == 6);
  }

  TEST_CASE("golden edits on every fixture prefs.js keep CRLF and every other byte") {
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(testutil::source_dir() / "fixtures" / "homes")) {
      if (entry.path().filename() != "prefs.js" || entry.path().generic_string().find("/tb-") == std::string::npos)
        continue;
      CAPTURE(entry.path().string());
      ++files;
      std::string before = testutil::read_bytes(entry.path());
      CHECK(render_ok(before, {}) == before);
      std::string after = render_ok(before, {edit("incoming.host", "mail.server.server1.hostname",
                                                   std::string("imap.example.net"), true)});
      auto t = tokenize_prefs(before, "x");
      bool present = false;
      for (const auto& s : t->statements) present = present || s.name == "mail.server.server1.hostname";
      if (present) {
        CHECK(statement_text(after, "mail.server.server1.hostname") ==
              "user_pref(\"mail.server.server1.hostname\", \"imap.example.net\");");
        CHECK(after.size() - before.size() ==
              std::string("\"imap.example.net\"").size() - (statement_text(before, "mail.server.server1.hostname").size() -
                                                             std::string("user_pref(\"mail.server.server1.hostname\", );").size()));
      } else {
        std::string line = "user_pref(\"mail.server.server1.hostname\", \"imap.example.net\");" +
                           std::string(line_ending_of(before));
        auto pos = after.find(line);
        REQUIRE(pos != std::string::npos);
        CHECK(after.substr(0, pos) + after.substr(pos + line.size()) == before);
      }
    }
    CHECK(files == 10);  // with tb-china-wei (tests/rules/test_rules_china.cpp)
  }
}
