// The flat formats (NDJSON, CSV, SARIF, JUnit): exact bytes for a fixture report, and each read
// back by an independent reader (Python's json, csv and xml modules, the SARIF JSON Schema, tinyxml2).
#include <doctest/doctest.h>

#include <optional>

#include <nlohmann/json.hpp>
#include <cstdlib>
#include <set>
#include <sstream>

#include "report/read_json.hpp"
#include "report/render.hpp"
#include "support/testutil.hpp"

namespace {

core::Origin at(std::string file, std::string key, int line) { return core::Origin{std::move(file), std::move(key), line, false}; }

// One Thunderbird account with a retired host (fixable, line 12), one Outlook account in a hive
// with a registry value, a stale account's finding, and a finding about a file itself.
core::Report fixture_report() {
  core::Report r;
  r.host = "pc-042";
  r.machine_id = "0123456789abcdef0123456789abcdef";
  r.generated_at = "2026-11-27T10:00:00Z";
  const std::string prefs = "/home/ann/.thunderbird/x.default/prefs.js";
  const std::string hive = "/home/ann/NTUSER.DAT";
  r.sources = {{"thunderbird", prefs, core::SourceStatus::Ok, ""},
               {"outlook", hive, core::SourceStatus::Ok, ""},
               {"thunderbird", "/home/ann/old/prefs.js", core::SourceStatus::Damaged, "prefs.js:3: the file ends inside a statement"}};
  core::Account tb;
  tb.id = "thunderbird:" + prefs + "#account1";
  tb.client = "thunderbird";
  tb.source = prefs;
  tb.key = "account1";
  tb.email = "ann@outlook.com";
  r.accounts.push_back({tb, core::ProviderRef{"outlook.com", "Outlook.com", "email-domain", "outlook.com"}});
  core::Account ol;
  ol.id = "outlook:" + hive + "#00000002";
  ol.client = "outlook";
  ol.source = hive;
  ol.key = "00000002";
  ol.email = "bob@example.org";
  ol.stale = false;
  r.accounts.push_back({ol, std::nullopt});
  core::Account old = tb;
  old.id = "thunderbird:/home/ann/old/prefs.js#account1";
  old.source = "/home/ann/old/prefs.js";
  old.stale = true;
  r.accounts.push_back({old, std::nullopt});

  core::Finding retired{"retired-host", core::Severity::Error, tb.id, "incoming.host", std::string("pop3.live.com"),
                        std::string("outlook.office365.com"), "Retired, use outlook.office365.com.", true,
                        at(prefs, "mail.server.server1.hostname", 12), {"host-not-provider"}};
  core::Finding plain{"plaintext", core::Severity::Warning, ol.id, "outgoing.security", std::string("none"), {},
                      "No TLS, \"plain\", on port 25", false,
                      at(hive, "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375\\00000002\\SMTP Use SSL", 0)};
  core::Finding stale{"retired-host", core::Severity::Error, old.id, "incoming.host", std::string("pop3.live.com"),
                      std::string("outlook.office365.com"), "Retired.", true, at("/home/ann/old/prefs.js", "mail.server.server1.hostname", 4)};
  core::Finding syntax{"thunderbird-pref-syntax", core::Severity::Warning, "", "", {}, {}, "prefs.js:7: unterminated string",
                       false, at(prefs, "", 7)};
  r.findings = {retired, plain, stale, syntax};
  return r;
}

std::vector<core::RuleGroup> fixture_rules() {
  return {{"", {{"retired-host", core::Severity::Error, "the server host was retired by the provider"},
                {"plaintext", core::Severity::Error, "no encryption"},
                {"host-not-provider", core::Severity::Warning, "the host is not the provider's"}},
           "Shared rules (every client):"},
          {"thunderbird", {{"thunderbird-pref-syntax", core::Severity::Warning, "a statement Thunderbird cannot parse"}}, "thunderbird rules"},
          {"outlook", {{"outlook-spa-without-ntlm", core::Severity::Warning, "SPA without NTLM"}}, "outlook rules"}};
}

// An independent reader in python3 on the build machine; nullopt (the skip said) where the tests
// run under Wine, which cannot start it.
std::optional<testutil::RunResult> python(const std::string& script, const std::string& file) {
  if (!testutil::host_tools_available()) {
    MESSAGE(testutil::host_tool_skipped("python3 " + file));
    return std::nullopt;
  }
  testutil::write_bytes("check.py", script);
  return testutil::run_program({"/usr/bin/python3", "check.py", file});
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The official SARIF 2.1.0 schema (OASIS sarif-schema-2.1.0.json) from MAILMEND_SARIF_SCHEMA or
// beside the checkout, else the structural part of it this project keeps
// (tests/report/sarif-2.1.0-subset.schema.json).
std::filesystem::path sarif_schema() {
  if (const char* file = std::getenv("MAILMEND_SARIF_SCHEMA"); file && *file) return file;
  const auto shared = testutil::shared_dir();
  if (!shared.empty() && std::filesystem::exists(shared / "reference/sarif-schema-2.1.0.json")) {
    return shared / "reference/sarif-schema-2.1.0.json";
  }
  MESSAGE("the official SARIF schema is not in ../shared/reference: validating against the kept subset");
  return testutil::source_dir() / "tests/report/sarif-2.1.0-subset.schema.json";
}

void check_sarif_schema_errors(const std::string& sarif, int expected) {
  if (!testutil::host_tools_available()) {
    MESSAGE(testutil::host_tool_skipped("python3 scripts/validate-json"));
    return;
  }
  testutil::write_bytes("out.sarif", sarif);
  auto r = testutil::run_program({"/usr/bin/python3", (testutil::source_dir() / "scripts/validate-json").string(),
                                  sarif_schema().string(), "out.sarif"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == expected);
}

nlohmann::json sarif_of(const core::Report& r, const std::vector<std::filesystem::path>& homes = {"/home/ann"}) {
  return nlohmann::json::parse(report::render_sarif(r, fixture_rules(), homes));
}

std::vector<std::string> fingerprints(const nlohmann::json& sarif) {
  std::vector<std::string> out;
  for (const auto& result : sarif["runs"][0]["results"]) out.push_back(result["partialFingerprints"]["mailmendFinding/v1"]);
  return out;
}

}  // namespace

TEST_SUITE("report formats") {
  TEST_CASE("ndjson: a run line, then one complete line per finding, with ECS names") {
    const std::string text = report::render_ndjson(fixture_report());
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == 5);
    CHECK(text.back() == '\n');
    CHECK(lines[0] ==
          R"({"@timestamp":"2026-11-27T10:00:00Z","agent":{"type":"mailmend","version":")" MAILMEND_VERSION R"("},)"
          R"("event":{"category":["configuration"],"dataset":"mailmend.run","kind":"state","module":"mailmend","type":["info"]},)"
          R"("host":{"id":"0123456789abcdef0123456789abcdef","name":"pc-042"},)"
          R"("mailmend":{"sources":[{"client":"thunderbird","message":"","path":"/home/ann/.thunderbird/x.default/prefs.js","status":"ok"},)"
          R"({"client":"outlook","message":"","path":"/home/ann/NTUSER.DAT","status":"ok"},)"
          R"({"client":"thunderbird","message":"prefs.js:3: the file ends inside a statement","path":"/home/ann/old/prefs.js","status":"damaged"}],)"
          R"("summary":{"accounts":3,"errors":1,"infos":0,"not_counted":1,"warnings":2}},"type":"run"})");
    CHECK(lines[1] ==
          R"({"@timestamp":"2026-11-27T10:00:00Z","agent":{"type":"mailmend","version":")" MAILMEND_VERSION R"("},)"
          R"("event":{"category":["configuration"],"dataset":"mailmend.finding","kind":"state","module":"mailmend","severity":3,"type":["info"]},)"
          R"("host":{"id":"0123456789abcdef0123456789abcdef","name":"pc-042"},)"
          R"("mailmend":{"account":"thunderbird:/home/ann/.thunderbird/x.default/prefs.js#account1","actual":"pop3.live.com",)"
          R"("client":"thunderbird","counted":true,"email":"ann@outlook.com","expected":"outlook.office365.com","field":"incoming.host",)"
          R"("fixable":true,"origin":{"default":false,"file":"/home/ann/.thunderbird/x.default/prefs.js","key":"mail.server.server1.hostname","line":12},)"
          R"("provider":"outlook.com","related_rules":["host-not-provider"],"severity":"error",)"
          R"("source":"/home/ann/.thunderbird/x.default/prefs.js"},)"
          R"("message":"Retired, use outlook.office365.com.","rule":{"id":"retired-host"},"type":"finding"})");
    // The stale account's finding is there, marked as not counted; the file's own finding has no account.
    auto stale = nlohmann::json::parse(lines[3]);
    CHECK(stale["mailmend"]["counted"] == false);
    auto syntax = nlohmann::json::parse(lines[4]);
    CHECK(syntax["mailmend"]["account"].is_null());
    CHECK(syntax["mailmend"]["client"] == "thunderbird");
    CHECK(syntax["mailmend"]["origin"]["line"] == 7);
    // An independent reader: one json.loads per line, each a complete record.
    testutil::write_bytes("out.ndjson", text);
    auto r = python("import json,sys\n"
                    "data=open(sys.argv[1],'rb').read()\n"
                    "assert data.endswith(b'\\n')\n"
                    "recs=[json.loads(l) for l in data.decode('utf-8').split('\\n')[:-1]]\n"
                    "print(' '.join(r['type']+':'+r.get('rule',{}).get('id','-')+':'+r['host']['name'] for r in recs))\n",
                    "out.ndjson");
    if (r) {
      CHECK(r->exit_code == 0);
      CHECK(r->out == "run:-:pc-042 finding:retired-host:pc-042 finding:plaintext:pc-042 finding:retired-host:pc-042 "
                      "finding:thunderbird-pref-syntax:pc-042\n");
    }
  }

  TEST_CASE("ndjson: no machine id is null, invalid UTF-8 is replaced, a newline in a value stays inside its line") {
    auto report = fixture_report();
    report.machine_id.clear();
    report.findings[0].message = "two\nlines \xff";
    const auto lines = lines_of(report::render_ndjson(report));
    REQUIRE(lines.size() == 5);
    auto j = nlohmann::json::parse(lines[1]);
    CHECK(j["host"]["id"].is_null());
    CHECK(j["message"] == "two\nlines \xEF\xBF\xBD");
  }

  TEST_CASE("csv: fixed columns, RFC 4180 quoting, CRLF, exact bytes") {
    const std::string csv = report::render_csv(fixture_report(), false);
    const std::string head = "host,machine_id,generated_at,tool_version,client,source,account,email,provider,rule,severity,"
                             "field,actual,expected,fixable,counted,message,file,key,line,related_rules\r\n";
    const std::string id = "pc-042,0123456789abcdef0123456789abcdef,2026-11-27T10:00:00Z," MAILMEND_VERSION ",";
    CHECK(csv == head +
                     id + "thunderbird,/home/ann/.thunderbird/x.default/prefs.js,thunderbird:/home/ann/.thunderbird/x.default/prefs.js#account1,"
                          "ann@outlook.com,outlook.com,retired-host,error,incoming.host,pop3.live.com,outlook.office365.com,true,true,"
                          "\"Retired, use outlook.office365.com.\",/home/ann/.thunderbird/x.default/prefs.js,mail.server.server1.hostname,12,"
                          "host-not-provider\r\n" +
                     id + "outlook,/home/ann/NTUSER.DAT,outlook:/home/ann/NTUSER.DAT#00000002,bob@example.org,,plaintext,warning,"
                          "outgoing.security,none,,false,true,\"No TLS, \"\"plain\"\", on port 25\",/home/ann/NTUSER.DAT,"
                          "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375\\00000002\\SMTP Use SSL,,\r\n" +
                     id + "thunderbird,/home/ann/old/prefs.js,thunderbird:/home/ann/old/prefs.js#account1,ann@outlook.com,,retired-host,"
                          "error,incoming.host,pop3.live.com,outlook.office365.com,true,false,Retired.,/home/ann/old/prefs.js,"
                          "mail.server.server1.hostname,4,\r\n" +
                     id + "thunderbird,/home/ann/.thunderbird/x.default/prefs.js,,,,thunderbird-pref-syntax,warning,,,,false,true,"
                          "prefs.js:7: unterminated string,/home/ann/.thunderbird/x.default/prefs.js,,7,\r\n");
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == std::string::npos);
    CHECK(report::render_csv(fixture_report(), true) == "\xEF\xBB\xBF" + csv);
  }

