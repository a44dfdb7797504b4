#include <doctest/doctest.h>

#include "report/render.hpp"
#include "report/summary.hpp"
#include "sample_report.hpp"
#include "support/probe_samples.hpp"
#include "support/testutil.hpp"

using reporttest::sample_report;
using reporttest::validate;

TEST_SUITE("report") {
  TEST_CASE("the JSON report has the documented shape and validates against the schema") {
    auto j = report::to_json(sample_report());
    CHECK(j["schema"] == report::kSchemaId);
    CHECK(j["tool"]["name"] == "mailmend");
    CHECK(j["sources"][1]["status"] == "error");
    CHECK(j["accounts"][0]["incoming"]["port"] == 995);
    CHECK(j["accounts"][0]["incoming"]["port"].is_number_integer());
    CHECK(j["accounts"][0]["outgoing"].is_null());
    CHECK(j["accounts"][0]["provider"]["matched_by"] == "email-domain");
    CHECK(j["findings"][0]["expected"] == "outlook.office365.com");
    CHECK(j["findings"][0]["origin"]["line"] == 12);
    CHECK(j["findings"][1]["account"].is_null());
    CHECK(j["findings"][1]["field"].is_null());
    CHECK(j["summary"] == nlohmann::json{{"accounts", 1}, {"errors", 1}, {"warnings", 1}, {"infos", 0}, {"not_counted", 0}});
    if (testutil::host_tools_available()) {
      CHECK(validate(report::render_json(sample_report())) == 0);
    } else {
      MESSAGE(testutil::host_tool_skipped("python3 scripts/validate-json"));
    }
  }

  TEST_CASE("a report with probes validates against the schema") {
    if (testutil::host_tools_available()) {
      CHECK(validate(report::render_json(testsamples::report_with_probes())) == 0);
    } else {
      MESSAGE(testutil::host_tool_skipped("python3 scripts/validate-json"));
    }
  }

  TEST_CASE("invalid UTF-8 from a user's file does not break the JSON") {
    auto r = sample_report();
    r.accounts[0].account.name = std::string("bad \xff\xfe name");
    auto text = report::render_json(r);
    CHECK(nlohmann::json::parse(text)["accounts"][0]["name"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD name");
  }

  TEST_CASE("the text report groups findings by account and names the place") {
    auto text = report::render_text(sample_report(), false);
    CHECK(text.find("ann@outlook.com  (thunderbird account1, profile default)  provider: Outlook.com (by email-domain outlook.com)") != std::string::npos);
    CHECK(text.find("  incoming  pop3  pop3.live.com:995  SSL/TLS  auth password-cleartext  user ann@outlook.com\n") != std::string::npos);
    CHECK(text.find("  ERROR   retired-host  incoming.host: pop3.live.com -> outlook.office365.com  [fixable]\n") != std::string::npos);
    CHECK(text.find("           at /p/prefs.js:12 (mail.server.server1.hostname)\n") != std::string::npos);
    CHECK(text.find("Not tied to one account\n  WARNING thunderbird-pref-syntax\n") != std::string::npos);
    CHECK(text.find("  error   outlook  /home/ann/NTUSER.DAT  /home/ann/NTUSER.DAT: not a registry hive\n") != std::string::npos);
    CHECK(text.find("Summary: 1 account, 1 error, 1 warning, 0 infos\n") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(report::render_text(sample_report(), true).find("\x1b[1;31mERROR") != std::string::npos);
  }

  TEST_CASE("control characters in values never reach the terminal") {
    auto r = sample_report();
    r.accounts[0].account.email = "evil\x1b[2J@example.com";
    auto text = report::render_text(r, false);
    CHECK(text.find("evil\\x1B[2J@example.com") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
  }

  TEST_CASE("the fleet summary counts reports, hosts, rules and unreadable files") {
    auto r1 = sample_report();
    auto r2 = sample_report();
    r2.host = "pc-043";
    r2.findings.pop_back();
    std::filesystem::create_directories("fleet/sub");
    testutil::write_bytes("fleet/pc-042.json", report::render_json(r1));
    testutil::write_bytes("fleet/sub/pc-043.json", report::render_json(r2));
    testutil::write_bytes("fleet/broken.json", "{\"not\": \"a report\"");
    testutil::write_bytes("fleet/notes.txt", "ignored");
    auto s = report::summarise_reports({"fleet"});
    CHECK(s.reports == 2);
    CHECK(s.unreadable_reports == 1);
    CHECK(s.problems ==
          std::vector<std::string>{testutil::native("fleet/broken.json") +
                                   ": invalid or truncated JSON (it breaks off or goes wrong at byte 19 of 18)"});
    CHECK(s.hosts == 2);
    CHECK(s.accounts == 2);
    CHECK(s.errors == 2);
    CHECK(s.warnings == 1);
    CHECK(s.hosts_with_errors == 2);
    CHECK(s.sources_failed == 2);
    REQUIRE(s.rules.size() == 2);
    CHECK(s.rules[0].rule == "retired-host");
    CHECK(s.rules[0].findings == 2);
    CHECK(s.rules[0].hosts == 2);
    CHECK(s.rules[1].rule == "thunderbird-pref-syntax");
    REQUIRE(s.providers.size() == 1);
    CHECK(s.providers[0].provider == "Outlook.com");
    CHECK(s.providers[0].accounts == 2);
    auto text = report::render_summary_text(s);
    CHECK(text.find("Reports: 2 from 2 hosts (1 unreadable)\n") == 0);
  }

  TEST_CASE("issue 18 item 9: each host counts once (the newest report wins) and the hosts with errors are named") {
    auto old_report = sample_report();  // pc-042 with a retired-host error
    old_report.generated_at = "2026-11-01T10:00:00Z";
    auto new_report = sample_report();
    new_report.generated_at = "2026-11-27T10:00:00Z";
    new_report.findings.clear();  // fixed since
    auto other = sample_report();
    other.host = "pc-043";
    std::filesystem::create_directories("fleet/monday");
    // The newer report sorts first by name: the time decides, not the listing.
    testutil::write_bytes("fleet/a-new.json", report::render_json(new_report));
    testutil::write_bytes("fleet/monday/z-old.json", report::render_json(old_report));
    testutil::write_bytes("fleet/pc-043.json", report::render_json(other));
    auto s = report::summarise_reports({"fleet"});
    CHECK(s.reports == 3);
    CHECK(s.superseded_reports == 1);
    CHECK(s.hosts == 2);
    CHECK(s.accounts == 2);
    CHECK(s.errors == 1);  // pc-043's only
    CHECK(s.error_hosts == std::vector<std::string>{"pc-043"});
    CHECK(s.hosts_with_errors == 1);
    CHECK(report::summary_exit_code(s) == core::ExitCode::Ok);
    auto text = report::render_summary_text(s);
    CHECK(text.rfind("Reports: 3 from 2 hosts (1 older report of the same host left out (the newest report of each "
                     "host counts))\n", 0) == 0);
    CHECK(text.find("\nHosts with errors: 1 (pc-043)\n") != std::string::npos);
    auto j = report::summary_json(s);
    CHECK(j["error_hosts"] == nlohmann::json{"pc-043"});
    CHECK(j["superseded_reports"] == 1);
  }

  TEST_CASE("summary: stale accounts and their findings are left out of the counts, and said so") {
    auto r = sample_report();
    auto stale = r.accounts[0];
    stale.account.id += "-stale";
    stale.account.stale = true;
    r.accounts.push_back(stale);
    for (auto f : std::vector<core::Finding>(r.findings)) {
      if (f.account != r.accounts[0].account.id) continue;
      f.account = stale.account.id;
      r.findings.push_back(f);
    }
    const std::size_t stale_findings = r.findings.size() - sample_report().findings.size();
    REQUIRE(stale_findings > 0);
    testutil::write_bytes("r.json", report::render_json(r));
    auto s = report::summarise_reports({"r.json"});
    testutil::write_bytes("plain.json", report::render_json(sample_report()));
    auto plain = report::summarise_reports({"plain.json"});
    CHECK(s.accounts == plain.accounts);
    CHECK(s.errors == plain.errors);
    CHECK(s.warnings == plain.warnings);
    CHECK(s.stale_accounts == 1);
    CHECK(s.stale_findings == stale_findings);
    CHECK(report::render_summary_text(s).find("(1 stale account and their " + std::to_string(stale_findings) +
                                              " finding") != std::string::npos);
  }

  TEST_CASE("summary: a folder's files are read in the order of their paths, a subfolder's where its name sorts") {
    // Unreadable files are named in the order they are read: a.json, m/b.json, m/n/c.json, z.json.
    std::filesystem::create_directories("order/m/n");
    for (const char* file : {"order/z.json", "order/a.json", "order/m/n/c.json", "order/m/b.json"}) {
      testutil::write_bytes(file, "{");
    }
    testutil::write_bytes("order/m/notes.txt", "not a report");
    auto s = report::summarise_reports({"order", "order/a.json"}, {.now = 0, .stale_days = 7, .threads = 3});
    const auto sep = std::string(1, std::filesystem::path::preferred_separator);
    const std::vector<std::string> expected{"order" + sep + "a.json", "order" + sep + "m" + sep + "b.json",
                                            "order" + sep + "m" + sep + "n" + sep + "c.json",
                                            "order" + sep + "z.json", "order/a.json"};
    REQUIRE(s.problems.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(s.problems[i].rfind(expected[i] + ": invalid or truncated JSON", 0) == 0);
    }
    CHECK(s.unreadable_reports == 5);
  }

  TEST_CASE("summary: a cut report is invalid or truncated JSON; an empty folder is named; wrong types never throw") {
    const std::string full = report::render_json(sample_report());
    std::filesystem::create_directories("empty/sub");
    testutil::write_bytes("cut.json", full.substr(0, full.size() / 2));
    auto cut = report::summarise_reports({"cut.json"});
    REQUIRE(cut.problems.size() == 1);
    CHECK(cut.problems[0].rfind("cut.json: invalid or truncated JSON (it breaks off or goes wrong at byte ", 0) == 0);
    CHECK(report::summary_exit_code(cut) == core::ExitCode::Usage);
    auto empty = report::summarise_reports({"empty"});
    CHECK(empty.empty_inputs == std::vector<std::string>{"empty"});
    CHECK(report::summary_exit_code(empty) == core::ExitCode::Usage);
    CHECK(report::render_summary_text(empty).find(
              "no report in empty: the folder and its subfolders hold no *.json, *.ndjson or *.jsonl report") != std::string::npos);
    testutil::write_bytes("odd.json", R"({"host": 7, "findings": [{"rule": 1, "severity": ["error"]}, 3],
                                          "accounts": [{"stale": "yes", "provider": {"name": null}}]})");
    auto odd = report::summarise_reports({"odd.json"});
    CHECK(odd.reports == 1);
    CHECK(odd.hosts == 1);
    CHECK(odd.accounts == 1);
    CHECK(odd.rules.size() == 1);
    CHECK(odd.rules[0].rule == "?");
  }
}
