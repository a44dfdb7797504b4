// The per-host results database (`--output sqlite=PATH`): exact rows for a fixture report, the
// documented schema as the one the file has, and a file format osquery can read without locks.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>

#include "report/render.hpp"
#include "report/render_sqlite.hpp"
#include "sample_report.hpp"
#include "support/testutil.hpp"
#include "util/file.hpp"

namespace {

// Every row of `table` as "a|b|c", NULL shown as "~".
std::string rows_of(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT * FROM " + table + " ORDER BY rowid");
  std::string out;
  while (q.executeStep()) {
    for (int i = 0; i < q.getColumnCount(); ++i) {
      if (i > 0) out += "|";
      out += q.getColumn(i).isNull() ? "~" : q.getColumn(i).getString();
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string> columns_of(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
  std::vector<std::string> names;
  while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  return names;
}

SQLite::Database written(const core::Report& report) {
  REQUIRE(util::write_file_atomic("r.sqlite", report::render_sqlite(report)));
  return SQLite::Database("r.sqlite", SQLite::OPEN_READONLY);
}

}  // namespace

TEST_SUITE("report sqlite") {
  TEST_CASE("the tables hold the report's run, sources, accounts and findings, NULL where JSON has null") {
    auto db = written(reporttest::sample_report());
    CHECK(rows_of(db, "runs") == "pc-042|~|2026-11-27T10:00:00Z|1795773600|" MAILMEND_VERSION "|0|2|1|1|1|1|0|0\n");
    CHECK(rows_of(db, "sources") ==
          "pc-042|~|2026-11-27T10:00:00Z|thunderbird|/home/ann/.thunderbird|ok|default profile: default\n"
          "pc-042|~|2026-11-27T10:00:00Z|outlook|/home/ann/NTUSER.DAT|error|/home/ann/NTUSER.DAT: not a registry hive\n");
    CHECK(rows_of(db, "accounts") ==
          "pc-042|~|2026-11-27T10:00:00Z|thunderbird:/p/prefs.js#account1|thunderbird|/p/prefs.js|account1|default|Ann|"
          "ann@outlook.com|0|0|outlook.com|Outlook.com|email-domain|pop3|pop3.live.com|995|tls|password-cleartext|"
          "ann@outlook.com|~|~|~|~|~|~\n");
    CHECK(rows_of(db, "findings") ==
          "pc-042|~|2026-11-27T10:00:00Z|" MAILMEND_VERSION "|thunderbird|/p/prefs.js|thunderbird:/p/prefs.js#account1|"
          "ann@outlook.com|outlook.com|retired-host|error|incoming.host|pop3.live.com|outlook.office365.com|1|1|"
          "Retired. Use outlook.office365.com instead.|/p/prefs.js|mail.server.server1.hostname|12||~\n"
          "pc-042|~|2026-11-27T10:00:00Z|" MAILMEND_VERSION "|thunderbird||~|~|~|thunderbird-pref-syntax|warning|~|~|~|0|1|"
          "/p/prefs.js:7: unterminated string|~|~|~||~\n");
    CHECK(SQLite::Statement(db, "PRAGMA user_version").executeStep());
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 1);
    // Integers are stored as INTEGER, so a reader may compare them as numbers.
    CHECK(db.execAndGet("SELECT typeof(generated_unix) || typeof(errors) FROM runs").getString() == "integerinteger");
    CHECK(db.execAndGet("SELECT typeof(line) || typeof(fixable) FROM findings WHERE rowid = 1").getString() == "integerinteger");
  }

  TEST_CASE("the file is created from schemas/report-sqlite.sql, and findings has the CSV's columns then probe") {
    CHECK(report::report_sqlite_schema() == testutil::read_bytes(testutil::source_dir() / "schemas/report-sqlite.sql"));
    auto db = written(reporttest::sample_report());
    SQLite::Database documented(":memory:", SQLite::OPEN_READWRITE);
    documented.exec(testutil::read_bytes(testutil::source_dir() / "schemas/report-sqlite.sql"));
    for (const char* table : {"runs", "sources", "accounts", "findings"}) CHECK(columns_of(db, table) == columns_of(documented, table));
    auto expected = report::csv_columns();
    expected.push_back("probe");
    CHECK(columns_of(db, "findings") == expected);
    CHECK(db.execAndGet("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name)")
              .getString() == "accounts findings runs sources");
    // osquery adds a `path` column of its own to every row; a column of that name would hide it.
    for (const char* table : {"runs", "sources", "accounts", "findings"}) {
      const auto names = columns_of(db, table);
      CHECK(std::find(names.begin(), names.end(), "path") == names.end());
    }
  }

  TEST_CASE("the file is in rollback-journal format with no journal beside it, and a value from a user's file stays UTF-8") {
    auto report = reporttest::sample_report();
    report.accounts[0].account.name = std::string("Ann \xff\xfe");  // not UTF-8
    report.machine_id = "0123456789abcdef0123456789abcdef";
    const std::string bytes = report::render_sqlite(report);
    REQUIRE(bytes.size() > 100);
    CHECK(bytes.rfind(std::string("SQLite format 3\0", 16), 0) == 0);
    CHECK(static_cast<int>(bytes[18]) == 1);
    CHECK(static_cast<int>(bytes[19]) == 1);
    auto db = written(report);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
    CHECK(db.execAndGet("SELECT name FROM accounts").getString() == "Ann \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(db.execAndGet("SELECT count(*) FROM runs WHERE machine_id = '0123456789abcdef0123456789abcdef'").getInt() == 1);
    CHECK_FALSE(std::filesystem::exists("r.sqlite-journal"));
    CHECK_FALSE(std::filesystem::exists("r.sqlite-wal"));
  }

  TEST_CASE("a stale file's finding is stored with counted 0, and a probe finding names its probe") {
    auto report = reporttest::sample_report();
    report.accounts[0].account.stale = true;
    report.findings[0].probe = "imap.example.net:993/tls";
    report.findings[0].also = {"host-not-provider", "port-not-provider"};
    report.probes.emplace();
    auto db = written(report);
    CHECK(db.execAndGet("SELECT counted || ' ' || probe || ' ' || related_rules FROM findings WHERE rowid = 1").getString() ==
          "0 imap.example.net:993/tls host-not-provider port-not-provider");
    CHECK(db.execAndGet("SELECT probed || errors || not_counted FROM runs").getString() == "101");
  }
}
