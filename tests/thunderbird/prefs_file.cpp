// Reading prefs files in windows (prefs_file) and in two passes (prefs_loader): whatever the window, the
// statements, errors, lines and byte ranges are exactly those of the tokenizer over the whole bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "adapters/thunderbird/prefs_file.hpp"
#include "adapters/thunderbird/prefs_loader.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;

namespace {

// One line per statement or error, with everything the tokenizer says of it.
struct Transcript : PrefSink {
  std::vector<std::string> lines;
  std::vector<std::string> statements;  // the statements' lines alone
  std::vector<std::size_t> begins;      // and where each begins
  std::vector<std::pair<std::size_t, int>> resume_points;
  void resume_point(std::size_t offset, int line) override { resume_points.emplace_back(offset, line); }
  void statement(const PrefStatementView& v) override {
    std::string value = std::visit(
        [](const auto& x) -> std::string {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string_view>) return "s:" + std::string(x);
          else return "n:" + std::to_string(static_cast<long long>(x));
        },
        v.value);
    lines.push_back("S " + std::string(v.name) + "=" + value + " @" + std::to_string(v.line) + "/" +
                    std::to_string(v.value_line) + " [" + std::to_string(v.range.begin) + "," +
                    std::to_string(v.range.end) + ") [" + std::to_string(v.value_range.begin) + "," +
                    std::to_string(v.value_range.end) + ")");
    statements.push_back(lines.back());
    begins.push_back(v.range.begin);
  }
  void error(const PrefError& e) override {
    lines.push_back("E " + std::to_string(e.line) + " " + e.reason + (e.at_end ? " (at end)" : ""));
  }
};

std::vector<std::string> whole(std::string_view bytes) {
  Transcript t;
  auto nul = bytes.find('\0');
  REQUIRE(tokenize_prefs(bytes.substr(0, nul == std::string_view::npos ? bytes.size() : nul + 1), "p", t).ok());
  return t.lines;
}

std::vector<std::string> windowed(const fs::path& file, std::size_t window) {
  Transcript t;
  auto facts = stream_prefs_file(file, t, window);
  REQUIRE(facts.ok());
  return t.lines;
}

const char* kTricky =
    "\xEF\xBB\xBF// Mozilla User Preferences\r\n\r\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\r\n"
    "user_pref(\"a;b\", \"semi;colon \\\" quote\");  /* a comment; with ; inside\n spanning lines */\n"
    "user_pref(\"multi\", \"line one\nline two\");\n"
    "# hash comment ; \n"
    "user_pref(\"bad\" 1);\n"
    "user_pref(\"neg\", -42); user_pref(\"pos\", +7);user_pref(\"t\", true);\n"
    "user_pref(\"mail.server.server1.port\", 99999999999);\n"
    "sticky_pref(\"x\", 1);\n"
    "user_pref(\"esc\\u00e9\", \"\\x41\");\n"
    "user_pref(\"mail.server.server1.port\", 993);\n"
    "user_pref(\"cut\", \"unterminated";

}  // namespace

