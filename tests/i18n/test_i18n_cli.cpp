// The language as the binary chooses it: LANG/LC_ALL, --lang over them, an unknown --lang refused.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/report_schema.hpp"
#include "support/testutil.hpp"

namespace {

// A QQ Mail account set up the way the most searched Chinese mail problem starts: plain POP on
// port 110 with the web-login password (QQ wants POP3 over SSL/TLS on 995 and an authorisation code).
constexpr const char* kQqPlainPopPrefs =
    "// Mozilla User Preferences\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"zhangwei@qq.com\");\n"
    "user_pref(\"mail.server.server1.authMethod\", 3);\n"
    "user_pref(\"mail.server.server1.hostname\", \"pop.qq.com\");\n"
    "user_pref(\"mail.server.server1.port\", 110);\n"
    "user_pref(\"mail.server.server1.socketType\", 0);\n"
    "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
    "user_pref(\"mail.server.server1.userName\", \"zhangwei@qq.com\");\n"
    "user_pref(\"mail.smtpserver.smtp1.authMethod\", 3);\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.qq.com\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", 465);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"zhangwei@qq.com\");\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n";

// The lines of the text report from the finding line of `rule` up to its "位置：" line.
std::string finding_block(const std::string& report, const std::string& rule) {
  const auto start = report.find(rule + "  ");
  if (start == std::string::npos) return {};
  const auto line_start = report.rfind('\n', start) + 1;
  const auto at = report.find("           位置：", start);
  return at == std::string::npos ? std::string() : report.substr(line_start, at - line_start);
}

}  // namespace

