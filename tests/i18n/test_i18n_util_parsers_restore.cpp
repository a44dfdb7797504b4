// What issue 15 still left in English, now in Chinese, each checked by whole lines of real output:
// the errors util makes (reading, writing and opening files: util knows no catalogue, i18n lends it
// the translations through util::set_error_localizer), the damage words of the profiles.ini, hive,
// binary/XML plist, signed-profile and AutoConfig readers, and `mailmend restore`'s lines. The
// system's own words (strerror, FormatMessage) stay as the system gives them. English stays byte
// for byte.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "adapters/thunderbird/autoconfig.hpp"
#include "cli/thunderbird_home.hpp"
#include "i18n/messages.hpp"
#include "i18n_runs.hpp"
#include "support/testutil.hpp"
#include "util/error_text.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;
using i18n_test::ChineseRun;
using i18n_test::run_lang;
using i18n_test::source_line;

namespace {

// The Sources list of `out` holds this line.
bool lists_source(const std::string& out, const std::string& status, const std::string& client, const std::string& path,
                  const std::string& note) {
  return out.find(source_line(status, client, path, note)) != std::string::npos;
}

// Audits `path` in Chinese and in English and checks the source's line in each.
void check_source(const std::string& path, const std::string& status, const std::string& client,
                  const std::string& chinese, const std::string& english) {
  auto zh = run_lang("zh-CN", {"audit", path});
  INFO(zh.out << zh.err);
  CHECK(lists_source(zh.out, status, client, path, chinese));
  auto en = run_lang("en", {"audit", path});
  INFO(en.out);
  CHECK(en.exit_code == zh.exit_code);
  CHECK(lists_source(en.out, status, client, path, english));
}

// A binary plist whose only object is the string "MailAccounts" (what marks a Mail plist) and whose
// trailer names a root object that is not there.
std::string plist_with_bad_root() {
  std::string b = "bplist00";
  b += "\x5C" "MailAccounts";
  b += '\x08';                           // the offset table: object 0 at byte 8
  b += std::string(6, '\0') + "\x01\x01";  // trailer: offset and reference size 1
  auto be64 = [](std::uint64_t v) {
    std::string out(8, '\0');
    for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
    return out;
  };
  return b + be64(1) + be64(1) + be64(21);  // 1 object, root 1 (out of range), table at byte 21
}

}  // namespace

