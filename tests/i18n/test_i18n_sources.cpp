// The sources' one-line status notes in Chinese: the real binary over scratch homes, the exact line
// of the text report's Sources list in both languages, and the JSON keeping the English `message`.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "i18n_runs.hpp"
#include "support/report_schema.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using i18n_test::run_lang;
using i18n_test::source_line;

namespace {

// A Thunderbird root listing two profiles: "default" (Default=1, one account) and "work", whose
// folder is gone.
fs::path two_profile_home() {
  const fs::path home = cli_test::make_home("home", cli_test::kBrokenPrefs);
  testutil::write_bytes(home / ".thunderbird/profiles.ini",
                        std::string(cli_test::kProfilesIni) + "\n[Profile1]\nName=work\nIsRelative=1\nPath=gone.work\n");
  return home;
}

}  // namespace

TEST_SUITE("i18n sources") {
  TEST_CASE("zh_CN: a profile read and a profile whose folder is gone, each note in Chinese; English as before") {
    const fs::path home = two_profile_home();
    const std::string prefs = cli_test::prefs_of(home).string();
    const std::string gone = (home / ".thunderbird" / "gone.work" / "prefs.js").string();
    auto zh = run_lang("zh-CN", {"audit", "--home", home.string()});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 1);
    CHECK(zh.out.find(source_line("ok", "thunderbird", prefs, "配置文件“default”，默认配置文件（Default=1）：1 个邮件账户")) !=
          std::string::npos);
    CHECK(zh.out.find(source_line("skipped", "thunderbird", gone,
                                  "配置文件“work”，非默认配置文件（默认为“default”）：配置文件夹不存在")) != std::string::npos);
    auto en = run_lang("en", {"audit", "--home", home.string()});
    INFO(en.out);
    CHECK(en.exit_code == zh.exit_code);
    CHECK(en.out.find(source_line("ok", "thunderbird", prefs, "profile 'default', the default profile (Default=1): 1 mail account")) !=
          std::string::npos);
    CHECK(en.out.find(source_line("skipped", "thunderbird", gone,
                                  "profile 'work', not the default profile (the default is 'default'): the profile folder "
                                  "does not exist")) != std::string::npos);
  }

  TEST_CASE("zh_CN JSON: each source keeps its English message and adds message_localized; it validates") {
    const fs::path home = two_profile_home();
    auto zh = run_lang("zh-CN", {"audit", "--home", home.string(), "--format", "json", "-o", "zh.json"});
    REQUIRE(zh.exit_code == 1);
    const auto report = nlohmann::json::parse(testutil::read_bytes("zh.json"));
    REQUIRE(report["sources"].size() == 2);
    CHECK(report["sources"][0]["message"] == "profile 'default', the default profile (Default=1): 1 mail account");
    CHECK(report["sources"][0]["message_localized"] == "配置文件“default”，默认配置文件（Default=1）：1 个邮件账户");
    CHECK(report["sources"][1]["message"] ==
          "profile 'work', not the default profile (the default is 'default'): the profile folder does not exist");
    CHECK(report["sources"][1]["message_localized"] == "配置文件“work”，非默认配置文件（默认为“default”）：配置文件夹不存在");
    testutil::check_report_schema("zh.json");
    auto en = run_lang("en", {"audit", "--home", home.string(), "--format", "json", "-o", "en.json"});
    const auto english = nlohmann::json::parse(testutil::read_bytes("en.json"));
    CHECK(english["sources"][1]["message"] == report["sources"][1]["message"]);
    CHECK_FALSE(english["sources"][1].contains("message_localized"));
  }

  TEST_CASE("zh_CN: a home without mail settings, a path that is not there, and a hosts file that is not there") {
    fs::create_directories("empty");
    const std::vector<std::string> args{"audit", "nosuch", "--home", "empty", "--hosts-file", "no-hosts"};
    auto zh = run_lang("zh-CN", args);
    auto en = run_lang("en", args);
    INFO(zh.out << zh.err << en.out);
    CHECK(zh.exit_code == en.exit_code);
    CHECK(zh.out.find(source_line("error", "", "nosuch", "文件或文件夹不存在")) != std::string::npos);
    CHECK(en.out.find(source_line("error", "", "nosuch", "no such file or folder")) != std::string::npos);
    CHECK(zh.out.find(source_line("skipped", "", "empty", "此主目录中没有 Thunderbird、Outlook 或 Apple 邮件的设置")) !=
          std::string::npos);
    CHECK(en.out.find(source_line("skipped", "", "empty",
                                  "no Thunderbird, Outlook or Apple Mail settings in this home folder")) != std::string::npos);
    // The file layer's words in Chinese too (util's error through the catalogue), the system's as it gives them.
    CHECK(zh.out.find(source_line("error", "", "no-hosts", "未检查 hosts 文件：no-hosts：无法打开：" +
                                                               testutil::missing_file_error())) != std::string::npos);
    CHECK(en.out.find(source_line("error", "", "no-hosts", "hosts file not checked: no-hosts: cannot open: " +
                                                               testutil::missing_file_error())) != std::string::npos);
  }

  TEST_CASE("zh_CN: Apple Mail's and Outlook's notes") {
    const fs::path mac = testutil::source_dir() / "fixtures/homes/mac-modern-erin";
    auto zh = run_lang("zh-CN", {"audit", "--home", mac.string()});
    INFO(zh.out);
    CHECK(zh.out.find(source_line("ok", "applemail", (mac / "Library" / "Accounts" / "Accounts4.sqlite").string(),
                                  "互联网账户数据库（从私有副本读取）")) != std::string::npos);
    CHECK(zh.out.find(source_line("ok", "applemail", (mac / "Library" / "Mail").string(), "版本文件夹 V2、V10")) !=
          std::string::npos);
    const fs::path prf = testutil::source_dir() / "fixtures" / "outlook" / "deploy-2016.prf";
    auto outlook = run_lang("zh-CN", {"audit", prf.string()});
    INFO(outlook.out);
    CHECK(outlook.out.find(source_line("ok", "outlook", prf.string(), "配置文件“Branch Office”（默认）的 PRF，3 个账户")) !=
          std::string::npos);
  }
}
