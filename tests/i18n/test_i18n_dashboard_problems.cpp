// What issue 15 still left in English, now in Chinese: the dashboard of `mailmend summary --format
// html` (headings, table headers, the filter, the script's own texts, which come in the data block's
// "texts") and the reasons of reports that cannot be read, in text and HTML. English stays as it
// was; JSON keeps the English reasons.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "i18n_runs.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using i18n_test::has_line;
using i18n_test::run_lang;
using i18n_test::write_report;

namespace {

// A folder with one report and three files that are none: a truncated one, a JSON value that is
// not a report, an NDJSON line that is not a record. Returns the report's time (for --now).
std::string fleet_with_unreadable(const fs::path& folder) {
  fs::create_directories(folder);
  write_report(cli_test::make_home("ann", cli_test::kBrokenPrefs), "pc-1", folder / "pc-1.json");
  testutil::write_bytes(folder / "broken.json", "{\"host\": ");
  testutil::write_bytes(folder / "other.json", "[1, 2]");
  testutil::write_bytes(folder / "x.ndjson", "{\"a\": 1}\n");
  return nlohmann::json::parse(testutil::read_bytes(folder / "pc-1.json"))["generated_at"];
}

// The byte where broken.json breaks off and its size, from the English line.
std::pair<std::string, std::string> broken_at(const std::string& english_out) {
  std::smatch m;
  REQUIRE(std::regex_search(english_out, m,
                            std::regex("broken\\.json: invalid or truncated JSON \\(it breaks off or goes wrong at byte "
                                       "([0-9]+) of ([0-9]+)\\)")));
  return {m[1], m[2]};
}

// The dashboard's data block (the findings table's data and the script's texts).
nlohmann::json data_block(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"fleet-data\">";
  const auto from = page.find(open);
  REQUIRE(from != std::string::npos);
  const auto start = from + open.size();
  return nlohmann::json::parse(page.substr(start, page.find("</script>", start) - start));
}

std::size_t script_ends(const std::string& page) {
  std::size_t ends = 0;
  for (auto at = page.find("</script"); at != std::string::npos; at = page.find("</script", at + 1)) ++ends;
  return ends;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("i18n dashboard problems") {
  TEST_CASE("zh_CN summary text: each unreadable report's reason in Chinese; English and JSON as before") {
    const std::string now = fleet_with_unreadable("fleet");
    const std::vector<std::string> args{"summary", "fleet", "--now", now};
    auto en = run_lang("en", args);
    auto zh = run_lang("zh-CN", args);
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == en.exit_code);
    const auto [byte, size] = broken_at(en.out);
    const std::string broken = testutil::native("fleet/broken.json"), other = testutil::native("fleet/other.json"),
                      ndjson = testutil::native("fleet/x.ndjson");

    CHECK(has_line(zh.out, "无法读取：" + broken + "：JSON 无效或不完整（在第 " + byte + " 字节处中断或出错，共 " + size + " 字节）"));
    CHECK(has_line(zh.out, "无法读取：" + other + "：不是 mailmend 的 JSON 报告"));
    CHECK(has_line(zh.out, "无法读取：" + ndjson + ":1：不是 mailmend 的 JSON 报告或 NDJSON 记录"));

    CHECK(has_line(en.out, "unreadable: " + broken + ": invalid or truncated JSON (it breaks off or goes wrong at byte " + byte +
                               " of " + size + ")"));
    CHECK(has_line(en.out, "unreadable: " + other + ": not a mailmend JSON report"));
    CHECK(has_line(en.out, "unreadable: " + ndjson + ":1: not a mailmend JSON report or NDJSON record"));

    // JSON keeps the English reasons, whatever the run's language.
    auto json = nlohmann::json::parse(run_lang("zh-CN", {"summary", "fleet", "--now", now, "--format", "json"}).out);
    CHECK(json["problems"] == nlohmann::json::array({broken + ": invalid or truncated JSON (it breaks off or goes wrong at byte " +
                                                         byte + " of " + size + ")",
                                                     other + ": not a mailmend JSON report",
                                                     ndjson + ":1: not a mailmend JSON report or NDJSON record"}));
  }

  TEST_CASE("zh_CN dashboard: headings, table headers, filter, problems and the script's texts in Chinese; English as before") {
    const std::string now = fleet_with_unreadable("fleet");
    const std::vector<std::string> args{"summary", "fleet", "--now", now, "--format", "html"};
    auto en = run_lang("en", args);
    auto zh = run_lang("zh-CN", args);
    REQUIRE(zh.exit_code == en.exit_code);
    const auto [byte, size] = broken_at(en.out);
    const std::string& page = zh.out;

    CHECK(page.rfind("<!doctype html>\n<html lang=\"zh-CN\">", 0) == 0);
    CHECK(has(page, "<title>mailmend 全部主机汇总</title>"));
    CHECK(has(page, "<h1>全部主机的邮件设置</h1>"));
    CHECK(has(page, "<h2>受影响主机最多的规则</h2>"));
    CHECK(has(page, "<th>规则</th><th>严重级别</th><th class=\"num\">主机</th>"));
    CHECK(has(page, "<th class=\"sortable\" data-key=\"provider\">服务商</th>"));
    CHECK(has(page, "<span class=\"l\">有错误的主机</span>"));
    CHECK(has(page, "placeholder=\"搜索规则、主机、服务商、客户端\""));
    CHECK(has(page, "<option value=\"\">所有严重级别</option>"));
    CHECK(has(page, "id=\"table-clear\">清除</button>"));
    CHECK(has(page, "<h2>无法读取（3）</h2>"));
    CHECK(has(page, "<li>" + testutil::native("fleet/broken.json") + "：JSON 无效或不完整（在第 " + byte + " 字节处中断或出错，共 " +
                        size + " 字节）</li>"));
    // Rule ids and severities stay as they are.
    CHECK(has(page, ">retired-host</a>"));
    CHECK(has(page, "<span class=\"sev error\">error</span>"));

    const auto texts = data_block(page)["texts"];
    CHECK(texts["rows_shown"] == "显示 {2} 行中的 {1} 行（{3} 条发现）");
    CHECK(texts["rows_left_out"] == "{1}；另有 {2} 行不在此文件中（用 --format sqlite 可获得全部）");
    CHECK(texts["columns"] == nlohmann::json{{"client", "客户端"}, {"host", "主机"}, {"provider", "服务商"}, {"rule", "规则"},
                                              {"severity", "严重级别"}});
    CHECK(script_ends(page) == 2);

    const std::string& english = en.out;
    CHECK(english.rfind("<!doctype html>\n<html lang=\"en\">", 0) == 0);
    CHECK(has(english, "<title>mailmend fleet summary</title>"));
    CHECK(has(english, "<h1>Mail settings across the fleet</h1>"));
    CHECK(has(english, "<th>rule</th><th>severity</th><th class=\"num\">hosts</th>"));
    CHECK(has(english, "placeholder=\"Search rule, host, provider, client\""));
    CHECK(has(english, "<h2>Unreadable (3)</h2>"));
    CHECK(has(english, "<li>" + testutil::native("fleet/broken.json") + ": invalid or truncated JSON (it breaks off or goes wrong at byte " +
                           byte + " of " + size + ")</li>"));
    const auto english_texts = data_block(english)["texts"];
    CHECK(english_texts["rows_shown"] == "Showing {1} of {2} rows ({3} findings)");
    CHECK(english_texts["rows_left_out"] == "{1}; {2} rows are not in this file (use --format sqlite for all)");
    CHECK(english_texts["columns"]["rule"] == "rule");
    CHECK(script_ends(english) == 2);
  }
}
