// --format and --output FORMAT=FILE through the real binary: several formats in one run, the same
// findings in each, machine identity, usage errors and exit codes.
#include <doctest/doctest.h>

#include <optional>

#include <filesystem>
#include <regex>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using testutil::run_mailmend;

namespace {

const std::vector<std::string> kFormats{"json", "ndjson", "csv", "sarif", "junit", "text"};

std::string fixture_homes() { return (testutil::source_dir() / "fixtures/homes").string(); }

// The run's time, which differs from run to run, as "<T>".
std::string without_time(const std::string& text) {
  static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  return std::regex_replace(text, time, "<T>");
}

// The SARIF 2.1.0 JSON Schema as Microsoft publishes it (npm @microsoft/jest-sarif, fetched by
// scripts/fetch-sarif-schema into a cache outside the clone); without it (offline) the subset kept
// in tests/report, said once.
std::filesystem::path sarif_schema() {
  if (const char* file = std::getenv("MAILMEND_SARIF_SCHEMA"); file && *file) return file;
  const char* cache = std::getenv("MAILMEND_SARIF_CACHE");
  const fs::path fetched = fs::path(cache && *cache ? cache : "/var/cache/mailmend/sarif-schema") / "sarif-2.1.0-rtm.5.json";
  if (fs::exists(fetched)) return fetched;
  const auto shared = testutil::shared_dir();
  if (!shared.empty() && fs::exists(shared / "reference/sarif-schema-2.1.0.json")) return shared / "reference/sarif-schema-2.1.0.json";
  MESSAGE("the official SARIF 2.1.0 schema is not fetched (scripts/fetch-sarif-schema, needs npm): validating against "
          "tests/report/sarif-2.1.0-subset.schema.json");
  return testutil::source_dir() / "tests/report/sarif-2.1.0-subset.schema.json";
}

// An independent reader in python3 on the build machine; nullopt (the skip said) where the tests
// run under Wine, which cannot start it.
std::optional<testutil::RunResult> python(const std::string& script, const std::vector<std::string>& args) {
  if (!testutil::host_tools_available()) {
    MESSAGE(testutil::host_tool_skipped("python3"));
    return std::nullopt;
  }
  testutil::write_bytes("check.py", script);
  std::vector<std::string> argv{"/usr/bin/python3", "check.py"};
  argv.insert(argv.end(), args.begin(), args.end());
  return testutil::run_program(argv);
}

}  // namespace

