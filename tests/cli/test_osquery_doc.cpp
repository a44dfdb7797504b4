// docs/osquery.md as osquery uses it: the documented automatic-table-construction queries run on a
// real mailmend database opened as osquery opens it (read-only, SQLite's no-locking VFS), the rows
// made as osquery makes them, and the documented Fleet policies evaluated over those rows.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using testutil::run_mailmend;

namespace {

struct AtcTable {
  std::string name;
  std::string query;
  std::string path;
  std::string platform;
  std::vector<std::string> columns;
};

std::string osquery_doc() { return testutil::read_bytes(testutil::source_dir() / "docs/osquery.md"); }

// The bodies of the fenced blocks of `language` in `text`, in order; from `after` on when given.
std::vector<std::string> fenced_blocks(const std::string& text, const std::string& language, const std::string& after = {}) {
  std::vector<std::string> blocks;
  const std::string open = "```" + language + "\n";
  std::size_t at = after.empty() ? 0 : text.find(after);
  REQUIRE(at != std::string::npos);
  while ((at = text.find(open, at)) != std::string::npos) {
    at += open.size();
    const std::size_t end = text.find("```", at);
    REQUIRE(end != std::string::npos);
    blocks.push_back(text.substr(at, end - at));
    at = end + 3;
  }
  return blocks;
}

// Every ATC table of the documented JSON configurations, per platform.
std::map<std::string, std::vector<AtcTable>> documented_tables() {
  std::map<std::string, std::vector<AtcTable>> by_platform;
  for (const auto& block : fenced_blocks(osquery_doc(), "json")) {
    const auto config = nlohmann::json::parse(block);
    for (const auto& [name, t] : config.at("auto_table_construction").items()) {
      AtcTable table{name, t.at("query"), t.at("path"), t.at("platform"), t.at("columns").get<std::vector<std::string>>()};
      by_platform[table.platform].push_back(table);
    }
  }
  return by_platform;
}

const AtcTable& table_named(const std::vector<AtcTable>& tables, const std::string& name) {
  for (const auto& t : tables) {
    if (t.name == name) return t;
  }
  FAIL("no table " << name << " in docs/osquery.md");
  throw std::logic_error("unreachable");
}

// The documented policies, in order.
std::vector<std::string> documented_policies() { return fenced_blocks(osquery_doc(), "sql", "## Fleet policies"); }

using Row = std::vector<std::optional<std::string>>;  // the declared columns, then path

// What osquery's ATC makes of `file` (osquery/sql/virtual_sqlite_table.cpp): no rows when the file
// is missing; opened read-only through the no-locking VFS; text stays text, an integer becomes its
// decimal text, NULL no value; the result's columns by name into the declared ones; `path` added.
std::vector<Row> atc_rows(const fs::path& file, const AtcTable& table) {
  if (!fs::exists(file)) return {};
  const char* vfs = sqlite3_vfs_find("unix-none") ? "unix-none" : "win32-none";
  REQUIRE(sqlite3_vfs_find(vfs) != nullptr);
  const std::string uri = "file:" + file.generic_string() + "?mode=ro&vfs=" + vfs;
  SQLite::Database db(uri, SQLite::OPEN_READONLY | SQLITE_OPEN_URI);
  SQLite::Statement query(db, table.query);
  std::vector<std::string> names;
  for (int i = 0; i < query.getColumnCount(); ++i) names.push_back(query.getColumnName(i));
  CHECK_MESSAGE(names == table.columns, table.name << ": the query's columns are the declared ones");
  std::vector<Row> rows;
  while (query.executeStep()) {
    Row row(table.columns.size() + 1);
    for (int i = 0; i < query.getColumnCount(); ++i) {
      const auto column = query.getColumn(i);
      const auto at = std::find(table.columns.begin(), table.columns.end(), names[static_cast<std::size_t>(i)]);
      if (at == table.columns.end() || column.isNull()) continue;
      row[static_cast<std::size_t>(at - table.columns.begin())] =
          column.isInteger() ? std::to_string(column.getInt64()) : column.getString();
    }
    row.back() = file.string();
    rows.push_back(std::move(row));
  }
  return rows;
}

// osquery's view of one machine: the documented Linux tables over `file`, and the `time` table.
class OsqueryView {
 public:
  OsqueryView(const fs::path& file, std::int64_t unix_time) : db_(":memory:", SQLite::OPEN_READWRITE) {
    const auto tables = documented_tables();
    for (const auto& table : tables.at("linux")) {
      std::string create = "CREATE TABLE \"" + table.name + "\" (";
      for (const auto& c : table.columns) create += "\"" + c + "\" TEXT, ";
      db_.exec(create + "\"path\" TEXT)");
      for (const auto& row : atc_rows(file, table)) {
        std::string insert = "INSERT INTO \"" + table.name + "\" VALUES (?";
        for (std::size_t i = 1; i < row.size(); ++i) insert += ", ?";
        SQLite::Statement s(db_, insert + ")");
        for (std::size_t i = 0; i < row.size(); ++i) row[i] ? s.bind(static_cast<int>(i + 1), *row[i]) : s.bind(static_cast<int>(i + 1));
        s.exec();
      }
    }
    db_.exec("CREATE TABLE time (unix_time INTEGER)");
    db_.exec("INSERT INTO time VALUES (" + std::to_string(unix_time) + ")");
  }

