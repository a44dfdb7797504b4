// A prefs.js that Thunderbird cannot have written (cut, empty, an account list naming what is not
// there) is a damaged source: its accounts as far as they go, the place, and an error finding.
#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "support/testutil.hpp"
#include "tb_testutil.hpp"

namespace fs = std::filesystem;
using adapters::thunderbird::Options;
using adapters::thunderbird::ThunderbirdAdapter;
using V = std::vector<std::string>;

namespace {

std::string fixture_prefs(const std::string& profile) {
  return testutil::read_bytes(testutil::source_dir() / "fixtures" / "homes" / "tb-linux-alice" / ".thunderbird" /
                              profile / "prefs.js");
}

core::ReadOutput read_prefs(const std::string& bytes) {
  testutil::write_bytes("p/prefs.js", bytes);
  return ThunderbirdAdapter(Options{{}}).read("p");
}

V damage_findings(const core::ReadOutput& out) {
  V lines;
  for (const auto& f : out.findings) {
    if (f.rule != "thunderbird-prefs-damaged") continue;
    lines.push_back(std::string(core::to_string(f.severity)) + " line " + std::to_string(f.origin.line) + ": " +
                    f.message);
  }
  return lines;
}

constexpr const char* kAdvice =
    ". Its accounts are listed as far as the file goes; mailmend does not write to it. Restore prefs.js from a "
    "backup before Thunderbird next starts (Thunderbird keeps what it can read and drops the rest)";

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Cuts the file at every byte: never a crash, never `ok` with fewer accounts than the list names, and
// `ok` only where the cut falls between statements (or after the whole header).
void check_every_cut(const std::string& full_bytes, std::size_t list_end) {
  const auto full = read_prefs(full_bytes);
  REQUIRE(full.sources.at(0).status == core::SourceStatus::Ok);
  const std::string header = rtrim(full_bytes.substr(0, full_bytes.find("user_pref")));
  std::size_t damaged = 0;
  for (std::size_t n = 0; n < full_bytes.size(); ++n) {
    const std::string cut = full_bytes.substr(0, n);
    const auto out = read_prefs(cut);
    CAPTURE(n);
    CAPTURE(cut.substr(cut.size() > 60 ? cut.size() - 60 : 0));
    REQUIRE(out.sources.size() == 1);
    const auto& source = out.sources[0];
    CHECK(out.accounts.size() <= full.accounts.size());
    if (source.status == core::SourceStatus::Damaged) {
      ++damaged;
      CHECK(source.message.starts_with(testutil::native("p/prefs.js")));
      CHECK(damage_findings(out).size() == 1);
      continue;
    }
    REQUIRE(source.status == core::SourceStatus::Ok);
    CHECK((rtrim(cut).ends_with(';') || rtrim(cut) == header));
    if (n >= list_end) CHECK(out.accounts.size() == full.accounts.size());
  }
  CHECK(damaged > full_bytes.size() / 2);
}

}  // namespace