TEST_SUITE("i18n util parsers restore") {
  TEST_CASE("zh_CN: a hosts file that is a folder, util's words in Chinese; English as before") {
    fs::create_directory("empty-home");
    fs::create_directory("hosts-folder");
    auto zh = run_lang("zh-CN", {"audit", "--home", "empty-home", "--hosts-file", "hosts-folder"});
    INFO(zh.out);
    CHECK(lists_source(zh.out, "error", "", "hosts-folder", "未检查 hosts 文件：hosts-folder：这是文件夹，不是文件"));
    auto en = run_lang("en", {"audit", "--home", "empty-home", "--hosts-file", "hosts-folder"});
    CHECK(lists_source(en.out, "error", "", "hosts-folder", "hosts file not checked: hosts-folder: is a folder, not a file"));
  }

  TEST_CASE("zh_CN: a report written into a missing folder, util's nested errors in Chinese; English as before") {
    fs::create_directory("empty-home");
    auto zh = run_lang("zh-CN", {"audit", "--home", "empty-home", "-o", "no-folder/report.txt"});
    CHECK(zh.exit_code == 2);
    CHECK(zh.err == "mailmend: no-folder/report.txt：无法创建临时文件（no-folder：无法打开文件夹：" +
                        testutil::missing_file_error() + "）\n");
    auto en = run_lang("en", {"audit", "--home", "empty-home", "-o", "no-folder/report.txt"});
    CHECK(en.exit_code == 2);
    CHECK(en.err == "mailmend: no-folder/report.txt: cannot create a temporary file (no-folder: cannot open folder: " +
                        testutil::missing_file_error() + ")\n");
    // A machine format keeps the English whatever the language: a report's source message.
    auto json = run_lang("zh-CN", {"audit", "--home", "empty-home", "--hosts-file", "hosts-none", "--format", "json"});
    const auto report = nlohmann::json::parse(json.out);
    bool found = false;
    for (const auto& s : report["sources"]) {
      if (s["path"] != "hosts-none") continue;
      found = true;
      CHECK(s["message"] == "hosts file not checked: hosts-none: cannot open: " + testutil::missing_file_error());
      CHECK(s["message_localized"] == "未检查 hosts 文件：hosts-none：无法打开：" + testutil::missing_file_error());
    }
    CHECK(found);
  }

  TEST_CASE("zh_CN: a profiles.ini too large to read") {
    const fs::path home = cli_test::make_home("big", cli_test::kBrokenPrefs);
    const fs::path ini = home / ".thunderbird" / "profiles.ini";
    testutil::write_bytes(ini, std::string(cli_test::kProfilesIni) + "#" + std::string(1024 * 1024, 'x') + "\n");
    auto zh = run_lang("zh-CN", {"audit", "--home", home.string()});
    INFO(zh.out);
    CHECK(lists_source(zh.out, "error", "thunderbird", ini.string(), ini.string() + "：大于 1 MB，已拒绝"));
    auto en = run_lang("en", {"audit", "--home", home.string()});
    CHECK(lists_source(en.out, "error", "thunderbird", ini.string(), ini.string() + ": larger than 1 MB, refused"));
  }

  TEST_CASE("zh_CN: a broken binary plist and an XML plist cut short, the plist readers' words in Chinese") {
    testutil::write_bytes("com.apple.mail.plist", plist_with_bad_root());
    check_source("com.apple.mail.plist", "error", "applemail", "com.apple.mail.plist：二进制 plist 的文件尾已损坏：根对象超出范围",
                 "com.apple.mail.plist: binary plist trailer corrupt: root object out of range");
    testutil::write_bytes("cut.plist", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"
                                       "<key>MailAccounts</key>\n<array>\n");
    check_source("cut.plist", "damaged", "applemail",
                 "cut.plist:5：XML 属性列表在 </plist> 之前就结束了；看起来被截断了（未能读取任何账户）",
                 "cut.plist:5: the XML property list ends before </plist>; it looks cut (no account could be read)");
  }

  TEST_CASE("zh_CN: a signed profile (.mobileconfig) that is not CMS, or cut short") {
    testutil::write_bytes("p.mobileconfig", std::string("\x30\x03\x02\x01\x00", 5));
    check_source("p.mobileconfig", "error", "applemail", "p.mobileconfig：不是 CMS SignedData：第 2 字节处应为 contentType OBJECT IDENTIFIER",
                 "p.mobileconfig: not a CMS SignedData: expected the contentType OBJECT IDENTIFIER at byte 2");
    testutil::write_bytes("q.mobileconfig", std::string("\x30\x80\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02", 13));
    check_source("q.mobileconfig", "error", "applemail", "q.mobileconfig：在第 13 字节处被截断（第 13 字节处的元素不完整）",
                 "q.mobileconfig: truncated at byte 13 (element at byte 13 is incomplete)");
  }

  TEST_CASE("zh_CN: a hive hivex cannot open, the hive reader's words in Chinese") {
    testutil::write_bytes("NTUSER.DAT", "regf");
    check_source("NTUSER.DAT", "error", "outlook", "NTUSER.DAT：无法打开注册表配置单元（hivex：Invalid argument）",
                 "NTUSER.DAT: cannot open the hive (hivex: Invalid argument)");
  }

  TEST_CASE("zh_CN: the AutoConfig .cfg scanner's words in Chinese; English as before") {
    ChineseRun chinese;
    const struct {
      std::string cfg;
      std::string english;
      std::string chinese;
    } cases[] = {
        {"// first line\n/* never closed\n", "mailmend.cfg:2: unterminated comment", "mailmend.cfg:2：注释没有结束"},
        {"//\npref(\"a\", \"half);\n", "mailmend.cfg:2: unterminated string literal", "mailmend.cfg:2：字符串没有结束"},
        {"//\nvar s = \"\\x4\";\n", "mailmend.cfg:2: malformed \\x escape in a string", "mailmend.cfg:2：字符串中的 \\x 转义格式错误"},
        {"//\n\nvar t = `open\n", "mailmend.cfg:3: unterminated template literal", "mailmend.cfg:3：模板字符串没有结束"},
    };
    for (const auto& c : cases) {
      auto scan = adapters::thunderbird::scan_autoconfig(c.cfg, "mailmend.cfg");
      REQUIRE_FALSE(scan.ok());
      CHECK(scan.error().message == c.english);
      CHECK(scan.error().localized == c.chinese);
    }
  }

  TEST_CASE("util's errors: English only until a language is chosen, both languages after, nested errors too") {
    const std::string missing = "no-such-file";
    auto english = util::read_file(missing);
    REQUIRE_FALSE(english.ok());
    CHECK(english.error().message == missing + ": cannot open: " + testutil::missing_file_error());
    CHECK(english.error().localized.empty());
    CHECK(english.error().shown() == english.error().message);
    ChineseRun chinese;
    auto read = util::read_file(missing);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message == english.error().message);  // byte for byte
    CHECK(read.error().shown() == missing + "：无法打开：" + testutil::missing_file_error());
    const util::Error wrapped = util::error_from("{1}: {2}", {std::string("hosts"), read.error()});
    CHECK(wrapped.message == "hosts: " + english.error().message);
    CHECK(wrapped.localized == "hosts：" + read.error().localized);
  }

  TEST_CASE("zh_CN restore: restored, already the original, refused and forced, each line in Chinese; English as before") {
    const fs::path home = cli_test::make_home("ann", cli_test::kBrokenPrefs);
    const std::string prefs = cli_test::prefs_of(home).string();
    auto applied = run_lang("en", {"fix", "--home", home.string(), "--apply", "--backup-dir", "backups"});
    REQUIRE(applied.exit_code == 0);
    const auto list = nlohmann::json::parse(run_lang("en", {"backups", "list", "--backup-dir", "backups", "--format", "json"}).out);
    REQUIRE(list.size() == 1);
    const std::string id = list[0]["id"], run_id = list[0]["run_id"];

    auto restored = run_lang("zh-CN", {"restore", id, "--backup-dir", "backups"});
    CHECK(restored.exit_code == 0);
    CHECK(restored.out == "mailmend: 已恢复：" + prefs + "：已从备份 " + id + " 恢复\n");
    auto again = run_lang("zh-CN", {"restore", id, "--backup-dir", "backups"});
    CHECK(again.exit_code == 0);
    CHECK(again.out == "mailmend: 已是原始状态：" + prefs + "：已经是备份 " + id + " 中的原始内容\n");
    auto again_en = run_lang("en", {"restore", id, "--backup-dir", "backups"});
    CHECK(again_en.out == "mailmend: already-original: " + prefs + ": already holds the original bytes of backup " + id + "\n");

    testutil::write_bytes(prefs, "user_pref(\"mail.changed\", 1);\n");
    const std::string sha = util::sha256_hex("user_pref(\"mail.changed\", 1);\n");
    auto refused = run_lang("zh-CN", {"restore", run_id, "--backup-dir", "backups"});
    CHECK(refused.exit_code == 3);
    CHECK(refused.err == "mailmend: 已拒绝：" + prefs + "：在 mailmend 写入后又被修改过（sha256 " + sha + "）；如仍要恢复备份 " +
                             id + "，请加 --force\n");
    auto refused_en = run_lang("en", {"restore", run_id, "--backup-dir", "backups"});
    CHECK(refused_en.err == "mailmend: refused: " + prefs + ": changed since mailmend wrote it (sha256 " + sha +
                                "); use --force to restore backup " + id + " anyway\n");

    auto forced = run_lang("zh-CN", {"restore", id, "--backup-dir", "backups", "--force"});
    CHECK(forced.exit_code == 0);
    const auto after = nlohmann::json::parse(run_lang("en", {"backups", "list", "--backup-dir", "backups", "--format", "json"}).out);
    REQUIRE(after.size() == 2);
    const std::string saved = after[1]["id"];
    CHECK(forced.out == "mailmend: 已恢复：" + prefs + "：已从备份 " + id + " 恢复；被替换掉的状态已存为备份 " + saved +
                            "（执行 mailmend restore " + saved + " 可还原）\n");
    CHECK(testutil::read_bytes(prefs) == cli_test::kBrokenPrefs);
    auto undo_en = run_lang("en", {"restore", saved, "--backup-dir", "backups"});
    CHECK(undo_en.out == "mailmend: restored: " + prefs + ": restored from backup " + saved + "\n");

    auto unknown = run_lang("zh-CN", {"restore", "run-20260101-000000.000-abcdef", "--backup-dir", "backups"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err == "mailmend: 错误：backups 中没有运行 run-20260101-000000.000-abcdef 的备份\n");
    auto no_backup = run_lang("zh-CN", {"restore", "20260101-000000.000-abcdef", "--backup-dir", "backups"});
    CHECK(no_backup.exit_code == 2);
    CHECK(no_backup.err == "mailmend: 错误：backups 中没有备份 20260101-000000.000-abcdef\n");
    auto no_backup_en = run_lang("en", {"restore", "20260101-000000.000-abcdef", "--backup-dir", "backups"});
    CHECK(no_backup_en.err == "mailmend: error: no backup 20260101-000000.000-abcdef in backups\n");
  }
}
