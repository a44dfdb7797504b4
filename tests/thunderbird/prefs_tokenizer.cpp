#include "adapters/thunderbird/prefs_tokenizer.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace adapters::thunderbird;

namespace {

PrefTokens tok(std::string_view text, PrefFileKind kind = PrefFileKind::User) {
  auto r = tokenize_prefs(text, "prefs.js", kind);
  REQUIRE(r.ok());
  return r.value();
}

// "line: reason" for every error, joined by "|".
std::string errors(const PrefTokens& t) {
  std::string out;
  for (const auto& e : t.errors) {
    if (!out.empty()) out += "|";
    out += std::to_string(e.line) + ": " + e.reason;
  }
  return out;
}

std::string str(const PrefStatement& s) { return std::get<std::string>(s.value); }
std::int32_t num(const PrefStatement& s) { return std::get<std::int32_t>(s.value); }

}  // namespace

TEST_SUITE("prefs_tokenizer") {
  TEST_CASE("a plain statement keeps its name, value and exact byte ranges") {
    std::string text = "user_pref(\"mail.server.server1.port\", 993);\n";
    auto t = tok(text);
    REQUIRE(t.statements.size() == 1);
    const auto& s = t.statements[0];
    CHECK(s.name == "mail.server.server1.port");
    CHECK(num(s) == 993);
    CHECK(s.line == 1);
    CHECK(s.range == ByteRange{0, text.size() - 1});
    CHECK(text.substr(s.value_range.begin, s.value_range.end - s.value_range.begin) == "993");
    CHECK(errors(t).empty());
  }

  TEST_CASE("all three comment styles are skipped anywhere between tokens") {
    auto t = tok("# hash\n// slash\n/* block\n over lines */ user_pref( /* in */ \"a\" // x\n , # y\n 1 /**/ ) ;");
    REQUIRE(t.statements.size() == 1);
    CHECK(t.statements[0].name == "a");
    CHECK(t.statements[0].line == 4);
    CHECK(t.statements[0].value_line == 6);
    CHECK(errors(t).empty());
  }

  TEST_CASE("several statements per line and one statement across lines") {
    auto t = tok("user_pref(\"a\", 1); user_pref(\"b\", 2);\nuser_pref(\n  \"c\",\n  \"v\"\n);\n");
    REQUIRE(t.statements.size() == 3);
    CHECK(t.statements[1].name == "b");
    CHECK(t.statements[1].line == 1);
    CHECK(t.statements[2].line == 2);
    CHECK(t.statements[2].value_line == 4);
    CHECK(str(t.statements[2]) == "v");
  }

  TEST_CASE("both quote styles and the other quote inside") {
    auto t = tok("user_pref('a\"b', 'it''s');user_pref(\"c'd\", \"x\");");
    // 'it''s' is two string tokens: an error, the rest survives.
    CHECK(errors(t) == "1: expected ')' after pref value");
    REQUIRE(t.statements.size() == 1);
    CHECK(t.statements[0].name == "c'd");
    auto u = tok("user_pref('a\"b', 'x');");
    REQUIRE(u.statements.size() == 1);
    CHECK(u.statements[0].name == "a\"b");
  }

  TEST_CASE("every accepted escape decodes to the right bytes") {
    auto t = tok(R"(user_pref("e", "\\ \" \' \n \r \x41 \u00e9 \ud83d\ude00");)");
    REQUIRE(t.statements.size() == 1);
    CHECK(str(t.statements[0]) == "\\ \" ' \n \r A \xC3\xA9 \xF0\x9F\x98\x80");
    CHECK(errors(t).empty());
  }

  TEST_CASE("each escape error has libpref's reason and skips only its statement") {
    struct Case {
      const char* value;
      const char* reason;
    };
    for (auto c : {Case{R"("\x00")", "\\x00 is not allowed"}, Case{R"("\u0000")", "\\u0000 is not allowed"},
                   Case{R"("\xZ1")", "malformed \\x escape sequence"}, Case{R"("\u12G4")", "malformed \\u escape sequence"},
                   Case{R"("\t")", "unexpected escape sequence character after '\\'"},
                   Case{R"("\ud800")", "expected low surrogate after high surrogate"},
                   Case{R"("\ud800\u0041")", "invalid low surrogate after high surrogate"},
                   Case{R"("\udc00")", "expected high surrogate before low surrogate"}}) {
      CAPTURE(c.value);
      auto t = tok(std::string("user_pref(\"ok1\", 1);\nuser_pref(\"bad\", ") + c.value + ");\nuser_pref(\"ok2\", 2);");
      CHECK(errors(t) == std::string("2: ") + c.reason);
      REQUIRE(t.statements.size() == 2);
      CHECK(t.statements[1].name == "ok2");
    }
  }

  TEST_CASE("an error inside a multi-line string is reported on its own line") {
    auto t = tok("user_pref(\"a\", \"x\\q\ny\nz\");\nuser_pref(\"b\", 1);");
    CHECK(errors(t) == "1: unexpected escape sequence character after '\\'");
    REQUIRE(t.statements.size() == 1);
    CHECK(t.statements[0].line == 4);
  }

  TEST_CASE("raw newlines inside strings are kept, CRLF as CRLF, and counted as lines") {
    auto t = tok("user_pref(\"a\", \"1\r\n2\n3\r4\");\r\nuser_pref(\"b\", 1);");
    REQUIRE(t.statements.size() == 2);
    CHECK(str(t.statements[0]) == "1\r\n2\n3\r4");
    CHECK(t.statements[1].line == 5);
  }

  TEST_CASE("signed 32-bit integers, with overflow as an error") {
    auto t = tok(
        "user_pref(\"max\", 2147483647);\nuser_pref(\"min\", -2147483648);\nuser_pref(\"plus\", +5);\n"
        "user_pref(\"over\", 2147483648);\nuser_pref(\"under\", -2147483649);\nuser_pref(\"huge\", 99999999999);\n"
        "user_pref(\"spaced\", - /* c */ 7);\nuser_pref(\"letters\", 12ab);\nuser_pref(\"minus\", -\"x\");\n"
        "user_pref(\"plusq\", +\"1\");\n");
    CHECK(errors(t) ==
          "4: integer literal overflowed|5: integer literal overflowed|6: integer literal overflowed|"
          "8: unexpected character in integer literal|9: expected integer literal after '-'|"
          "10: expected integer literal after '+'");
    REQUIRE(t.statements.size() == 4);
    CHECK(num(t.statements[0]) == 2147483647);
    CHECK(num(t.statements[1]) == -2147483647 - 1);
    CHECK(num(t.statements[2]) == 5);
    CHECK(num(t.statements[3]) == -7);
    std::string text = "user_pref(\"spaced\", - /* c */ 7);";
    auto s = tok(text).statements[0];
    CHECK(text.substr(s.value_range.begin, s.value_range.end - s.value_range.begin) == "- /* c */ 7");
  }

  TEST_CASE("true and false only in lower case") {
    auto t = tok("user_pref(\"a\", true);user_pref(\"b\", false);\nuser_pref(\"c\", True);");
    REQUIRE(t.statements.size() == 2);
    CHECK(std::get<bool>(t.statements[0].value) == true);
    CHECK(std::get<bool>(t.statements[1].value) == false);
    CHECK(errors(t) == "2: unknown keyword");
  }

  TEST_CASE("a NUL byte at a token start ends the file") {
    std::string text = "user_pref(\"a\", 1);\n";
    text += '\0';
    text += "user_pref(\"b\", 2);";
    auto t = tok(text);
    REQUIRE(t.statements.size() == 1);
    CHECK(errors(t).empty());
  }

  TEST_CASE("a leading UTF-8 BOM is skipped and ranges still index the original bytes") {
    std::string text = "\xEF\xBB\xBFuser_pref(\"a\", \"v\");";
    auto t = tok(text);
    REQUIRE(t.statements.size() == 1);
    CHECK(t.statements[0].range.begin == 3);
    CHECK(text.substr(t.statements[0].value_range.begin, 3) == "\"v\"");
    CHECK(errors(tok("x\xEF\xBB\xBFuser_pref(\"a\", 1);")) == "1: unknown keyword");
  }

  TEST_CASE("user files accept only user_pref, default files also pref and sticky_pref with attributes") {
    std::string text = "pref(\"a\", 1);\nsticky_pref(\"b\", 2);\npref(\"c\", 3, locked);\nuser_pref(\"d\", 4);\n";
    auto user = tok(text);
    CHECK(errors(user) ==
          "1: expected 'user_pref' at start of pref definition|2: expected 'user_pref' at start of pref definition|"
          "3: expected 'user_pref' at start of pref definition");
    REQUIRE(user.statements.size() == 1);
    auto def = tok(text + "pref(\"e\", 5, sticky, locked);\npref(\"f\", 6, true);\npref(\"g\", 7, locked 8);\n",
                   PrefFileKind::Default);
    CHECK(errors(def) == "6: expected pref attribute after ','|7: expected ',' or ')' after pref attribute");
    REQUIRE(def.statements.size() == 5);
    CHECK(def.statements[0].spec == PrefSpec::Pref);
    CHECK(def.statements[1].sticky);
    CHECK(def.statements[2].locked);
    CHECK((def.statements[4].sticky && def.statements[4].locked));
    CHECK(errors(tok("user_pref(\"a\", 1, locked);")) == "1: expected ')' after pref value");
    CHECK(errors(tok("pref(\"a\", 1 2);", PrefFileKind::Default)) == "1: expected ',' or ')' after pref value");
  }

  TEST_CASE("every parse error class, with the line of the offending token") {
    auto t = tok(
        "user_pref \"a\", 1);\n"            // 1
        "user_pref(1, 1);\n"                // 2
        "user_pref(\"a\" 1);\n"             // 3
        "user_pref(\"a\", );\n"             // 4
        "user_pref(\"a\", 1;\n"             // 5
        "user_pref(\"a\", 1)\n"             // 6: the error shows at the next token
        "user_pref(\"swallowed\", 1);\n"    // 7
        "user_perf(\"a\", 1);\n"            // 8
        "user_pref(\"a\", @);\n"            // 9
        "user_pref(\"a\", 1); / ;\n"        // 10
        "user_pref(\"ok\", 1);\n");
    CHECK(errors(t) ==
          "1: expected '(' after pref specifier|2: expected pref name after '('|3: expected ',' after pref name|"
          "4: expected pref value after ','|5: expected ')' after pref value|7: expected ';' after ')'|"
          "8: unknown keyword|9: unexpected character|10: expected '/' or '*' after '/'");
    // Line 6's missing ';' swallowed line 7 up to its ';'. Lines 10 and 11 survive.
    REQUIRE(t.statements.size() == 2);
    CHECK(t.statements[0].line == 10);
    CHECK(t.statements[1].name == "ok");
  }

  TEST_CASE("an unterminated string or comment is reported where the input ends") {
    CHECK(errors(tok("user_pref(\"a\", 1);\nuser_pref(\"b\", \"never closed\n\n")) == "4: unterminated string literal");
    CHECK(errors(tok("user_pref(\"a\", 1);\n/* never closed\nuser_pref(\"b\", 2);\n")) == "4: unterminated /* comment");
    auto t = tok("user_pref(\"a\", 1);\nuser_pref(\"b\", 2");
    CHECK(errors(t) == "2: expected ')' after pref value");
    CHECK(t.statements.size() == 1);
  }

  TEST_CASE("CR, LF and CRLF each count as one line") {
    auto t = tok("\r\n\r\n\n\r@");
    CHECK(errors(t) == "5: unexpected character");
  }

  TEST_CASE("duplicates are all kept in file order") {
    auto t = tok("user_pref(\"a\", 1);\nuser_pref(\"a\", 2);\n");
    REQUIRE(t.statements.size() == 2);
    CHECK(num(t.statements[1]) == 2);
  }

  TEST_CASE("input over 64 MB is refused with a clear error") {
    std::string big(kMaxPrefsBytes + 1, ' ');
    auto r = tokenize_prefs(big, "/p/prefs.js");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "/p/prefs.js: larger than 64 MB (67108865 bytes), refused");
  }
}