TEST_SUITE("damaged_prefs") {
  TEST_CASE("issue 18: a prefs.js cut mid-statement is damaged, with the line, not '0 mail accounts'") {
    const std::string full = fixture_prefs("w0rk5678.work");
    const std::string cut = full.substr(0, full.find("993);"));  // inside line 24, server1's port
    auto out = read_prefs(cut);
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Damaged);
    const std::string what =
        testutil::native("p/prefs.js") +
        ":24: the file ends inside a statement (expected pref value after ','); it looks cut; "
        "mail.account.account1.server names server1, but mail.server.server1.type is not there (and 1 more)";
    CHECK(out.sources[0].message == what + "; profile 'p': 0 mail accounts");
    CHECK(damage_findings(out) == V{"error line 24: " + what + kAdvice});
    CHECK(out.accounts.empty());
    // The cut statement is the damage, not also a syntax warning.
    CHECK(tbtest::rules_of(out) == V{"thunderbird-prefs-damaged"});  // not also "has no mail accounts"
  }

  TEST_CASE("a cut after the first server: that account is read, the file is damaged") {
    const std::string full = fixture_prefs("w0rk5678.work");
    auto out = read_prefs(full.substr(0, full.find("user_pref(\"mail.server.server2.name\"")));
    CHECK(out.sources[0].status == core::SourceStatus::Damaged);
    CHECK(out.sources[0].message ==
          testutil::native("p/prefs.js") +
              ":16: mail.account.account2.server names server2, but mail.server.server2.type is not there; "
              "the file looks cut or damaged; profile 'p': 1 mail account");
    CHECK(tbtest::summaries(out) ==
          V{"account1 <alice.work@gmail.com> | imap imap.gmail.com:993 starttls password-cleartext alice.work@gmail.com | -"});
  }

  TEST_CASE("a cut at every byte of a real two-account prefs.js is never ok with fewer accounts") {
    const std::string full = fixture_prefs("w0rk5678.work");
    const std::string list = "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");";
    check_every_cut(full, full.find(list) + list.size());
  }

  TEST_CASE("the same for a profile with Local Folders beside two mail accounts") {
    const std::string full = fixture_prefs("a1b2c3d4.default-release");
    const std::string list = "user_pref(\"mail.accountmanager.accounts\", \"account1,account3,account2\");";
    check_every_cut(full, full.find(list) + list.size());
  }

  TEST_CASE("a 0-byte, blank, zeroed or header-only-cut prefs.js is damaged; a whole header alone is not") {
    auto empty = read_prefs("");
    CHECK(empty.sources[0].status == core::SourceStatus::Damaged);
    CHECK(empty.sources[0].message ==
          testutil::native("p/prefs.js") +
              ": the file is empty (0 bytes); Thunderbird always writes at least its header, so it was "
              "truncated; profile 'p': 0 mail accounts");
    CHECK(damage_findings(empty) == V{"error line 0: " + testutil::native("p/prefs.js") +
                                      ": the file is empty (0 bytes); Thunderbird always writes at least its header, "
                                      "so it was truncated" +
                                      std::string(kAdvice)});
    CHECK(read_prefs("\n\r\n  \n")
              .sources[0]
              .message.starts_with(testutil::native("p/prefs.js") +
                                   ": the file holds only blank lines; it was truncated; "));
    CHECK(read_prefs(std::string(4096, '\0'))
              .sources[0]
              .message.starts_with(testutil::native("p/prefs.js") +
                                   ": the file holds nothing before a NUL byte; it was zeroed; "));
    CHECK(read_prefs("// Mozilla User Pref")
              .sources[0]
              .message.starts_with(
                  testutil::native("p/prefs.js") +
                  ": the file ends inside Thunderbird's header and holds no preference; it was truncated; "));
    CHECK(read_prefs("# Mozilla User Preferences\r\n\r\n").sources[0].status == core::SourceStatus::Damaged);
    const std::string full = fixture_prefs("w0rk5678.work");
    const std::string header = full.substr(0, full.find("user_pref"));
    CHECK(read_prefs(header).sources[0].status == core::SourceStatus::Ok);
    // A hand-written prefs.js without Thunderbird's header is not damaged for that.
    CHECK(read_prefs("user_pref(\"mail.ui-rdf.version\", 46);").sources[0].status == core::SourceStatus::Ok);
    // Zeros after whole statements (a file padded by a crash) end the file there, as in Thunderbird.
    CHECK(read_prefs(full + std::string(100, '\0')).sources[0].status == core::SourceStatus::Ok);
    // Zeros in the middle of a statement cut it.
    CHECK(read_prefs(full.substr(0, 1000) + std::string(100, '\0')).sources[0].status == core::SourceStatus::Damaged);
  }

  TEST_CASE("an account list naming an account without a server, or a server without a type, is damaged") {
    const std::string imap =
        "user_pref(\"mail.account.account1.server\", \"server1\");\n"
        "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
        "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
        "user_pref(\"mail.server.server1.type\", \"imap\");\n";
    auto no_account = read_prefs(imap);
    CHECK(no_account.sources[0].status == core::SourceStatus::Damaged);
    CHECK(no_account.sources[0].message ==
          testutil::native("p/prefs.js") +
              ":2: mail.accountmanager.accounts lists account2, but mail.account.account2.server is not "
              "there; the file looks cut or damaged; profile 'p': 1 mail account");
    CHECK(no_account.accounts.size() == 1);

    auto no_server = read_prefs(imap + "user_pref(\"mail.account.account2.server\", \"server2\");\n"
                                       "user_pref(\"mail.server.server2.hostname\", \"pop.example.com\");\n");
    CHECK(no_server.sources[0].message ==
          testutil::native("p/prefs.js") +
              ":5: mail.account.account2.server names server2, but mail.server.server2.type is not there; "
              "the file looks cut or damaged; profile 'p': 1 mail account");
    CHECK(damage_findings(no_server).size() == 1);

    // A server that is there with a type Thunderbird skips (empty, news, an add-on's) is not damage.
    auto skipped = read_prefs(imap + "user_pref(\"mail.account.account2.server\", \"server2\");\n"
                                     "user_pref(\"mail.server.server2.type\", \"\");\n");
    CHECK(skipped.sources[0].status == core::SourceStatus::Ok);
  }
}
