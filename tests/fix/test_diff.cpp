#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "util/diff.hpp"

TEST_SUITE("util::unified_diff") {
  TEST_CASE("equal texts give an empty diff") { CHECK(util::unified_diff("a\nb\n", "a\nb\n", "x", "y") == ""); }

  TEST_CASE("one changed line is shown with three lines of context") {
    const std::string old_text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const std::string new_text = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    CHECK(util::unified_diff(old_text, new_text, "old", "new") ==
          "--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  }

  TEST_CASE("changes far apart make two hunks and near ones merge") {
    std::string old_text, new_text;
    for (int i = 1; i <= 20; ++i) {
      old_text += std::to_string(i) + "\n";
      new_text += (i == 2 || i == 18 ? "x" + std::to_string(i) : std::to_string(i)) + "\n";
    }
    CHECK(util::unified_diff(old_text, new_text, "a", "b") ==
          "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x2\n 3\n 4\n 5\n"
          "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x18\n 19\n 20\n");
  }

  TEST_CASE("an inserted line at the end and a missing final newline are marked") {
    CHECK(util::unified_diff("a\nb", "a\nb\nc\n", "o", "n") ==
          "--- o\n+++ n\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
    CHECK(util::unified_diff("", "x\n", "o", "n") == "--- o\n+++ n\n@@ -0,0 +1 @@\n+x\n");
  }

  TEST_CASE("CRLF lines keep their carriage return") {
    CHECK(util::unified_diff("k=1\r\n", "k=2\r\n", "o", "n") == "--- o\n+++ n\n@@ -1 +1 @@\n-k=1\r\n+k=2\r\n");
  }

  TEST_CASE("a diff beyond max_edits is shown as one replaced block") {
    CHECK(util::unified_diff("a\nb\nc\n", "x\nb\ny\n", "o", "n", 3, 1) ==
          "--- o\n+++ n\n@@ -1,3 +1,3 @@\n-a\n-b\n-c\n+x\n+b\n+y\n");
    CHECK(util::unified_diff("a\nb\nc\n", "x\nb\ny\n", "o", "n") ==
          "--- o\n+++ n\n@@ -1,3 +1,3 @@\n-a\n+x\n b\n-c\n+y\n");
  }

  TEST_CASE("interleaved insertions and deletions give a minimal script") {
    // Myers on the classic example: ABCABBA -> CBABAC has 5 edits.
    const std::string a = "A\nB\nC\nA\nB\nB\nA\n", b = "C\nB\nA\nB\nA\nC\n";
    const std::string diff = util::unified_diff(a, b, "o", "n");
    int edits = 0;
    for (std::size_t pos = diff.find('\n') + 1; pos < diff.size(); pos = diff.find('\n', pos) + 1) {
      if ((diff[pos] == '-' || diff[pos] == '+') && diff.compare(pos, 3, "+++") != 0) ++edits;
    }
    CHECK(edits == 5);
  }

  TEST_CASE("on random texts the diff rebuilds both sides with the fewest edits") {
    std::mt19937 random(12345);
    auto random_text = [&](int lines) {
      std::string text;
      for (int i = 0; i < lines; ++i) text += std::string(1, static_cast<char>('a' + random() % 3)) + "\n";
      return text;
    };
    for (int round = 0; round < 300; ++round) {
      const std::string a = random_text(static_cast<int>(random() % 12));
      const std::string b = random_text(static_cast<int>(random() % 12));
      CAPTURE(a);
      CAPTURE(b);
      const std::string diff = util::unified_diff(a, b, "o", "n", 1000);
      if (a == b) {
        CHECK(diff == "");
        continue;
      }
      // With unlimited context there is one hunk holding every line.
      std::string old_side, new_side;
      std::size_t edits = 0;
      std::size_t pos = diff.find("@@ ");
      REQUIRE(pos != std::string::npos);
      pos = diff.find('\n', pos) + 1;
      while (pos < diff.size()) {
        const std::size_t end = diff.find('\n', pos) + 1;
        const std::string line = diff.substr(pos + 1, end - pos - 1);
        if (diff[pos] != '+') old_side += line;
        if (diff[pos] != '-') new_side += line;
        edits += diff[pos] != ' ' ? 1 : 0;
        pos = end;
      }
      CHECK(old_side == a);
      CHECK(new_side == b);
      // Fewest edits = |a| + |b| - 2 * LCS.
      const std::size_t n = a.size() / 2, m = b.size() / 2;
      std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
      for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
          lcs[i][j] = a[2 * (i - 1)] == b[2 * (j - 1)] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
        }
      }
      CHECK(edits == n + m - 2 * lcs[n][m]);
    }
  }
}
