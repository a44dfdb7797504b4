// The texts issue 15 left in English, now in Chinese, each checked by whole lines of real output:
// a .reg export's fix plan, `mailmend rules`, online discovery's notes, the parsers' words for what
// is damaged, and lists inside Chinese sentences (joined with "、"). English stays byte for byte.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "discovery/chain.hpp"
#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "i18n_runs.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using i18n_test::ChineseRun;
using i18n_test::has_line;
using i18n_test::run_lang;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// An Outlook .reg export of an Outlook.com account on the retired POP host: one change, made as a
// fix/undo .reg pair beside it.
std::string reg_export() {
  return "REGEDIT4\r\n\r\n"
         "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
         "9375CFF0413111d3B88A00104B2A6676\\00000001]\r\n"
         "\"Account Name\"=\"ann@outlook.com\"\r\n\"Email\"=\"ann@outlook.com\"\r\n"
         "\"POP3 Server\"=\"pop3.live.com\"\r\n\"POP3 User\"=\"ann@outlook.com\"\r\n"
         "\"POP3 Port\"=dword:000003e3\r\n\"POP3 Use SSL\"=dword:00000001\r\n"
         "\"SMTP Server\"=\"smtp-mail.outlook.com\"\r\n\"SMTP Port\"=dword:0000024b\r\n"
         "\"SMTP Secure Connection\"=dword:00000002\r\n\"SMTP Use Auth\"=dword:00000001\r\n";
}

}  // namespace