  TEST_CASE("csv: commas, quotes, line breaks and non-ASCII survive Python's csv reader") {
    auto report = fixture_report();
    report.findings[0].message = "a, \"b\"\r\nc\nd";
    report.accounts[0].account.email = "zhāng.wěi@例子.中国";
    report.findings[1].actual = std::string("bad \xff byte");
    const std::string csv = report::render_csv(report, true);
    CHECK(csv.find("\"a, \"\"b\"\"\r\nc\nd\"") != std::string::npos);
    testutil::write_bytes("out.csv", csv);
    auto r = python("import csv,json,sys\n"
                    "rows=list(csv.reader(open(sys.argv[1],newline='',encoding='utf-8-sig')))\n"
                    "print(json.dumps([len(rows),sorted(set(len(r) for r in rows)),rows[1][7],rows[1][16],rows[2][12]]))\n",
                    "out.csv");
    if (r) {
      REQUIRE(r->exit_code == 0);
      CHECK(nlohmann::json::parse(r->out) ==
            nlohmann::json::parse(R"([5,[21],"zhāng.wěi@例子.中国","a, \"b\"\r\nc\nd","bad \ufffd byte"])"));
    }
    CHECK(report::csv_columns().size() == 21);
  }

  TEST_CASE("sarif: valid SARIF 2.1.0 with rules, levels, home-relative locations and logical locations") {
    const std::string text = report::render_sarif(fixture_report(), fixture_rules(), {"/home/ann"});
    check_sarif_schema_errors(text, 0);
    auto sarif = nlohmann::json::parse(text);
    auto broken = sarif;
    broken["runs"][0]["results"][0]["level"] = "fatal";
    broken["runs"][0]["tool"]["driver"].erase("name");
    check_sarif_schema_errors(broken.dump(), 1);
    CHECK(sarif["version"] == "2.1.0");
    REQUIRE(sarif["runs"].size() == 1);
    const auto& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "mailmend");
    CHECK(run["originalUriBaseIds"] == nlohmann::json::parse(R"({"HOME_ann": {"uri": "file:///home/ann/"}, "ROOT": {"uri": "file:///"}})"));
    const auto& rules = run["tool"]["driver"]["rules"];
    REQUIRE(rules.size() == 5);
    CHECK(rules[0]["id"] == "retired-host");
    CHECK(rules[0]["shortDescription"]["text"] == "the server host was retired by the provider");
    CHECK(rules[0]["fullDescription"]["text"] ==
          "the server host was retired by the provider. A shared rule, checked on every account; usual severity error.");
    CHECK(rules[0]["helpUri"] == "https://mailmend.invalid/README.md#rules");
    CHECK(rules[0]["help"]["text"].get<std::string>().find("`mailmend fix` proposes the change") != std::string::npos);
    CHECK(rules[0]["defaultConfiguration"]["level"] == "error");
    CHECK(rules[0]["properties"]["security-severity"] == "7.0");
    CHECK(rules[3]["helpUri"] == "https://mailmend.invalid/README.md#clients");
    CHECK(rules[3]["defaultConfiguration"]["level"] == "warning");
    const auto& results = run["results"];
    REQUIRE(results.size() == 4);
    CHECK(results[0]["ruleId"] == "retired-host");
    CHECK(results[0]["ruleIndex"] == 0);
    CHECK(results[0]["level"] == "error");
    CHECK(results[0]["message"]["text"] == "Retired, use outlook.office365.com.");
    CHECK(results[0]["locations"][0]["physicalLocation"] ==
          nlohmann::json::parse(R"({"artifactLocation": {"uri": ".thunderbird/x.default/prefs.js", "uriBaseId": "HOME_ann"},
                                    "region": {"startLine": 12}})"));
    CHECK(results[0]["locations"][0]["logicalLocations"][0] ==
          nlohmann::json::parse(R"({"fullyQualifiedName": "mail.server.server1.hostname", "kind": "property"})"));
    // A registry value: the hive file, no line, the value as a logical location.
    CHECK(results[1]["level"] == "warning");
    CHECK(results[1]["locations"][0]["physicalLocation"] ==
          nlohmann::json::parse(R"({"artifactLocation": {"uri": "NTUSER.DAT", "uriBaseId": "HOME_ann"}})"));
    CHECK(results[1]["locations"][0]["logicalLocations"][0]["kind"] == "value");
    CHECK(results[2]["properties"]["counted"] == false);
    CHECK(results[3]["ruleIndex"] == 3);
    CHECK(results[3]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7);
    CHECK(results[3]["locations"][0].count("logicalLocations") == 0);
    // Machine identity, and the damaged source as a tool notification.
    CHECK(run["invocations"][0]["machine"] == "pc-042");
    CHECK(run["properties"]["machineId"] == "0123456789abcdef0123456789abcdef");
    const auto& notes = run["invocations"][0]["toolExecutionNotifications"];
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["level"] == "error");
    CHECK(notes[0]["message"]["text"] == "damaged: /home/ann/old/prefs.js: prefs.js:3: the file ends inside a statement");
  }