  // Fleet: a policy passes when its query returns a row.
  bool passes(const std::string& policy) {
    SQLite::Statement q(db_, policy);
    return q.executeStep();
  }
  // Each documented policy: "pass" or "fail", in order.
  std::string policies() {
    std::string out;
    for (const auto& p : documented_policies()) out += std::string(out.empty() ? "" : " ") + (passes(p) ? "pass" : "fail");
    return out;
  }
  std::string scalar(const std::string& sql) { return db_.execAndGet(sql).getString(); }

 private:
  SQLite::Database db_;
};

std::int64_t generated_unix(const fs::path& file) {
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT generated_unix FROM runs").getInt64();
}

}  // namespace

TEST_SUITE("osquery doc") {
  TEST_CASE("the documented tables: one query per table on every platform, paths where the deploy scripts write") {
    const auto tables = documented_tables();
    REQUIRE(tables.size() == 3);
    std::map<std::string, std::string> paths;
    for (const auto& [platform, list] : tables) {
      for (const auto& t : list) {
        const std::string base = t.name == "mailmend_user_runs" ? "mailmend_runs" : t.name == "mailmend_user_findings" ? "mailmend_findings" : t.name;
        const auto& linux_table = table_named(tables.at("linux"), base);
        CHECK_MESSAGE(t.query == linux_table.query, platform << " " << t.name);
        CHECK(t.columns == linux_table.columns);
        paths[platform + " " + t.name] = t.path;
      }
    }
    CHECK(paths.at("linux mailmend_findings") == "/var/lib/mailmend/results.sqlite");
    CHECK(paths.at("darwin mailmend_findings") == "/Library/Application Support/mailmend/results.sqlite");
    CHECK(paths.at("windows mailmend_findings") == "C:\\ProgramData\\mailmend\\results.sqlite");
    CHECK(paths.at("windows mailmend_user_findings") == "C:\\Users\\%\\AppData\\Local\\mailmend\\results.sqlite");
    CHECK(tables.at("linux").size() == 3);
    CHECK(tables.at("darwin").size() == 3);
    CHECK(tables.at("windows").size() == 5);
    // Each platform's tables read one file (the per-user tables theirs).
    for (const auto& [key, path] : paths) {
      CHECK_MESSAGE(path == paths.at(key.substr(0, key.find(' ')) + (key.find("_user_") != std::string::npos ? " mailmend_user_runs" : " mailmend_runs")), key);
    }
    // The deploy scripts write there.
    const fs::path deploy = testutil::source_dir() / "scripts/deploy";
    CHECK(testutil::read_bytes(deploy / "ansible/mailmend.yml").find("/var/lib/mailmend") != std::string::npos);
    const std::string jamf = testutil::read_bytes(deploy / "jamf-extension-attribute.sh");
    CHECK(jamf.find("out=${MAILMEND_OUT:-/Library/Application Support/mailmend}") != std::string::npos);
    CHECK(jamf.find("\"sqlite=$out/results.sqlite\"") != std::string::npos);
    CHECK(testutil::read_bytes(deploy / "intune-detect.ps1").find("'results.sqlite'") != std::string::npos);
    CHECK(testutil::read_bytes(deploy / "login-script.cmd").find("%LOCALAPPDATA%\\mailmend\\results.sqlite") != std::string::npos);
    CHECK(documented_policies().size() == 3);
  }

  TEST_CASE("the Fleet agent options in the doc are YAML whose table is the Linux block's") {
    const auto yaml_blocks = fenced_blocks(osquery_doc(), "yaml");
    REQUIRE(yaml_blocks.size() == 1);
    if (!testutil::host_tools_available()) {
      MESSAGE(testutil::host_tool_skipped("python3 with PyYAML"));
      return;
    }
    testutil::write_bytes("agent-options.yml", yaml_blocks[0]);
    const auto tables = documented_tables();
    const auto& linux_runs = table_named(tables.at("linux"), "mailmend_runs");
    testutil::write_bytes("linux-runs.json", nlohmann::json{{"query", linux_runs.query}, {"path", linux_runs.path},
                                                           {"columns", linux_runs.columns}, {"platform", linux_runs.platform}}.dump());
    auto r = testutil::run_program({"/usr/bin/python3", "-c",
                                    "import json, yaml\n"
                                    "o = yaml.safe_load(open('agent-options.yml'))['agent_options']\n"
                                    "assert o['config']['auto_table_construction']['mailmend_runs'] == json.load(open('linux-runs.json'))\n"
                                    "assert sorted(o['overrides']['platforms']) == ['darwin', 'windows']\n"
                                    "print('ok')\n"});
    INFO(r.err);
    CHECK(r.out == "ok\n");
  }

  TEST_CASE("osquery reads the findings of a real audit, and the policies judge it") {
    const fs::path file = testutil::scratch() / "results.sqlite";
    auto r = run_mailmend({"audit", "--homes", (testutil::source_dir() / "fixtures/homes").string(), "--output", "sqlite=" + file.string(),
                           "--output", "json=report.json"});
    REQUIRE(r.exit_code == 1);
    const auto rep = nlohmann::json::parse(testutil::read_bytes("report.json"));
    OsqueryView view(file, generated_unix(file) + 60);
    // Every finding of the JSON report, and nothing else, in mailmend_findings.
    std::multiset<std::string> want, seen;
    auto text = [](const nlohmann::json& v) { return v.is_null() ? std::string("~") : v.get<std::string>(); };
    for (const auto& f : rep["findings"]) want.insert(text(f["rule"]) + " " + text(f["account"]) + " " + text(f["field"]) + " " + text(f["severity"]));
    const std::string all = view.scalar(
        "SELECT group_concat(rule || ' ' || coalesce(account, '~') || ' ' || coalesce(field, '~') || ' ' || severity, char(10)) "
        "FROM mailmend_findings");
    std::size_t start = 0;
    for (std::size_t end; (end = all.find('\n', start)) != std::string::npos; start = end + 1) seen.insert(all.substr(start, end - start));
    seen.insert(all.substr(start));
    CHECK(seen == want);
    CHECK(view.scalar("SELECT errors || ' ' || accounts || ' ' || path FROM mailmend_runs") ==
          std::to_string(rep["summary"]["errors"].get<int>()) + " " + std::to_string(rep["accounts"].size()) + " " + file.string());
    CHECK(view.scalar("SELECT count(*) FROM mailmend_accounts") == std::to_string(rep["accounts"].size()));
    // Every column is text in osquery: numbers compare after CAST.
    CHECK(view.scalar("SELECT typeof(errors) FROM mailmend_runs") == "text");
    CHECK(rep["summary"]["errors"].get<int>() > 0);
    CHECK(view.policies() == "pass fail pass");
    // A day and a bit later without a new run: nothing passes.
    CHECK(OsqueryView(file, generated_unix(file) + 86400 + 3600).policies() == "fail fail fail");
  }

  TEST_CASE("a machine without the file fails every policy; a healthy one passes them; an unreadable file fails the last") {
    CHECK(OsqueryView("missing.sqlite", 1'800'000'000).policies() == "fail fail fail");
    CHECK_FALSE(fs::exists("missing.sqlite"));

    auto healthy = run_mailmend({"audit", "--home", (testutil::source_dir() / "fixtures/homes/ol-healthy").string(), "--output",
                                 "sqlite=healthy.sqlite"});
    CHECK(healthy.exit_code == 0);
    const fs::path healthy_file = testutil::scratch() / "healthy.sqlite";
    OsqueryView healthy_view(healthy_file, generated_unix(healthy_file) + 60);
    CHECK(healthy_view.policies() == "pass pass pass");
    CHECK(healthy_view.scalar("SELECT count(*) FROM mailmend_findings WHERE severity = 'error'") == "0");

    auto home = cli_test::make_home("ann", "");  // an empty prefs.js: damaged
    auto damaged = run_mailmend({"audit", "--home", home.string(), "--output", "sqlite=damaged.sqlite"});
    CHECK(damaged.exit_code == 3);
    const fs::path damaged_file = testutil::scratch() / "damaged.sqlite";
    OsqueryView damaged_view(damaged_file, generated_unix(damaged_file) + 60);
    CHECK(damaged_view.policies() == "pass fail fail");
    CHECK(damaged_view.scalar("SELECT unreadable_sources FROM mailmend_runs") == "1");
  }
}