TEST_SUITE("i18n plans rules discovery parsers") {
  TEST_CASE("zh_CN fix on a .reg export: the plan's heading and the fix/undo pair in Chinese; English as before") {
    testutil::write_bytes("ann.reg", reg_export());
    const std::string reg = fs::absolute("ann.reg").string();
    const std::string fix_file = fs::absolute("ann.mailmend-fix.reg").string();
    const std::string undo_file = fs::absolute("ann.mailmend-undo.reg").string();
    auto zh = run_lang("zh-CN", {"fix", "ann.reg"});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 1);
    CHECK(zh.out.starts_with("修复计划：仅涉及 .reg 导出文件\n"));
    CHECK(has_line(zh.out, reg + "  [outlook .reg 导出文件：不直接修改]"));
    CHECK(has_line(zh.out, "  加上 --apply 后将把 1 处修改写入 " + fix_file + "（在该电脑上用 regedit 导入），撤销文件：" + undo_file));
    auto en = run_lang("en", {"fix", "ann.reg"});
    CHECK(en.exit_code == 1);
    CHECK(en.out.starts_with("Fix plan: .reg exports only\n"));
    CHECK(has_line(en.out, reg + "  [outlook .reg export: not edited in place]"));
    CHECK(has_line(en.out, "  1 change(s) to be written by --apply to " + fix_file +
                               " (import it with regedit on the machine), undo: " + undo_file));

    fs::create_directory("out");
    auto applied = run_lang("zh-CN", {"fix", "ann.reg", "--apply", "--reg-out", "out"});
    CHECK(applied.exit_code == 0);
    CHECK(has_line(applied.out, "  已把 1 处修改写入 " + testutil::native("out/ann.mailmend-fix.reg") +
                                    "（在该电脑上用 regedit 导入），撤销文件：" + testutil::native("out/ann.mailmend-undo.reg")));
    CHECK(testutil::read_bytes("ann.reg") == reg_export());
  }

  TEST_CASE("zh_CN rules: group headings and every summary in Chinese; ids and severities as they are") {
    auto zh = run_lang("zh-CN", {"rules"});
    auto en = run_lang("en", {"rules"});
    REQUIRE(zh.exit_code == 0);
    REQUIRE(en.exit_code == 0);
    CHECK(zh.out.starts_with("通用规则（所有客户端）：\n"
                             "error   port-security-mismatch  端口与 TLS 模式相互矛盾（993/995/465 未用 SSL/TLS，或 "
                             "143/110/587/25 用了 SSL/TLS）\n"));
    CHECK(has_line(zh.out, "info    app-password-required  服务商要求使用应用专用密码或授权码，而不是网页登录密码"));
    CHECK(has_line(zh.out, "探测规则（mailmend probe、audit --probe：服务器的实际应答）："));
    CHECK(has_line(zh.out, "客户端周边（所有客户端：本机 hosts 文件、客户端的代理和证书信任库）："));
    CHECK(has_line(zh.out, "thunderbird 规则（thunderbird-...）："));
    CHECK(has_line(zh.out, "warning thunderbird-pref-syntax  Thunderbird 无法解析的 prefs.js 语句（跳到下一个 ';'）"));
    CHECK(has_line(zh.out, "warning outlook-ssl-auto  加密设置为“自动”，可能退回明文"));
    CHECK(has_line(zh.out, "info    applemail-stale-plist  当前 Mail 已不再读取的旧版 plist；不做修复"));
    CHECK(en.out.starts_with("Shared rules (every client):\nerror   port-security-mismatch  port and TLS mode contradict each "
                             "other (993/995/465 without TLS, 143/110/587/25 with implicit TLS)\n"));
    CHECK(has_line(en.out, "thunderbird rules (thunderbird-...):"));
    // Line for line the same rules: each Chinese line keeps the English line's severity and id, and
    // no heading or summary is left in English.
    const auto zh_lines = lines_of(zh.out), en_lines = lines_of(en.out);
    REQUIRE(zh_lines.size() == en_lines.size());
    for (std::size_t i = 0; i < en_lines.size(); ++i) {
      INFO(en_lines[i]);
      if (en_lines[i].empty()) {
        CHECK(zh_lines[i].empty());
        continue;
      }
      CHECK(zh_lines[i] != en_lines[i]);
      const auto id_end = en_lines[i].find("  ", 8);
      if (en_lines[i].ends_with(":")) continue;  // a heading
      REQUIRE(id_end != std::string::npos);
      CHECK(zh_lines[i].substr(0, id_end + 2) == en_lines[i].substr(0, id_end + 2));
    }
  }

  TEST_CASE("zh_CN discovery notes: found (unauthenticated, cached) and not found with each step's reason") {
    ChineseRun chinese;
    discovery::Outcome found;
    found.domain = "plain.test";
    found.found.emplace();
    found.found->step = discovery::Step::Autoconfig;
    found.found->where = "http://autoconfig.plain.test/mail/config-v1.1.xml";
    found.found->authenticated = false;
    found.found->provider.name = "Plain Test Mail";
    found.from_cache = true;
    CHECK(found.summary().localized ==
          "plain.test：通过 autoconfig 在 http://autoconfig.plain.test/mail/config-v1.1.xml 找到 Plain Test Mail"
          "（未经认证：来自明文 http；据此得出的问题永不自动修复）（缓存）");
    CHECK(found.summary().english ==
          "plain.test: Plain Test Mail found by autoconfig at http://autoconfig.plain.test/mail/config-v1.1.xml "
          "(unauthenticated: plain http; its findings are never fixed) (cached)");

    discovery::Outcome nothing;
    nothing.domain = "unknown.test";
    nothing.tried = {i18n::msg("{1}: {2}", {std::string("mx"), i18n::msg("{1} has no MX record", {std::string("unknown.test")})}),
                     i18n::msg("{1}: {2}", {std::string("srv"),
                                            i18n::msg("no RFC 6186 record for {1} (not offered: {2})",
                                                      {std::string("unknown.test"),
                                                       i18n::join_values({"_imap._tcp.unknown.test", "_pop3._tcp.unknown.test"})})})};
    nothing.stopped_by_timeout = true;
    CHECK(nothing.headline().localized == "unknown.test：在线发现没有找到设置（超时后已停止）");
    CHECK(nothing.summary().localized ==
          "unknown.test：在线发现没有找到设置（超时后已停止）：mx：unknown.test 没有 MX 记录；srv：unknown.test 没有 RFC "
          "6186 记录（声明不提供：_imap._tcp.unknown.test、_pop3._tcp.unknown.test）");
    CHECK(nothing.summary().english ==
          "unknown.test: online discovery found no settings (stopped after a timeout): mx: unknown.test has no MX record; "
          "srv: no RFC 6186 record for unknown.test (not offered: _imap._tcp.unknown.test, _pop3._tcp.unknown.test)");
  }

  TEST_CASE("zh_CN: prefs.js's syntax error and its cut end in the parser's words, in Chinese; English as before") {
    std::string prefs = cli_test::kBrokenPrefs;
    prefs.insert(prefs.find("user_pref(\"mail.server.server1.socketType\""), "user_pref(\"mail.bad\", \"x\\q\");\n");
    prefs += "user_pref(\"mail.cut\", \"half";
    const fs::path home = cli_test::make_home("cut", prefs);
    const std::string path = cli_test::prefs_of(home).string();
    auto zh = run_lang("zh-CN", {"audit", "--home", home.string()});
    INFO(zh.out);
    CHECK(zh.exit_code == 3);  // a damaged source
    CHECK(has_line(zh.out, "  damaged thunderbird  " + path + "  " + path +
                               ":20：文件在一条语句中间结束（字符串没有结束）；看起来被截断了；配置文件“default”，默认配置文件"
                               "（Default=1）：1 个邮件账户"));
    auto en = run_lang("en", {"audit", "--home", home.string()});
    CHECK(en.exit_code == zh.exit_code);
    CHECK(has_line(en.out, "  damaged thunderbird  " + path + "  " + path +
                               ":20: the file ends inside a statement (unterminated string literal); it looks cut; profile "
                               "'default', the default profile (Default=1): 1 mail account"));
    // The syntax error's finding: the reason is the parser's word, English in `message`.
    auto json = run_lang("zh-CN", {"audit", "--home", home.string(), "--format", "json"});
    const auto report = nlohmann::json::parse(json.out);
    std::size_t syntax_errors = 0;
    for (const auto& f : report["findings"]) {
      if (f["rule"] != "thunderbird-pref-syntax") continue;
      ++syntax_errors;
      CHECK(f["message"] == path + ":10: unexpected escape sequence character after '\\' (Thunderbird skips this statement "
                                   "and drops it at its next save)");
      CHECK(f["message_localized"] == path + ":10：'\\' 之后是意外的转义字符（Thunderbird 会跳过这条语句，并在下次保存时将其删除）");
    }
    CHECK(syntax_errors == 1);
  }

  TEST_CASE("zh_CN: a .reg export cut inside its last line, the damage in Chinese; English as before") {
    const std::string whole = reg_export();
    testutil::write_bytes("cut.reg", whole.substr(0, whole.size() - 2));
    auto zh = run_lang("zh-CN", {"audit", "cut.reg"});
    INFO(zh.out);
    CHECK(has_line(zh.out, "  damaged outlook  cut.reg  cut.reg:13：文件在这一行中间结束（行尾没有换行）；看起来被截断了；16.0：1 个配置文件"));
    auto en = run_lang("en", {"audit", "cut.reg"});
    CHECK(en.exit_code == zh.exit_code);
    CHECK(has_line(en.out, "  damaged outlook  cut.reg  cut.reg:13: the file ends inside this line (no line break after it); "
                           "it looks cut; 16.0: 1 profile(s)"));
  }

  TEST_CASE("a list of values inside a sentence: 、 in Chinese, \", \" in English") {
    const std::vector<std::string> names{"V2", "V10"};
    CHECK(i18n::join_values(names).english == "V2, V10");
    CHECK(i18n::join_values(names).localized == "V2, V10");
    ChineseRun chinese;
    CHECK(i18n::join_values(names).english == "V2, V10");
    CHECK(i18n::join_values(names).localized == "V2、V10");
    CHECK(i18n::msg("version folders {1}", {i18n::join_values(names)}).localized == "版本文件夹 V2、V10");
  }
}