  TEST_CASE("sarif: files outside every home, live registry values and odd characters in paths") {
    auto report = fixture_report();
    report.findings[0].origin.file = report.accounts[0].account.source = "/srv/mail profiles/ä#1/prefs.js";
    report.findings[1].origin.file = report.accounts[1].account.source = "HKCU";
    auto sarif = sarif_of(report);
    const auto& results = sarif["runs"][0]["results"];
    CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"] ==
          nlohmann::json::parse(R"({"uri": "srv/mail%20profiles/%C3%A4%231/prefs.js", "uriBaseId": "ROOT"})"));
    CHECK(results[1]["locations"][0].count("physicalLocation") == 0);
    CHECK(results[1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] ==
          "HKCU\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375\\00000002\\SMTP Use SSL");
    check_sarif_schema_errors(sarif.dump(), 0);
    // Two homes of one name get two symbols.
    auto two = sarif_of(fixture_report(), {"/home/ann", "/mnt/copy/ann/"});
    CHECK(two["runs"][0]["originalUriBaseIds"]["HOME_ann_2"]["uri"] == "file:///mnt/copy/ann/");
  }

  TEST_CASE("sarif: a finding keeps its fingerprint across runs, line moves and a copied home; another finding differs") {
    const auto first = fingerprints(sarif_of(fixture_report()));
    REQUIRE(first.size() == 4);
    CHECK(std::set<std::string>(first.begin(), first.end()).size() == 4);
    auto later = fixture_report();
    later.generated_at = "2026-12-01T08:00:00Z";
    later.machine_id = "ffffffffffffffffffffffffffffffff";
    later.findings[0].origin.line = 40;
    later.findings[0].message = "Retired (reworded).";
    CHECK(fingerprints(sarif_of(later)) == first);
    // The same home audited from a copy elsewhere.
    auto copied = fixture_report();
    for (auto& f : copied.findings) {
      if (f.origin.file.starts_with("/home/ann/")) f.origin.file = "/mnt/copy/ann/" + f.origin.file.substr(10);
    }
    for (auto& a : copied.accounts) a.account.source = "/mnt/copy/ann/" + a.account.source.substr(10);
    CHECK(fingerprints(sarif_of(copied, {"/mnt/copy/ann"})) == first);
    auto other = fixture_report();
    other.accounts[0].account.key = "account2";
    CHECK(fingerprints(sarif_of(other))[0] != first[0]);
    CHECK(fingerprints(sarif_of(other))[1] == first[1]);
  }

  TEST_CASE("junit: a testsuite per source, a testcase per account and rule, a failure per finding") {
    const std::string xml = report::render_junit(fixture_report(), fixture_rules());
    CHECK(testutil::tinyxml2_error(xml) == "");
    CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mailmend " MAILMEND_VERSION
                    " audit of pc-042\" tests=\"16\" failures=\"4\" errors=\"1\" skipped=\"1\">\n", 0) == 0);
    CHECK(xml.find("  <testsuite name=\"thunderbird /home/ann/.thunderbird/x.default/prefs.js\" tests=\"6\" failures=\"3\" "
                   "errors=\"0\" skipped=\"0\" hostname=\"pc-042\" timestamp=\"2026-11-27T10:00:00Z\">\n"
                   "    <properties>\n"
                   "      <property name=\"machine_id\" value=\"0123456789abcdef0123456789abcdef\"/>\n"
                   "      <property name=\"client\" value=\"thunderbird\"/>\n"
                   "      <property name=\"status\" value=\"ok\"/>\n"
                   "    </properties>\n"
                   "    <testcase classname=\"source\" name=\"read\"/>\n"
                   "    <testcase classname=\"ann@outlook.com (account1)\" name=\"retired-host\">\n"
                   "      <failure type=\"error\" message=\"Retired, use outlook.office365.com.\">Retired, use outlook.office365.com.\n"
                   "incoming.host: pop3.live.com -&gt; outlook.office365.com\n"
                   "at /home/ann/.thunderbird/x.default/prefs.js:12 (mail.server.server1.hostname)</failure>\n"
                   "    </testcase>\n"
                   "    <testcase classname=\"ann@outlook.com (account1)\" name=\"plaintext\"/>\n"
                   "    <testcase classname=\"ann@outlook.com (account1)\" name=\"host-not-provider\">\n"
                   "      <failure type=\"error\" message=\"found with retired-host: Retired, use outlook.office365.com.\">"
                   "Retired, use outlook.office365.com.\n"
                   "incoming.host: pop3.live.com -&gt; outlook.office365.com\n"
                   "at /home/ann/.thunderbird/x.default/prefs.js:12 (mail.server.server1.hostname)</failure>\n"
                   "    </testcase>\n"
                   "    <testcase classname=\"ann@outlook.com (account1)\" name=\"thunderbird-pref-syntax\"/>\n"
                   "    <testcase classname=\"source\" name=\"thunderbird-pref-syntax\">\n"
                   "      <failure type=\"warning\" message=\"prefs.js:7: unterminated string\">prefs.js:7: unterminated string\n"
                   "at /home/ann/.thunderbird/x.default/prefs.js:7</failure>\n"
                   "    </testcase>\n"
                   "  </testsuite>\n") != std::string::npos);
    // The Outlook account is checked with the shared rules and Outlook's, never Thunderbird's.
    CHECK(xml.find("classname=\"bob@example.org (00000002)\" name=\"outlook-spa-without-ntlm\"/>") != std::string::npos);
    CHECK(xml.find("classname=\"bob@example.org (00000002)\" name=\"thunderbird-pref-syntax\"") == std::string::npos);
    CHECK(xml.find("<testcase classname=\"source\" name=\"read\">\n      <error type=\"unreadable\" message=\"prefs.js:3: the file "
                   "ends inside a statement\"/>\n") != std::string::npos);
    CHECK(xml.find("<skipped message=\"in a stale file the client no longer reads: shown, not counted\"/>") != std::string::npos);
    testutil::write_bytes("out.xml", xml);
    auto r = python("import sys, xml.etree.ElementTree as E\n"
                    "root=E.parse(sys.argv[1]).getroot()\n"
                    "print(len(root.findall('testsuite')), len(root.findall('.//testcase')), len(root.findall('.//failure')))\n",
                    "out.xml");
    if (r) {
      CHECK(r->exit_code == 0);
      CHECK(r->out == "3 16 4\n");
    }
  }

  TEST_CASE("junit: markup and control characters in values are escaped; the XML still parses") {
    auto report = fixture_report();
    report.findings[0].message = "<b>\"&'\x01\x1b[2J";
    report.accounts[0].account.email = "a&b@example.com";
    const std::string xml = report::render_junit(report, fixture_rules());
    CHECK(testutil::tinyxml2_error(xml) == "");
    CHECK(xml.find("message=\"&lt;b&gt;&quot;&amp;'\\x01\\x1B[2J\"") != std::string::npos);
    CHECK(xml.find("classname=\"a&amp;b@example.com (account1)\"") != std::string::npos);
    CHECK(xml.find('\x1b') == std::string::npos);
  }

  TEST_CASE("machine identity: every format names the host and the machine id") {
    const auto report = fixture_report();
    const std::string id = "0123456789abcdef0123456789abcdef";
    CHECK(report::to_json(report)["machine_id"] == id);
    auto back = report::report_from_json(report::render_json(report), "r.json");
    REQUIRE(back);
    CHECK(back->machine_id == id);
    CHECK(report::render_text(report, false).rfind("mailmend " MAILMEND_VERSION " audit of pc-042 (machine id " + id + ") at ", 0) == 0);
    CHECK(report::render_ndjson(report).find("\"host\":{\"id\":\"" + id + "\",\"name\":\"pc-042\"}") != std::string::npos);
    CHECK(report::render_csv(report, false).find("\r\npc-042," + id + ",") != std::string::npos);
    CHECK(sarif_of(report)["runs"][0]["invocations"][0]["properties"]["machineId"] == id);
    CHECK(report::render_junit(report, fixture_rules()).find("hostname=\"pc-042\"") != std::string::npos);
    auto unknown = report;
    unknown.machine_id.clear();
    CHECK(report::to_json(unknown)["machine_id"].is_null());
    CHECK(report::report_from_json(report::render_json(unknown), "r.json")->machine_id.empty());
    // A report of mailmend 0.2.0 has no machine_id member; it still reads.
    auto old = report::to_json(report);
    old.erase("machine_id");
    CHECK(report::report_from_json(old.dump(), "r.json")->machine_id.empty());
    CHECK(report::render_text(unknown, false).rfind("mailmend " MAILMEND_VERSION " audit of pc-042 at ", 0) == 0);
  }
}