TEST_SUITE("i18n cli") {
  TEST_CASE("LC_ALL=zh_CN.UTF-8 prints the text report's frame in Chinese; --lang en and JSON stay English") {
    const auto home = cli_test::make_home("ann", cli_test::kBrokenPrefs);
    const std::vector<std::string> audit{testutil::mailmend_binary().string(), "audit", "--home", home.string()};
    auto zh = testutil::run_program(audit, {}, testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 1);
    CHECK(zh.out.find("汇总：1 个账户，1 个错误，") != std::string::npos);
    CHECK(zh.out.find("\n  错误    retired-host") != std::string::npos);  // 错误 is 4 columns, padded to 7
    auto en = testutil::run_program({audit[0], "--lang", "en", "audit", "--home", home.string()}, {},
                                    testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    CHECK(en.out.find("Summary: 1 account, 1 error, ") != std::string::npos);
    CHECK(en.exit_code == zh.exit_code);
    auto after = testutil::run_program({audit[0], "audit", "--home", home.string(), "--lang=zh-CN"});
    CHECK(after.out.find("汇总：") != std::string::npos);
  }

  TEST_CASE("an unknown --lang is a usage error that names the languages there are") {
    auto r = testutil::run_mailmend({"audit", "--lang", "klingon"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "mailmend: --lang klingon: no messages in that language (known: en, zh-CN)\n");
    CHECK(r.out.empty());
  }

  TEST_CASE("zh_CN: a QQ account on plain POP with the web password reads its explanations in Chinese") {
    const auto home = cli_test::make_home("zhangwei", kQqPlainPopPrefs);
    const std::vector<std::string> audit{testutil::mailmend_binary().string(), "audit", "--home", home.string()};
    auto zh = testutil::run_program(audit, {}, testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 1);
    CHECK(finding_block(zh.out, "port-not-provider") ==
          "  错误    port-not-provider  incoming.port: 110 -> 995  [可修复]\n"
          "           POP3 服务器使用端口 110（加密方式：不加密），但 qq.com 并未为 POP3 提供这种组合（qq.com\n"
          "           的 POP3 服务为 pop.qq.com 端口 995（SSL/TLS）），因此连接会失败或登录被拒绝。请将端口设为\n"
          "           995，同时将加密方式设为 SSL/TLS。\n");
    CHECK(finding_block(zh.out, "plaintext") ==
          "  错误    plaintext  incoming.security: none -> tls  [可修复]\n"
          "           POP3 服务器连接未加密：密码和每一封邮件都以明文在网络上传输。qq.com 没有提供不加密的 POP3\n"
          "           服务器；它只提供 SSL/TLS，因此登录会被拒绝或连接失败。请将加密方式改为 SSL/TLS。\n");
    CHECK(finding_block(zh.out, "app-password-required") ==
          "  提示    app-password-required  incoming.auth: password-cleartext\n"
          "           qq.com 在这里不接受网页登录密码：密码必须是在服务商的安全设置中生成的应用专用密码或授权\n"
          "           码。如果客户端提示密码错误，请生成一个授权码，并用它代替原密码填入。还需要先在 qq.com 的\n"
          "           网页版设置中开启 IMAP/POP 服务。qq.com 帮助页面：\n"
          "           https://service.mail.qq.com/cgi-bin/help?subtype=1&id=28&no=1001256\n");
    // The same run in English: the explanation is the English source text.
    auto en = testutil::run_program({audit[0], "--lang", "en", "audit", "--home", home.string()}, {},
                                    testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    CHECK(en.out.find("\n           The POP3 server connection is not encrypted: the password and every message cross the\n"
                      "           network in clear text.") != std::string::npos);
    CHECK(en.exit_code == zh.exit_code);
  }

  TEST_CASE("zh_CN JSON keeps the English message, adds message_localized and lang, and validates") {
    const auto home = cli_test::make_home("zhangwei", kQqPlainPopPrefs);
    const std::string bin = testutil::mailmend_binary().string();
    auto zh = testutil::run_program({bin, "audit", "--home", home.string(), "--format", "json", "-o", "zh.json"}, {},
                                    testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    REQUIRE(zh.exit_code == 1);
    const auto report = nlohmann::json::parse(testutil::read_bytes("zh.json"));
    CHECK(report["lang"] == "zh-CN");
    REQUIRE(report["findings"].size() == 3);
    for (const auto& f : report["findings"]) {
      INFO(f.dump());
      CHECK(f.contains("message_localized"));
      CHECK(f["message"] != f["message_localized"]);
    }
    const auto& plaintext = report["findings"][1];
    CHECK(plaintext["rule"] == "plaintext");
    CHECK(plaintext["message"] ==
          "The POP3 server connection is not encrypted: the password and every message cross the network in clear "
          "text. qq.com does not list an unencrypted POP3 server; it serves SSL/TLS, so the login is refused or the "
          "connection fails. Switch the security to SSL/TLS.");
    CHECK(plaintext["message_localized"] ==
          "POP3 服务器连接未加密：密码和每一封邮件都以明文在网络上传输。qq.com 没有提供不加密的 POP3 服务器；它只提供 "
          "SSL/TLS，因此登录会被拒绝或连接失败。请将加密方式改为 SSL/TLS。");
    testutil::check_report_schema("zh.json");
    // English reports are as they were: neither member.
    auto en = testutil::run_program({bin, "--lang", "en", "audit", "--home", home.string(), "--format", "json", "-o",
                                     "en.json"});
    REQUIRE(en.exit_code == 1);
    const auto english = nlohmann::json::parse(testutil::read_bytes("en.json"));
    CHECK_FALSE(english.contains("lang"));
    CHECK_FALSE(english["findings"][0].contains("message_localized"));
    CHECK(english["findings"][1]["message"] == plaintext["message"]);
    // NDJSON and SARIF carry the same pair.
    auto nd = testutil::run_program({bin, "audit", "--home", home.string(), "--format", "ndjson"}, {},
                                    testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    const auto second_line = nd.out.substr(nd.out.find('\n') + 1);  // after the run record
    const auto first_finding = nlohmann::json::parse(second_line.substr(0, second_line.find('\n')));
    CHECK(first_finding["lang"] == "zh-CN");
    CHECK(first_finding["message_localized"] == report["findings"][0]["message_localized"]);
    CHECK(first_finding["message"] == report["findings"][0]["message"]);
    auto sarif = testutil::run_program({bin, "audit", "--home", home.string(), "--format", "sarif"}, {},
                                       testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
    const auto run = nlohmann::json::parse(sarif.out)["runs"][0];
    CHECK(run["properties"]["lang"] == "zh-CN");
    CHECK(run["results"][1]["message"]["text"] == plaintext["message"]);
    CHECK(run["results"][1]["properties"]["messageLocalized"] == plaintext["message_localized"]);
  }

  TEST_CASE("--help in zh_CN: CLI11's headings, the program's and subcommands' descriptions, the exit codes") {
    auto zh = testutil::run_mailmend({"--lang", "zh-CN", "--help"});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 0);
    CHECK(zh.out.rfind("mailmend：检查并修复桌面邮件客户端的邮件设置\n", 0) == 0);
    CHECK(zh.out.find("用法：") == std::string::npos);  // CLI11 writes "Usage: ", the label only replaces the word
    CHECK(zh.out.find("用法: mailmend [选项] 子命令") != std::string::npos);
    CHECK(zh.out.find("检查邮件客户端设置（未指定 PATH 时检查当前用户的设置）") != std::string::npos);
    CHECK(zh.out.find("退出码：0 无问题，1 有发现或待执行的修改，2 用法错误，3 只完成或读取了一部分；") != std::string::npos);
    auto en = testutil::run_mailmend({"--help"});
    CHECK(en.out.find("Audit mail client settings (the default user's when no PATH is given)") != std::string::npos);
    CHECK(en.out.find("Usage: mailmend [OPTIONS] SUBCOMMAND") != std::string::npos);
  }

  TEST_CASE("--help in zh_CN: each option's help line, CLI11's own flags and the subcommands' options") {
    auto zh = testutil::run_mailmend({"--lang", "zh-CN", "--help"});
    CHECK(zh.exit_code == 0);
    CHECK(zh.out.find("显示此帮助信息并退出") != std::string::npos);
    CHECK(zh.out.find("显示程序版本信息并退出") != std::string::npos);
    CHECK(zh.out.find("Print this help message and exit") == std::string::npos);
    auto audit = testutil::run_mailmend({"audit", "--help", "--lang", "zh-CN"});
    INFO(audit.out);
    CHECK(audit.exit_code == 0);
    CHECK(audit.out.find("使退出码为 1 的最低严重级别：error|warning|info|never") != std::string::npos);
    CHECK(audit.out.find("把此文件夹当作该用户的主目录来检查（可重复）") != std::string::npos);
    CHECK(audit.out.find("Lowest severity") == std::string::npos);
    CHECK(audit.out.find("Options:") == std::string::npos);  // -h/--help sits in the translated group too
    auto fix = testutil::run_mailmend({"fix", "--help", "--lang", "zh-CN"});
    CHECK(fix.out.find("同时原地修改 Apple 账户数据库（Accounts4.sqlite；会先备份其所在文件夹）") != std::string::npos);
    auto en = testutil::run_mailmend({"audit", "--help"});
    CHECK(en.out.find("Lowest severity that makes the exit code 1: error|warning|info|never") != std::string::npos);
  }
}