#include <random>

TEST_SUITE("prefs_tokenizer") {
  // The canonical fast path must give exactly what the general path gives. "user_pref (" (with a space)
  // never takes the fast path, so the two spellings of the same random file must tokenize alike.
  TEST_CASE("the fast path for Thunderbird's own form agrees with the general path on random files") {
    std::mt19937 rng(20261127);
    const std::vector<std::string> names{"a", "mail.server.server1.port", "x'y", "q\\\"q", "n\\x41", "", "\\t"};
    const std::vector<std::string> values{"0",          "-0",        "993",         "-2147483648", "2147483647",
                                          "2147483648", "-2147483649", "99999999999", "+5",          "- 5",
                                          "12ab",       "true",      "false",       "truex",       "True",
                                          "\"\"",       "\"v\"",     "\"a\\nb\"",   "'s'",         "\"line\nbreak\"",
                                          "\"\\u00e9\"", "\"\\x00\"", "\"unterminated"};
    const std::vector<std::string> glue{"\n",        "\r\n",  "\r",          " ",        "",         "\n// c\n",
                                        "/* b\n */", "# h\n",  ";",           "\n\n",     " // c\n",  "#x\r\n",
                                        "//\r",      "# a // b\n", std::string("//\0z\n", 5), "/", "//", "#"};
    for (int round = 0; round < 300; ++round) {
      std::string text;
      int n = 1 + static_cast<int>(rng() % 12);
      for (int i = 0; i < n; ++i) {
        text += "user_pref(\"" + names[rng() % names.size()] + "\", " + values[rng() % values.size()] +
                (rng() % 10 == 0 ? ")" : ");");
        text += glue[rng() % glue.size()];
      }
      std::string slow = text;
      for (auto p = slow.find("user_pref("); p != std::string::npos; p = slow.find("user_pref(", p + 11)) {
        slow.replace(p, 10, "user_pref (");
      }
      CAPTURE(text);
      auto a = tok(text);
      auto b = tok(slow);
      CHECK(errors(a) == errors(b));
      REQUIRE(a.statements.size() == b.statements.size());
      for (std::size_t i = 0; i < a.statements.size(); ++i) {
        const auto& x = a.statements[i];
        const auto& y = b.statements[i];
        CHECK(x.name == y.name);
        CHECK(x.value == y.value);
        CHECK(x.line == y.line);
        CHECK(x.value_line == y.value_line);
        CHECK(text.substr(x.value_range.begin, x.value_range.end - x.value_range.begin) ==
              slow.substr(y.value_range.begin, y.value_range.end - y.value_range.begin));
        CHECK(text.substr(x.range.begin, x.range.end - x.range.begin).substr(10) ==
              slow.substr(y.range.begin, y.range.end - y.range.begin).substr(11));
      }
    }
  }
}