TEST_SUITE("prefs_file") {
  TEST_CASE("every window size gives the tokenizer's own statements, errors, lines and byte ranges") {
    const std::vector<std::string> samples{
        kTricky,
        std::string(kTricky) + "\");\nuser_pref(\"after\", 1);\n",
        "user_pref(\"a\", 1);\n/* unended comment ; user_pref(\"b\", 2);",
        std::string("user_pref(\"a\", 1);\nuser_pref(\"b\", 2);\0user_pref(\"c\", 3);\n", 57),
        testutil::read_bytes(testutil::source_dir() / "fixtures/homes/tb-linux-alice/.thunderbird/w0rk5678.work/prefs.js"),
    };
    int n = 0;
    for (const auto& bytes : samples) {
      const fs::path file = "p" + std::to_string(n++) + ".js";
      testutil::write_bytes(file, bytes);
      const auto expected = whole(bytes);
      REQUIRE(!expected.empty());
      for (std::size_t window : {1u, 2u, 7u, 16u, 64u, 333u, 4096u, 1u << 20}) {
        INFO("sample " << n - 1 << ", window " << window);
        CHECK(windowed(file, window) == expected);
      }
    }
  }

  TEST_CASE("a file read in one window comes back whole, and its kept bytes stream exactly as the file did") {
    const std::vector<std::string> samples{
        kTricky,
        std::string(kTricky) + "\");\nuser_pref(\"after\", 1);\n",
        std::string("user_pref(\"a\", 1);\nuser_pref(\"b\", 2);\0user_pref(\"c\", 3);\n", 57),
        testutil::read_bytes(testutil::source_dir() / "fixtures/homes/tb-linux-alice/.thunderbird/w0rk5678.work/prefs.js"),
        "",
    };
    int n = 0;
    for (const auto& bytes : samples) {
      INFO("sample " << n);
      const fs::path file = "k" + std::to_string(n++) + ".js";
      testutil::write_bytes(file, bytes);
      Transcript from_file, from_kept;
      auto facts = stream_prefs_file(file, from_file);
      REQUIRE(facts.ok());
      REQUIRE(facts->whole);
      const auto nul = bytes.find('\0');
      CHECK(*facts->whole == bytes.substr(0, nul == std::string::npos ? bytes.size() : nul + 1));
      stream_kept_prefs(*facts->whole, from_kept);
      CHECK(from_kept.lines == from_file.lines);
      CHECK(from_kept.resume_points == from_file.resume_points);
      // Read in small windows, the start is left behind: nothing comes back whole.
      if (bytes.size() > 64) {
        Transcript t;
        CHECK_FALSE(stream_prefs_file(file, t, 16)->whole);
      }
    }
    // A file over the kept size is read again by pass 2, never kept.
    std::string large;
    while (large.size() <= kPrefsKeptWholeBytes) large += "user_pref(\"x" + std::to_string(large.size()) + "\", 1);\n";
    testutil::write_bytes("large.js", large);
    Transcript t;
    auto facts = stream_prefs_file("large.js", t);
    REQUIRE(facts.ok());
    CHECK(facts->size == large.size());
    CHECK_FALSE(facts->whole);
  }

  TEST_CASE("the facts the damage checks need: size up to the NUL, blank, head") {
    testutil::write_bytes("z.js", std::string(" \n\t\0user_pref(\"a\", 1);", 22));
    Transcript t;
    auto facts = stream_prefs_file("z.js", t, 2);
    REQUIRE(facts.ok());
    CHECK(facts->size == 4);
    CHECK(facts->ends_at_nul);
    CHECK(facts->blank);
    CHECK(facts->head == std::string(" \n\t\0", 4));
    CHECK(t.lines.empty());
  }

  TEST_CASE("a file over 64 MB is refused with one line naming it") {
    std::string big(kMaxPrefsBytes + 1, ' ');
    testutil::write_bytes("big.js", big);
    Transcript t;
    auto facts = stream_prefs_file("big.js", t);
    REQUIRE_FALSE(facts.ok());
    CHECK(facts.error().message == fs::path("big.js").string() + ": larger than 64 MB, refused");
  }

  TEST_CASE("the loader keeps the prefs of the servers, identities and outgoing servers the accounts name") {
    testutil::write_bytes("prefs.js",
                          "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                          "user_pref(\"mail.account.account1.identities\", \"id1, id2\");\n"
                          "user_pref(\"mail.identity.id2.smtpServer\", \"smtp.9\");\n"
                          "user_pref(\"mail.server.server1.hostname\", \"a\");\n"
                          "user_pref(\"mail.server.server2.hostname\", \"b\");\n"
                          "user_pref(\"mail.server.server10.hostname\", \"c\");\n"
                          "user_pref(\"mail.identity.id2.useremail\", \"d\");\n"
                          "user_pref(\"mail.identity.id3.useremail\", \"e\");\n"
                          "user_pref(\"mail.smtpserver.smtp.9.hostname\", \"f\");\n"
                          "user_pref(\"mail.smtpserver.smtp.hostname\", \"g\");\n"
                          "user_pref(\"browser.x\", 1);\n"
                          "user_pref(\"browser.x\", 2);\n"
                          "user_pref(\"mail.server.server2.hostname\", \"b2\");\n");
    PrefKeys keys;
    auto scan = scan_prefs_file("prefs.js", keys);
    REQUIRE(scan.ok());
    CHECK(scan->statements == 13);
    PrefStore store;
    auto load = load_prefs_file("prefs.js", PrefLayer::PrefsJs, *scan, keys, store);
    REQUIRE(load.ok());
    for (const char* kept : {"mail.account.account1.server", "mail.account.account1.identities",
                             "mail.identity.id2.smtpServer", "mail.server.server1.hostname",
                             "mail.identity.id2.useremail", "mail.smtpserver.smtp.9.hostname"}) {
      CHECK_MESSAGE(store.find(kept) != nullptr, kept);
    }
    for (const char* dropped : {"mail.server.server2.hostname", "mail.server.server10.hostname",
                                "mail.identity.id3.useremail", "mail.smtpserver.smtp.hostname", "browser.x"}) {
      CHECK_MESSAGE(store.find(dropped) == nullptr, dropped);
    }
    CHECK(store.size() == 6);
    CHECK(store.find("mail.server.server1.hostname")->line == 4);
    CHECK(store.find("mail.server.server1.hostname")->value_range == ByteRange{208, 211});
    // Duplicates among every name, kept or not, in file order.
    REQUIRE(load->duplicate_count == 2);
    CHECK(load->duplicates[0].name == "browser.x");
    CHECK(load->duplicates[0].first_line == 11);
    CHECK(load->duplicates[0].line == 12);
    CHECK(load->duplicates[1].name == "mail.server.server2.hostname");
    CHECK(load->duplicates[1].first_line == 5);
    CHECK(load->duplicates[1].line == 13);
  }

  TEST_CASE("pass 1 finds exactly the repeated names among 100,000 (the hashes sorted in buckets)") {
    std::string bytes;
    std::vector<std::string> names;
    for (int n = 0; n < 100000; ++n) names.push_back("extensions.pad" + std::to_string(n) + ".enabled");
    const std::vector<int> repeated{7, 54321, 99999};
    for (const auto& name : names) bytes += "user_pref(\"" + name + "\", true);\n";
    for (int r : repeated) bytes += "user_pref(\"" + names[static_cast<std::size_t>(r)] + "\", false);\n";
    bytes += "user_pref(\"" + names[7] + "\", true);\n";  // a third time: still one repeated name
    testutil::write_bytes("many.js", bytes);
    PrefKeys keys;
    auto scan = scan_prefs_file("many.js", keys);
    REQUIRE(scan.ok());
    CHECK(scan->statements == 100004);
    CHECK(scan->repeated.size() == 3);
    CHECK(std::is_sorted(scan->repeated.begin(), scan->repeated.end()));
    PrefStore store;
    auto load = load_prefs_file("many.js", PrefLayer::PrefsJs, *scan, keys, store);
    REQUIRE(load.ok());
    REQUIRE(load->duplicate_count == 4);
    const std::vector<std::pair<int, int>> lines{{8, 100001}, {54322, 100002}, {100000, 100003}, {100001, 100004}};
    for (std::size_t i = 0; i < lines.size(); ++i) {
      INFO(i);
      CHECK(load->duplicates[i].first_line == lines[i].first);
      CHECK(load->duplicates[i].line == lines[i].second);
    }
    CHECK(load->duplicates[3].name == names[7]);
  }

  TEST_CASE("spans give exactly the statements the whole file gives between their bounds") {
    std::string bytes;  // ~300 KB of the tricky sample (comments, a string over lines, errors), closed
    while (bytes.size() < 300 * 1024) bytes += std::string(kTricky) + "\");\n";
    testutil::write_bytes("spans.js", bytes);
    Transcript all;
    REQUIRE(stream_prefs_file("spans.js", all).ok());
    const auto& points = all.resume_points;
    REQUIRE(points.size() > 1000);
    const std::vector<PrefSpan> spans{{points[10].first, points[10].second, points[200].first},
                                      {points[400].first, points[400].second, points[401].first},
                                      {points[900].first, points[900].second}};
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < all.statements.size(); ++i) {
      for (const auto& span : spans) {
        if (all.begins[i] >= span.begin && all.begins[i] < span.end) expected.push_back(all.statements[i]);
      }
    }
    REQUIRE(expected.size() > 100);
    for (std::size_t window : {333u, 4096u, 1u << 20}) {
      INFO("window " << window);
      Transcript part;
      REQUIRE(stream_prefs_spans("spans.js", part, spans, window).ok());
      CHECK(part.statements == expected);
    }
  }

  TEST_CASE("pass 2 of a large file reads only the segments it needs and keeps what a whole read keeps") {
    std::string bytes =
        "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
        "user_pref(\"mail.account.account1.server\", \"server1\");\n"
        "user_pref(\"mail.account.account2.server\", \"server7\");\n"
        "user_pref(\"mail.account.account1.identities\", \"id1\");\n";
    const std::vector<std::pair<int, std::string>> placed{
        {5000, "user_pref(\"mail.server.server7.hostname\", \"imap.seven.example\");"},
        {8000, "user_pref(\"mail.server.server99.hostname\", \"unnamed.example\");"},
        {12000, "user_pref(\"mail.server.server1.port\", 993);"},
        {15000, "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");"},
        {19000, "user_pref(\"mail.identity.id1.useremail\", \"ann@example.org\");"},
        {19999, "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.org\");"}};
    std::size_t next = 0;
    for (int n = 0; n < 20000; ++n) {
      if (next < placed.size() && placed[next].first == n) bytes += placed[next++].second + "\n";
      bytes += "user_pref(\"browser.filler." + std::to_string(n) + "\", \"xxxxxxxxxxxxxxxxxxxxxxxx\"); // c\n";
    }
    testutil::write_bytes("big.js", bytes);
    testutil::write_bytes("big-dup.js", bytes + "user_pref(\"browser.filler.1\", \"again\");\n");  // read whole
    auto load = [](const char* file, std::optional<std::vector<PrefSpan>>& spans) {
      PrefKeys keys;
      auto scan = scan_prefs_file(file, keys);
      REQUIRE(scan.ok());
      spans = spans_to_load(*scan, keys);
      PrefStore store;
      REQUIRE(load_prefs_file(file, PrefLayer::PrefsJs, *scan, keys, store).ok());
      return store;
    };
    std::optional<std::vector<PrefSpan>> targeted, whole_file;
    const PrefStore part = load("big.js", targeted);
    const PrefStore all = load("big-dup.js", whole_file);
    CHECK_FALSE(whole_file.has_value());
    REQUIRE(targeted.has_value());
    std::size_t read = 0;
    for (const auto& span : *targeted) read += std::min(span.end, bytes.size()) - span.begin;
    // About six of the file's twenty 64 KB segments: the first, and those with a named server's,
    // identity's or outgoing server's prefs (server99 is named by no account).
    CHECK(read < bytes.size() / 3);
    CHECK(targeted->size() >= 4);
    for (const char* name : {"mail.accountmanager.accounts", "mail.account.account1.server", "mail.account.account2.server",
                             "mail.account.account1.identities", "mail.server.server7.hostname", "mail.server.server1.port",
                             "mail.identity.id1.smtpServer", "mail.identity.id1.useremail", "mail.smtpserver.smtp1.hostname"}) {
      CAPTURE(name);
      const PrefEntry* a = part.find(name);
      const PrefEntry* b = all.find(name);
      REQUIRE(a != nullptr);
      REQUIRE(b != nullptr);
      CHECK(a->value == b->value);
      CHECK(a->line == b->line);
      CHECK(a->value_range == b->value_range);
    }
    CHECK(part.find("mail.server.server99.hostname") == nullptr);
    CHECK(part.size() == all.size());
  }

  TEST_CASE("pass 2 reads the whole file again when it was written or replaced after pass 1") {
    // A large file whose named server's hostname lies at `at` lines in, with `value`.
    const auto large = [](int at, const std::string& value, const std::string& filler) {
      std::string bytes =
          "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
          "user_pref(\"mail.account.account1.server\", \"server7\");\n";
      for (int n = 0; n < 20000; ++n) {
        if (n == at) bytes += "user_pref(\"mail.server.server7.hostname\", \"" + value + "\");\n";
        bytes += "user_pref(\"browser.filler." + std::to_string(n) + "\", \"" + filler + "\"); // c\n";
      }
      return bytes;
    };
    const std::string before = large(5000, "imap.before.example", "xxxxxxxxxxxxxxxxxxxxxxxx");
    const auto hostname_after_change = [&](const std::string& after, bool replace) {
      testutil::write_bytes("changing.js", before);
      PrefKeys keys;
      auto scan = scan_prefs_file("changing.js", keys);
      REQUIRE(scan.ok());
      REQUIRE(spans_to_load(*scan, keys).has_value());  // pass 2 would read only some segments
      if (replace) {  // written beside and renamed over, as Thunderbird saves prefs.js
        testutil::write_bytes("changing.js.tmp", after);
        fs::rename("changing.js.tmp", "changing.js");
      } else {
        testutil::write_bytes("changing.js", after);
      }
      PrefStore store;
      REQUIRE(load_prefs_file("changing.js", PrefLayer::PrefsJs, *scan, keys, store).ok());
      const PrefEntry* entry = store.find("mail.server.server7.hostname");
      REQUIRE(entry != nullptr);
      CHECK(entry->line == 15003);
      return std::get<std::string>(entry->value);
    };
    // Moved ten segments on and longer: another size.
    CHECK(hostname_after_change(large(15000, "imap.after.example", "yyyyyyyyyyyyyyyyyyyyyyyyyyyy"), false) ==
          "imap.after.example");
    // The same size, moved, renamed over the old file: another identity.
    std::string same_size = large(15000, "imap.after.exampl", "xxxxxxxxxxxxxxxxxxxxxxxx");
    REQUIRE(same_size.size() < before.size());
    same_size.append(before.size() - same_size.size(), ' ');
    CHECK(hostname_after_change(same_size, true) == "imap.after.exampl");
  }
}
