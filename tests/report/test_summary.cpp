// The fleet summary at scale: NDJSON records and JSON reports, hosts by machine id, stale hosts,
// the reader's grammar, the same result on any number of threads, and every output format.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "report/json_writer.hpp"
#include "report/render.hpp"
#include "report/summary.hpp"
#include "report/summary_scan.hpp"
#include "sample_report.hpp"
#include "support/testutil.hpp"

using reporttest::sample_report;
namespace fs = std::filesystem;

namespace {

const std::int64_t kNow = *report::parse_rfc3339("2026-11-27T10:00:00Z");

report::FleetSummary summarise(const std::vector<fs::path>& inputs, unsigned threads = 0, int stale_days = 7) {
  report::SummaryOptions o;
  o.now = kNow;
  o.stale_days = stale_days;
  o.threads = threads;
  return report::summarise_reports(inputs, o);
}

core::Report report_of(const std::string& host, const std::string& machine_id, const std::string& when) {
  auto r = sample_report();
  r.host = host;
  r.machine_id = machine_id;
  r.generated_at = when;
  return r;
}

}  // namespace

TEST_SUITE("summary") {
  TEST_CASE("NDJSON records count exactly as the JSON reports they were rendered from") {
    auto a = report_of("pc-1", "aaaa", "2026-11-27T09:00:00Z");
    auto b = report_of("pc-2", "bbbb", "2026-11-26T09:00:00Z");
    b.findings.pop_back();
    fs::create_directories("json");
    testutil::write_bytes("json/a.json", report::render_json(a));
    testutil::write_bytes("json/b.json", report::render_json(b));
    testutil::write_bytes("fleet.ndjson", report::render_ndjson(a) + report::render_ndjson(b));
    auto from_json = summarise({"json"});
    auto from_ndjson = summarise({"fleet.ndjson"});
    CHECK(from_ndjson.reports == 2);
    CHECK(from_ndjson.hosts == 2);
    CHECK(from_ndjson.errors == 2);
    CHECK(from_ndjson.warnings == 1);
    CHECK(from_ndjson.accounts == 2);
    CHECK(from_ndjson.sources_failed == 2);
    CHECK(from_ndjson.unreadable_reports == 0);
    nlohmann::json j = report::summary_json(from_json), n = report::summary_json(from_ndjson);
    for (const char* key : {"reports", "hosts", "accounts", "errors", "warnings", "infos", "hosts_with_errors",
                            "error_hosts", "rules", "clients", "sources_failed", "stale_hosts"}) {
      CHECK_MESSAGE(j[key] == n[key], key);
    }
    // NDJSON names a provider by its id; the JSON report also by its name.
    CHECK(n["providers"] == nlohmann::json::parse(R"([{"provider":"outlook.com","id":"outlook.com","accounts":2,"hosts":2,"findings":2}])"));
    CHECK(j["providers"] == nlohmann::json::parse(R"([{"provider":"Outlook.com","id":"outlook.com","accounts":2,"hosts":2,"findings":2}])"));
    CHECK(j["clients"] == nlohmann::json::parse(R"([{"client":"thunderbird","accounts":2,"hosts":2,"findings":3}])"));
  }

  TEST_CASE("a bad NDJSON line is named with its line, and the other records still count") {
    auto a = report_of("pc-1", "aaaa", "2026-11-27T09:00:00Z");
    auto b = report_of("pc-2", "bbbb", "2026-11-27T09:00:00Z");
    const std::string lines = report::render_ndjson(a);  // 3 lines: run, 2 findings
    // Line 4 breaks off; line 5 is JSON but neither a report nor a record.
    testutil::write_bytes("f.ndjson", lines + "{\"type\": \"finding\", \"rule\": {\"id\": \"x\"\n" +
                                          "{\"host\": {\"name\": \"z\"}}\n" + report::render_ndjson(b));
    auto s = summarise({"f.ndjson"});
    CHECK(s.reports == 2);
    CHECK(s.hosts == 2);
    CHECK(s.errors == 2);
    CHECK(s.unreadable_reports == 2);
    CHECK(s.problems == std::vector<std::string>{
                            "f.ndjson:4: invalid or truncated JSON (it breaks off or goes wrong at byte 40 of the value that starts on this line)",
                            "f.ndjson:5: not a mailmend JSON report or NDJSON record"});
    CHECK(report::summary_exit_code(s) == core::ExitCode::Partial);
  }

  TEST_CASE("a host is its machine id (else its name): the newest report names it") {
    fs::create_directories("r");
    testutil::write_bytes("r/1.json", report::render_json(report_of("old-name", "m1", "2026-11-20T10:00:00Z")));
    testutil::write_bytes("r/2.json", report::render_json(report_of("new-name", "m1", "2026-11-26T10:00:00Z")));
    testutil::write_bytes("r/3.json", report::render_json(report_of("new-name", "", "2026-11-26T10:00:00Z")));
    testutil::write_bytes("r/4.json", report::render_json(report_of("new-name", "", "2026-11-25T10:00:00Z")));
    auto s = summarise({"r"});
    CHECK(s.reports == 4);
    CHECK(s.superseded_reports == 2);
    REQUIRE(s.host_list.size() == 2);
    CHECK(s.host_list[0].name == "new-name");
    CHECK(s.host_list[0].machine_id == "");
    CHECK(s.host_list[1].name == "new-name");
    CHECK(s.host_list[1].machine_id == "m1");
    CHECK(s.host_list[1].generated_at == "2026-11-26T10:00:00Z");
  }

  TEST_CASE("stale hosts: the newest report older than --stale-days, measured from the time given") {
    fs::create_directories("r");
    testutil::write_bytes("r/fresh.json", report::render_json(report_of("fresh", "m1", "2026-11-26T10:00:00Z")));
    testutil::write_bytes("r/old.json", report::render_json(report_of("old", "m2", "2026-11-01T09:59:59Z")));
    testutil::write_bytes("r/edge.json", report::render_json(report_of("edge", "m3", "2026-11-20T10:00:00+00:00")));
    auto r = report_of("notime", "m4", "yesterday");
    testutil::write_bytes("r/notime.json", report::render_json(r));
    auto s = summarise({"r"});
    REQUIRE(s.host_list.size() == 4);
    CHECK(s.host_list[0].name == "edge");
    CHECK(s.host_list[0].age_days == 7);
    CHECK_FALSE(s.host_list[0].stale);  // exactly 7 days is not older than 7 days
    CHECK(s.host_list[1].name == "fresh");
    CHECK_FALSE(s.host_list[1].stale);
    CHECK(s.host_list[2].name == "notime");
    CHECK(s.host_list[2].stale);
    CHECK_FALSE(s.host_list[2].age_days.has_value());
    CHECK(s.host_list[3].name == "old");
    CHECK(s.host_list[3].age_days == 26);
    CHECK(s.host_list[3].stale);
    CHECK(s.stale_hosts == 2);
    CHECK(s.now == "2026-11-27T10:00:00Z");
    CHECK(report::render_summary_text(s).find("\nStale hosts (newest report older than 7 days): 2 (notime (no time), old (26 days))\n") !=
          std::string::npos);
    CHECK(summarise({"r"}, 0, 30).stale_hosts == 1);
  }

  TEST_CASE("RFC 3339 times: offsets, fractions, and what is not one") {
    CHECK(report::parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(report::parse_rfc3339("2026-11-27T11:30:00.123+01:30") == kNow);
    CHECK(report::parse_rfc3339("2000-02-29T00:00:00Z") == 951782400);
    CHECK_FALSE(report::parse_rfc3339("2026-11-27 10:00").has_value());
    CHECK_FALSE(report::parse_rfc3339("2026-13-27T10:00:00Z").has_value());
    CHECK_FALSE(report::parse_rfc3339("2026-11-27T10:00:00").has_value());
    CHECK(report::format_rfc3339(kNow) == "2026-11-27T10:00:00Z");
    CHECK(report::format_rfc3339(951782399) == "2000-02-28T23:59:59Z");
  }

  TEST_CASE("the reader keeps the grammar: escapes decode, broken text and deep nesting are named") {
    using report::scan::Outcome;
    report::scan::Digest d;
    auto ok = report::scan::scan_value(R"( {"host": "caf\u00e9 \ud83d\ude00 \"q\"\n", "findings": [], "x": [1.5e-3, -0, true, null, {}]} )",
                                       0, true, d);
    CHECK(ok.outcome == Outcome::Value);
    CHECK(d.host == "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\"\n");
    CHECK(d.kind == report::scan::Kind::Report);
    for (const char* bad : {R"({"host": "a\x"})", "{\"host\": \"a\x01\"}", R"({"a": 01})", R"({"a": tru})", R"({"a": "\udc00"})",
                            R"({"a" 1})", R"({"a": [1,]})", R"({"a": -})", R"({"a": 1.})"}) {
      report::scan::Digest ignored;
      CHECK_MESSAGE(report::scan::scan_value(bad, 0, true, ignored).outcome == Outcome::Invalid, bad);
    }
    report::scan::Digest cut;
    CHECK(report::scan::scan_value(R"({"findings": [{"rule": "ab)", 0, false, cut).outcome == Outcome::NeedMore);
    CHECK(report::scan::scan_value(R"({"findings": [{"rule": "ab)", 0, true, cut).outcome == Outcome::Invalid);
    // A number that is the whole text ends with it (found by the summary_json fuzz target); in a
    // stream it may go on; cut inside an object it is not a value.
    report::scan::Digest number;
    CHECK(report::scan::scan_value("0e95", 0, true, number).outcome == Outcome::Value);
    CHECK(report::scan::scan_value("0e95", 0, true, number).end == 4);
    CHECK(report::scan::scan_value("0e95", 0, false, number).outcome == Outcome::NeedMore);
    CHECK(report::scan::scan_value(R"({"a": 12)", 0, true, number).outcome == Outcome::Invalid);
    testutil::write_bytes("deep.json", "{\"findings\": " + std::string(100, '[') + std::string(100, ']') + "}");
    CHECK(summarise({"deep.json"}).problems == std::vector<std::string>{"deep.json: not a mailmend JSON report (nested deeper than 64 levels)"});
  }

  TEST_CASE("the reader finds a string's end, escape or control character at every offset, indented or not") {
    // Strings are passed over eight bytes at a time: put what stops a run at each offset of the
    // first three words, after plain ASCII and UTF-8 (bytes with the high bit) alike.
    using report::scan::Outcome;
    for (const std::string filler : {"a", "\xc3\xa9", "\x7f"}) {
      for (std::size_t k = 0; k < 24; ++k) {
        std::string before;
        while (before.size() < k) before += filler;
        before.resize(k);
        if (filler.size() == 2 && k % 2 == 1) before.back() = 'b';  // whole characters only
        for (const std::string& indent : std::vector<std::string>{"", "\n", "\n" + std::string(k, ' ')}) {
          const std::string text = "{" + indent + "\"host\": \"" + before + "\\\"" + before + "\"" + indent + "}";
          report::scan::Digest d;
          const auto r = report::scan::scan_value(text, 0, true, d);
          REQUIRE_MESSAGE(r.outcome == Outcome::Value, text);
          CHECK(r.end == text.size());
          CHECK(d.host == nlohmann::json::parse(text).at("host").get<std::string>());
          report::scan::Digest control;
          const std::string broken = "{\"host\": \"" + before + "\x1f" + before + "\"}";
          const auto bad = report::scan::scan_value(broken, 0, true, control);
          CHECK(bad.outcome == Outcome::Invalid);
          CHECK(bad.end == 10 + k);
        }
      }
    }
  }

  TEST_CASE("the result is the same on one thread and on several (input order decides ties)") {
    fs::create_directories("many/a");
    fs::create_directories("many/b");
    for (int i = 0; i < 300; ++i) {
      auto r = report_of("pc-" + std::to_string(i % 170), "", "2026-11-2" + std::to_string(i % 7) + "T10:00:00Z");
      if (i % 3 == 0) r.findings.pop_back();
      if (i % 11 == 0) r.host = "pc-tie";
      testutil::write_bytes("many/" + std::string(i % 2 ? "a" : "b") + "/r" + std::to_string(i) + ".json", report::render_json(r));
    }
    testutil::write_bytes("many/a/bad.json", "{");
    auto one = summarise({"many"}, 1);
    auto two = summarise({"many"}, 2);
    auto eight = summarise({"many"}, 8);
    CHECK(one.reports == 300);
    CHECK(one.unreadable_reports == 1);
    CHECK(report::summary_json(one) == report::summary_json(two));
    CHECK(report::summary_json(one) == report::summary_json(eight));
    CHECK(report::render_summary_csv(one) == report::render_summary_csv(two));
    CHECK(report::render_summary_html(one, {}) == report::render_summary_html(eight, {}));
  }

  TEST_CASE("an NDJSON stream bigger than the read buffer streams through, its lines counted right") {
    std::string stream;
    for (int i = 0; i < 4000; ++i) {
      auto r = report_of("pc-" + std::to_string(i), "m" + std::to_string(i), "2026-11-27T09:00:00Z");
      r.findings[0].message = std::string(400, 'x');
      stream += report::render_ndjson(r);
    }
    const std::size_t lines = static_cast<std::size_t>(std::count(stream.begin(), stream.end(), '\n'));
    REQUIRE(stream.size() > 2u << 20);
    stream += "oops\n";
    testutil::write_bytes("big.jsonl", stream);
    auto s = summarise({"big.jsonl"});
    CHECK(s.reports == 4000);
    CHECK(s.errors == 4000);
    CHECK(s.problems == std::vector<std::string>{"big.jsonl:" + std::to_string(lines + 1) +
                                                 ": invalid or truncated JSON (it breaks off or goes wrong at byte 1 of the value that starts on this line)"});
  }

  TEST_CASE("formats: CSV per host, NDJSON lines, SQLite tables carry the same numbers") {
    fs::create_directories("r");
    auto a = report_of("pc-1", "m1", "2026-11-27T09:00:00Z");
    auto b = report_of("pc,\"2\"", "", "2026-10-01T00:00:00Z");
    b.findings.pop_back();
    testutil::write_bytes("r/a.json", report::render_json(a));
    testutil::write_bytes("r/b.json", report::render_json(b));
    auto s = summarise({"r"});
    CHECK(report::render_summary_csv(s) ==
          "host,machine_id,generated_at,age_days,stale,accounts,errors,warnings,infos,stale_findings,sources_failed\r\n"
          "\"pc,\"\"2\"\"\",,2026-10-01T00:00:00Z,57,true,1,1,0,0,0,1\r\n"
          "pc-1,m1,2026-11-27T09:00:00Z,0,false,1,1,1,0,0,1\r\n");
    const std::string nd = report::render_summary_ndjson(s);
    std::vector<nlohmann::json> lines;
    for (std::size_t at = 0, end; (end = nd.find('\n', at)) != std::string::npos; at = end + 1) {
      lines.push_back(nlohmann::json::parse(nd.substr(at, end - at)));
    }
    REQUIRE(lines.size() == 5);  // summary, 2 rules, 2 hosts
    CHECK(lines[2]["type"] == "rule");
    CHECK(lines[4]["type"] == "host");
    CHECK(lines[4]["host"] == "pc-1");
    CHECK(lines[0]["type"] == "summary");
    CHECK(lines[0]["errors"] == 2);
    testutil::write_bytes("s.sqlite", report::render_summary_sqlite(s));
    SQLite::Database db("s.sqlite", SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT errors FROM summary").getInt() == 2);
    CHECK(db.execAndGet("SELECT count(*) FROM hosts WHERE stale = 1").getInt() == 1);
    CHECK(db.execAndGet("SELECT sum(findings) FROM findings WHERE severity = 'error'").getInt() == 2);
    CHECK(db.execAndGet("SELECT hosts FROM rules WHERE rule = 'retired-host'").getInt() == 2);
    CHECK(db.execAndGet("SELECT provider || '/' || id || '/' || accounts FROM providers").getString() == "Outlook.com/outlook.com/2");
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
  }

  TEST_CASE("the dashboard escapes every value from a report: no markup, no end of its script") {
    auto r = report_of("</script><img src=x onerror=alert(1)>", "", "2026-11-27T09:00:00Z");
    r.findings[0].rule = "\"><svg onload=alert(2)>";
    r.accounts[0].provider->name = "<b>&amp;";
    testutil::write_bytes("evil.json", report::render_json(r));
    const std::string page = report::render_summary_html(summarise({"evil.json"}), {});
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("<svg onload") == std::string::npos);
    CHECK(page.find("<b>") == std::string::npos);
    CHECK(page.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(page.find("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e") != std::string::npos);
    CHECK(page.find("&lt;b&gt;&amp;amp;") != std::string::npos);
    // The only ends of script elements are the two the page has itself.
    std::size_t ends = 0;
    for (auto at = page.find("</script"); at != std::string::npos; at = page.find("</script", at + 1)) ++ends;
    CHECK(ends == 2);
    CHECK(page.find("http://") == std::string::npos);
    CHECK(page.find("https://") == std::string::npos);
  }
}

TEST_SUITE("json writer") {
  // What dump() makes of the document the writer wrote: the same bytes, when the writer is right.
  std::string as_nlohmann_dumps(const std::string& written, int indent) {
    return nlohmann::json::parse(written).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  TEST_CASE("writes what nlohmann::json's dump() writes, compact and indented, escapes included") {
    for (int indent : {-1, 2, 4}) {
      std::string out;
      report::JsonWriter w(out, indent);
      w.begin_object();
      w.key("a").begin_array().end_array();
      w.key("b").begin_object().end_object();
      w.key("c").begin_array().value(std::int64_t{-5}).value(std::uint64_t{18446744073709551615u}).value(true).null();
      w.begin_array().value("x").end_array().begin_object().member("k", "v").end_object().end_array();
      w.member("d", "quote \" backslash \\ tab \t nul-free control \x01 caf\xc3\xa9 \xe4\xb8\xad");
      w.key("e").text_or_null("").key("f").value_or_null(std::optional<std::int64_t>(7));
      w.key("g").strings({"one", "</script>"}).end_object();
      CAPTURE(indent);
      CHECK(out == as_nlohmann_dumps(out, indent));
    }
  }

  TEST_CASE("invalid UTF-8 is replaced as dump() replaces it") {
    std::string out;
    report::JsonWriter(out).begin_array().value(std::string("ok \xff\xfe end \xc3")).end_array();
    CHECK(out == nlohmann::json::array({std::string("ok \xff\xfe end \xc3")}).dump(-1, ' ', false,
                                                                                   nlohmann::json::error_handler_t::replace));
  }

  TEST_CASE("the summary's JSON, NDJSON and dashboard data are the bytes dump() gives their documents") {
    fs::create_directories("w");
    auto a = report_of("pc-1", "m1", "2026-11-27T09:00:00Z");
    auto b = report_of("pc \"2\" \xe4\xb8\xad", "", "2026-10-01T00:00:00Z");
    auto c = report_of("pc-3", "m3", "not a time");
    b.findings.pop_back();
    testutil::write_bytes("w/a.json", report::render_json(a));
    testutil::write_bytes("w/b.json", report::render_json(b));
    testutil::write_bytes("w/c.json", report::render_json(c));
    testutil::write_bytes("w/bad.json", "{");
    auto s = summarise({"w"});
    REQUIRE(s.hosts == 3);
    REQUIRE(s.problems.size() == 1);
    const std::string overview = report::render_summary_json(s);
    CHECK(overview == as_nlohmann_dumps(overview, 2) + "\n");
    const auto j = report::summary_json(s);
    CHECK(j["stale"].size() == 2);  // b is old, c has no time
    CHECK(j["error_hosts"].size() == 3);
    CHECK(j["problems"].size() == 1);
    CHECK(j["stale_days"] == 7);
    const std::string nd = report::render_summary_ndjson(s);
    std::size_t lines = 0;
    for (std::size_t at = 0, end; (end = nd.find('\n', at)) != std::string::npos; at = end + 1, ++lines) {
      const std::string line = nd.substr(at, end - at);
      CHECK(line == as_nlohmann_dumps(line, -1));
    }
    CHECK(lines == 1 + s.rules.size() + s.hosts);
    const std::string page = report::render_summary_html(s, {});
    const std::string open = "<script type=\"application/json\" id=\"fleet-data\">";
    const auto from = page.find(open) + open.size();
    std::string data = page.substr(from, page.find("</script>", from) - from);
    CHECK(data == as_nlohmann_dumps(data, -1));
    CHECK(nlohmann::json::parse(data)["hosts"].size() == 3);
  }
}