TEST_SUITE("cli output formats") {
  TEST_CASE("several --output in one run write what one run per format writes, with the same exit code") {
    const std::vector<std::string> base{"audit", "--homes", fixture_homes(), "--host-id", "fleet-pc-7"};
    std::vector<std::string> all = base;
    for (const auto& f : kFormats) all.push_back("--output=" + f + "=" + (f == "text" ? "-" : "all." + f));
    auto together = run_mailmend(all);
    INFO(together.err);
    const auto plain = run_mailmend(base);
    CHECK(together.exit_code == plain.exit_code);
    CHECK(together.exit_code == 1);
    CHECK(together.err.empty());
    CHECK(without_time(together.out) == without_time(plain.out));
    for (const auto& f : kFormats) {
      if (f == "text") continue;
      auto args = base;
      args.insert(args.end(), {"--format", f});
      auto alone = run_mailmend(args);
      CHECK(alone.exit_code == together.exit_code);
      CHECK_MESSAGE(without_time(testutil::read_bytes("all." + f)) == without_time(alone.out), f);
      CHECK_MESSAGE(testutil::read_bytes("all." + f).find("fleet-pc-7") != std::string::npos, f);
    }
    CHECK(together.out.rfind("mailmend ", 0) == 0);
    CHECK(together.out.find(" audit of fleet-pc-7 ") != std::string::npos);
  }

  TEST_CASE("every format carries the findings of the JSON report, read by independent readers") {
    std::vector<std::string> args{"audit", "--homes", fixture_homes()};
    for (const auto& f : kFormats) args.push_back("--output=" + f + "=out." + f);
    args.push_back("--output=sqlite=out.sqlite");
    auto r = run_mailmend(args);
    REQUIRE(r.exit_code == 1);
    CHECK(r.out.empty());
    // The C++ reader (SQLite itself; runs under Wine too): the same findings, accounts and counts.
    const auto rep = nlohmann::json::parse(testutil::read_bytes("out.json"));
    auto text_or_empty = [](const nlohmann::json& v) { return v.is_null() ? std::string("~") : v.get<std::string>(); };
    std::vector<std::string> want;
    for (const auto& f : rep["findings"]) {
      want.push_back(f["rule"].get<std::string>() + " " + text_or_empty(f["account"]) + " " + text_or_empty(f["field"]) + " " +
                     f["severity"].get<std::string>() + " " + (f["fixable"].get<bool>() ? "1" : "0"));
    }
    SQLite::Database db("out.sqlite", SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT rule || ' ' || coalesce(account, '~') || ' ' || coalesce(field, '~') || ' ' || severity || ' ' || "
                            "fixable FROM findings ORDER BY rowid");
    std::vector<std::string> stored;
    while (q.executeStep()) stored.push_back(q.getColumn(0).getString());
    CHECK(stored == want);
    CHECK(want.size() > 10);
    CHECK(db.execAndGet("SELECT count(*) FROM accounts").getInt() == static_cast<int>(rep["accounts"].size()));
    CHECK(db.execAndGet("SELECT accounts || ' ' || errors || ' ' || warnings || ' ' || infos || ' ' || not_counted FROM runs").getString() ==
          std::to_string(rep["summary"]["accounts"].get<int>()) + " " + std::to_string(rep["summary"]["errors"].get<int>()) + " " +
              std::to_string(rep["summary"]["warnings"].get<int>()) + " " + std::to_string(rep["summary"]["infos"].get<int>()) + " " +
              std::to_string(rep["summary"]["not_counted"].get<int>()));
    CHECK(db.execAndGet("SELECT host || ' ' || machine_id || ' ' || generated_at FROM runs").getString() ==
          rep["host"].get<std::string>() + " " + rep["machine_id"].get<std::string>() + " " + rep["generated_at"].get<std::string>());
    auto check = python(
        "import csv, json, sys, xml.etree.ElementTree as E\n"
        "rep = json.load(open('out.json', encoding='utf-8'))\n"
        "key = lambda rule, account, field: (rule, account or '', field or '')\n"
        "want = sorted(key(f['rule'], f['account'], f['field']) for f in rep['findings'])\n"
        "data = open('out.ndjson', 'rb').read()\n"
        "assert data.endswith(b'\\n')\n"
        "lines = [json.loads(l) for l in data.decode('utf-8').split('\\n')[:-1]]\n"
        "assert [l['type'] for l in lines].count('run') == 1 and lines[0]['type'] == 'run'\n"
        "nd = sorted(key(l['rule']['id'], l['mailmend']['account'], l['mailmend']['field']) for l in lines[1:])\n"
        "rows = list(csv.DictReader(open('out.csv', newline='', encoding='utf-8')))\n"
        "cs = sorted(key(x['rule'], x['account'], x['field']) for x in rows)\n"
        "sa = json.load(open('out.sarif', encoding='utf-8'))['runs'][0]['results']\n"
        "sr = sorted(key(x['ruleId'], x['properties']['account'], x['properties']['field']) for x in sa)\n"
        "ju = E.parse('out.junit').getroot()\n"
        "ids = {l['host']['id'] for l in lines} | {x['machine_id'] for x in rows}\n"
        "import sqlite3\n"
        "con = sqlite3.connect('file:out.sqlite?mode=ro', uri=True)\n"
        "sq = sorted(key(*row) for row in con.execute('SELECT rule, account, field FROM findings'))\n"
        "ids |= {row[0] for row in con.execute('SELECT machine_id FROM runs UNION SELECT machine_id FROM findings')}\n"
        "assert con.execute('PRAGMA journal_mode').fetchone()[0] == 'delete'\n"
        "print(len(want), want == nd, want == cs, want == sr, want == sq, len(ju.findall('.//failure')) > 0, ids == {rep['machine_id']})\n",
        {});
    if (check) {
      INFO(check->err);
      CHECK(check->exit_code == 0);
      CHECK(check->out.find(" True True True True True True\n") != std::string::npos);
      CHECK(check->out.rfind("0 ", 0) != 0);
    }
    CHECK(testutil::tinyxml2_error(testutil::read_bytes("out.junit")) == "");
  }

  TEST_CASE("the SARIF of a real audit validates, names files relative to the home and keeps its fingerprints") {
    auto home = cli_test::make_home("ann", "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                                           "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                                           "user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");\n"
                                           "user_pref(\"mail.server.server1.port\", 995);\n"
                                           "user_pref(\"mail.server.server1.socketType\", 3);\n"
                                           "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
                                           "user_pref(\"mail.server.server1.userName\", \"ann@outlook.com\");\n");
    auto first = run_mailmend({"audit", "--home", home.string(), "--format", "sarif", "-o", "one.sarif"});
    CHECK(first.exit_code == 1);
    auto second = run_mailmend({"audit", "--home", home.string(), "--output", "sarif=-"});
    CHECK(second.exit_code == 1);
    if (testutil::host_tools_available()) {
      auto check = testutil::run_program({"/usr/bin/python3", (testutil::source_dir() / "scripts/validate-json").string(),
                                          sarif_schema().string(), "one.sarif"});
      INFO(check.out << check.err);
      CHECK(check.exit_code == 0);
    } else {
      MESSAGE(testutil::host_tool_skipped("python3 scripts/validate-json"));
    }
    auto a = nlohmann::json::parse(testutil::read_bytes("one.sarif"))["runs"][0];
    auto b = nlohmann::json::parse(second.out)["runs"][0];
    REQUIRE(a["results"].size() >= 1);
    CHECK(a["results"].size() == b["results"].size());
    for (std::size_t i = 0; i < a["results"].size(); ++i) CHECK(a["results"][i]["partialFingerprints"] == b["results"][i]["partialFingerprints"]);
    const auto& retired = a["results"][0];
    CHECK(retired["ruleId"] == "retired-host");
    CHECK(retired["locations"][0]["physicalLocation"] ==
          nlohmann::json{{"artifactLocation", {{"uri", ".thunderbird/abcd1234.default/prefs.js"}, {"uriBaseId", "HOME_ann"}}},
                         {"region", {{"startLine", 3}}}});
    CHECK(a["tool"]["driver"]["rules"][retired["ruleIndex"].get<std::size_t>()]["id"] == "retired-host");
  }

  TEST_CASE("machine identity: the machine id is the system's, --host-id names the host") {
    auto home = cli_test::make_home("ann", "");
    auto r = run_mailmend({"audit", "--home", home.string(), "--format", "json", "--host-id", "pc 042 / Ann"});
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["host"] == "pc 042 / Ann");
    // Which id the system gives is util::machine_id()'s test (tests/util); here: it is there.
    REQUIRE(j["machine_id"].is_string());
    CHECK(!j["machine_id"].get<std::string>().empty());
    auto plain = nlohmann::json::parse(run_mailmend({"audit", "--home", home.string(), "--format", "json"}).out);
    CHECK(plain["host"] != "pc 042 / Ann");
    CHECK(plain["machine_id"] == j["machine_id"]);
  }

  TEST_CASE("the output options: -o FILE keeps its meaning, FORMAT= only before a format name, usage errors exit 2") {
    auto home = cli_test::make_home("ann", "");
    const std::vector<std::string> audit{"audit", "--home", home.string()};
    auto with = [&](std::vector<std::string> extra) {
      auto args = audit;
      args.insert(args.end(), extra.begin(), extra.end());
      return run_mailmend(args);
    };
    // A file whose name holds "=" but does not start with a format name is a file in --format.
    const int exit_code = with({}).exit_code;  // 3: the empty prefs.js is damaged
    CHECK(exit_code == 3);
    auto odd = with({"--format", "csv", "-o", "x=1.csv"});
    CHECK(odd.exit_code == exit_code);
    CHECK(testutil::read_bytes("x=1.csv").rfind("host,machine_id,", 0) == 0);
    CHECK(with({"--csv-bom", "--output", "csv=b.csv"}).exit_code == exit_code);
    CHECK(testutil::read_bytes("b.csv").rfind("\xEF\xBB\xBFhost,", 0) == 0);
    auto ndjson = with({"-o", "-", "--format", "ndjson"});
    CHECK_MESSAGE(ndjson.out.rfind("{\"@timestamp\"", 0) == 0,
                  "exit " << ndjson.exit_code << "\nstdout: " << ndjson.out << "\nstderr: " << ndjson.err);
    struct Bad {
      std::vector<std::string> args;
      std::string message;
    };
    for (const auto& bad : std::vector<Bad>{
             {{"--output", "json=-", "--output", "sarif=-"}, "only one output may go to standard output (-)"},
             {{"-o", "a.json", "--output", "text=a.json"}, "the file a.json is named twice"},
             {{"--format", "yaml"}, "--format"},
             {{"--output", "json=o.json", "--format", "xml"}, "--format"}}) {
      auto r = with(bad.args);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find(bad.message) != std::string::npos, r.err);
      CHECK(!fs::exists("o.json"));
      CHECK(!fs::exists("a.json"));
    }
    auto fix = run_mailmend({"fix", "--home", home.string(), "--output", "sarif=plan.sarif"});
    CHECK(fix.exit_code == 2);
    CHECK(fix.err == "mailmend: --output sarif=plan.sarif: this command writes text, json, not sarif\n");
    // A database never goes to standard output: refused before anything is read or written.
    const std::string to_stdout =
        "mailmend: --output sqlite: a SQLite database is written to a file (--output sqlite=PATH), never to standard output\n";
    for (const auto& args : std::vector<std::vector<std::string>>{{"--format", "sqlite"},
                                                                  {"--output", "sqlite=-", "--output", "json=o.json"},
                                                                  {"--format", "sqlite", "-o", "-"}}) {
      auto r = with(args);
      CHECK(r.exit_code == 2);
      CHECK(r.err == to_stdout);
      CHECK(r.out.empty());
      CHECK(!fs::exists("o.json"));
    }
    CHECK(run_mailmend({"probe", "--home", home.string(), "--format", "sqlite"}).err == to_stdout);
    CHECK(with({"--format", "sqlite", "-o", "r.sqlite"}).exit_code == exit_code);
    CHECK(testutil::read_bytes("r.sqlite").rfind(std::string("SQLite format 3\0", 16), 0) == 0);
    auto fix_sqlite = run_mailmend({"fix", "--home", home.string(), "--output", "sqlite=plan.sqlite"});
    CHECK(fix_sqlite.exit_code == 2);
    CHECK(fix_sqlite.err == "mailmend: --output sqlite=plan.sqlite: this command writes text, json, not sqlite\n");
  }

  TEST_CASE("fix writes its plan as text and JSON in one run, with the exit code of a plain dry run") {
    auto home = cli_test::make_home("ann", "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                                           "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                                           "user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");\n"
                                           "user_pref(\"mail.server.server1.type\", \"pop3\");\n");
    const std::string before = testutil::read_bytes(cli_test::prefs_of(home));
    auto both = run_mailmend({"fix", "--home", home.string(), "--output", "json=plan.json", "--output", "text=-"});
    auto text = run_mailmend({"fix", "--home", home.string()});
    auto json = run_mailmend({"fix", "--home", home.string(), "--format", "json"});
    CHECK(both.exit_code == 1);
    CHECK(text.exit_code == 1);
    CHECK(json.exit_code == 1);
    CHECK(both.out == text.out);
    CHECK(testutil::read_bytes("plan.json") == json.out);
    CHECK(testutil::read_bytes(cli_test::prefs_of(home)) == before);
  }
}
