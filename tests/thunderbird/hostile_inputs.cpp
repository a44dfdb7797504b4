// Hostile inputs: truncated, binary, huge, unterminated, a million statements. Clear errors, no crash, no hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "adapters/thunderbird/adapter.hpp"
#include "adapters/thunderbird/prefs_tokenizer.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;

namespace {

PrefTokens hostile_tokens(std::string_view text) {
  auto r = tokenize_prefs(text, "prefs.js");
  REQUIRE(r.ok());
  return r.value();
}

constexpr std::size_t k50MB = 50u * 1024u * 1024u;

}  // namespace

TEST_SUITE("hostile_inputs") {
  TEST_CASE("every truncation of a real-looking prefs.js tokenizes, losing at most the cut statement") {
    std::string full = testutil::read_bytes(testutil::source_dir() /
                                            "fixtures/homes/tb-linux-alice/.thunderbird/w0rk5678.work/prefs.js");
    std::size_t total = hostile_tokens(full).statements.size();
    std::size_t previous = 0;
    for (std::size_t cut = 0; cut <= full.size(); ++cut) {
      auto t = hostile_tokens(std::string_view(full).substr(0, cut));
      CHECK(t.statements.size() >= previous);
      CHECK(t.errors.size() <= 1);
      previous = t.statements.size();
    }
    CHECK(previous == total);
  }

  TEST_CASE("random binary bytes give errors and end") {
    std::mt19937 rng(12345);
    std::string junk(1 << 20, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() % 255 + 1);  // no NUL, so all of it is read
    auto t = hostile_tokens(junk);
    CHECK(t.errors.size() > 100);
  }

  TEST_CASE("a 50 MB single-line string value is read in one piece") {
    std::string text = "user_pref(\"big\", \"" + std::string(k50MB, 'x') + "\");";
    auto t = hostile_tokens(text);
    REQUIRE(t.statements.size() == 1);
    CHECK(std::get<std::string>(t.statements[0].value).size() == k50MB);
    CHECK(t.errors.empty());
  }

  TEST_CASE("a 50 MB single line of one keyword, of one comment, and of digits") {
    CHECK(hostile_tokens(std::string(k50MB, 'a')).errors.size() == 1);
    CHECK(hostile_tokens("// " + std::string(k50MB, 'c')).errors.empty());
    auto digits = hostile_tokens("user_pref(\"n\", " + std::string(k50MB, '9') + ");");
    REQUIRE(digits.errors.size() == 1);
    CHECK(digits.errors[0].reason == "integer literal overflowed");
  }

  TEST_CASE("unterminated comment and string over 10 MB of lines report the last line") {
    std::string lines;
    for (int i = 0; i < 1000000; ++i) lines += "0123456789\n";
    auto c = hostile_tokens("user_pref(\"a\", 1);\n/*" + lines);
    REQUIRE(c.errors.size() == 1);
    CHECK(c.errors[0].line == 1000002);
    CHECK(c.errors[0].reason == "unterminated /* comment");
    auto s = hostile_tokens("user_pref(\"a\", \"" + lines);
    REQUIRE(s.errors.size() == 1);
    CHECK(s.errors[0].line == 1000001);
    CHECK(s.errors[0].reason == "unterminated string literal");
  }

  TEST_CASE("a million tiny statements") {
    std::string text;
    text.reserve(20'000'000);
    for (int i = 0; i < 1000000; ++i) text += "user_pref(\"p" + std::to_string(i) + "\",1);";
    auto t = hostile_tokens(text);
    CHECK(t.statements.size() == 1000000);
    CHECK(t.errors.empty());
    CHECK(t.statements.back().name == "p999999");
  }

  TEST_CASE("a million duplicates and a binary prefs.js read through the adapter list at most 21 findings each") {
    std::string text;
    for (int i = 0; i < 1000000; ++i) text += "user_pref(\"p\",1);\n";
    testutil::write_bytes("dup/prefs.js", text);
    auto out = ThunderbirdAdapter(Options{{}}).read("dup");
    std::size_t dups = 0;
    for (const auto& f : out.findings) dups += f.rule == "thunderbird-pref-duplicate" ? 1 : 0;
    CHECK(dups == 21);
    CHECK(out.findings.back().rule == "thunderbird-no-accounts");
    bool summary = false;
    for (const auto& f : out.findings) {
      summary = summary || f.message == testutil::native("dup/prefs.js") +
                                            ": 999979 more duplicate prefs not listed (999999 in all)";
    }
    CHECK(summary);

    std::mt19937 rng(7);
    std::string junk(1 << 20, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() % 255 + 1);
    testutil::write_bytes("bin/prefs.js", junk);
    auto bin = ThunderbirdAdapter(Options{{}}).read("bin");
    std::size_t syntax = 0;
    for (const auto& f : bin.findings) syntax += f.rule == "thunderbird-pref-syntax" ? 1 : 0;
    CHECK(syntax == 21);
    CHECK(bin.sources.at(0).status == core::SourceStatus::Damaged);  // binary noise ends inside a statement
  }

  TEST_CASE("a prefs.js over 64 MB is an error source with a clear message") {
    {
      std::FILE* f = std::fopen("prefs.js", "wb");
      REQUIRE(f);
      std::fseek(f, 64L * 1024 * 1024 + 10, SEEK_SET);
      std::fputc(';', f);
      std::fclose(f);
    }
    auto out = ThunderbirdAdapter(Options{{}}).read("prefs.js");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == testutil::native("./prefs.js") + ": larger than 64 MB, refused");
    CHECK(out.accounts.empty());
  }

  TEST_CASE("a prefs.js that is a folder or unreadable is an error source, not a crash") {
    fs::create_directories("p/prefs.js/x");
    auto out = ThunderbirdAdapter(Options{{}}).read("p");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Skipped);
    CHECK(out.sources[0].message == "no profiles.ini here (not a Thunderbird folder)");
    auto direct = ThunderbirdAdapter(Options{{}}).read("p/prefs.js");
    REQUIRE(direct.sources.size() == 1);
    CHECK(direct.sources[0].status == core::SourceStatus::Skipped);
  }
}

#include "adapters/thunderbird/pref_writer.hpp"

TEST_SUITE("hostile_inputs") {
  TEST_CASE("randomly mutated prefs.js files: the tokenizer and the writer never crash, and an edit keeps it parseable") {
    std::string base = testutil::read_bytes(testutil::source_dir() /
                                            "fixtures/homes/tb-linux-alice/.thunderbird/a1b2c3d4.default-release/prefs.js");
    std::mt19937 rng(99);
    const std::string alphabet = std::string("\"'\\/*#;(),-+\r\n\t 0123456789aeflnrstux") + '\0' + "\xEF\xBB\xBF";
    int rendered = 0;
    for (int round = 0; round < 400; ++round) {
      std::string text = base;
      int mutations = 1 + static_cast<int>(rng() % 6);
      for (int m = 0; m < mutations; ++m) {
        std::size_t at = rng() % text.size();
        switch (rng() % 3) {
          case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
          case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
          default: text.erase(at, 1 + rng() % 8); break;
        }
      }
      auto before = hostile_tokens(text);
      core::Edit e;
      e.field = "incoming.port";
      e.target = {"prefs.js", "mail.server.server3.port", 0, false};
      e.value = std::int64_t{993};
      auto r = render_prefs("prefs.js", text, {e});
      if (!r.ok()) continue;
      ++rendered;
      auto after = hostile_tokens(*r);
      CHECK(after.errors.size() == before.errors.size());
      CHECK(after.statements.size() == before.statements.size());
    }
    CHECK(rendered > 100);
  }
}
