// mailmend's own one-line errors and a fix plan's refusals in Chinese: the real binary on real bad
// input, the exact line and the same exit code as in English (the English lines are asserted where
// each error is tested: tests/cli).
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

testutil::RunResult run_zh(const std::vector<std::string>& args) {
  std::vector<std::string> argv{testutil::mailmend_binary().string(), "--lang", "zh-CN"};
  argv.insert(argv.end(), args.begin(), args.end());
  return testutil::run_program(argv);
}

// The same arguments under LC_ALL=zh_CN.UTF-8 and no --lang: the environment decides.
testutil::RunResult run_in_zh_locale(const std::vector<std::string>& args) {
  std::vector<std::string> argv{testutil::mailmend_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testutil::run_program(argv, {}, testutil::kProgramTimeout, {{"LC_ALL", "zh_CN.UTF-8"}});
}

}  // namespace

TEST_SUITE("i18n errors") {
  TEST_CASE("zh_CN usage errors: option values mailmend checks itself") {
    const struct {
      std::vector<std::string> args;
      std::string err;
    } cases[] = {
        {{"probe", "--server", "ftp://x"},
         "mailmend: --server 'ftp://x'：未知协议 'ftp'（可用 imap、imaps、pop3、pop3s、smtp、smtps）\n"},
        {{"probe", "--server", "imaps://127.0.0.1:9", "-4", "-6"}, "mailmend: -4 和 -6 不能同时使用\n"},
        {{"probe", "--server", "imaps://127.0.0.1:9", "--resolve", "x"},
         "mailmend: --resolve 'x'：组成部分太少（格式应为 HOST:PORT:ADDRESS）\n"},
        {{"probe", "--server", "imaps://127.0.0.1:9", "--timeout", "0"},
         "mailmend: --timeout：请指定 0.001 到 600 之间的秒数\n"},
        {{"probe", "--server", "imaps://127.0.0.1:9", "--home", "."},
         "mailmend: --server 只探测给出的 URL：请不要同时指定 PATH、--home、--homes 或 --all-users\n"},
        {{"summary", ".", "--now", "yesterday"},
         "mailmend: --now yesterday：不是 RFC 3339 格式的时间（例如 2026-11-27T10:00:00Z）\n"},
        {{"fix", "--home", ".", "--output", "sarif=plan.sarif"},
         "mailmend: --output sarif=plan.sarif：此命令只能输出 text、json，不能输出 sarif\n"},
        {{"audit", "--refresh"}, "mailmend: --refresh 只用于在线发现：请加上 --online\n"},
    };
    for (const auto& c : cases) {
      auto r = run_zh(c.args);
      INFO(c.args.front() << " " << c.args.back() << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err == c.err);
      CHECK(r.out.empty());
    }
  }

  TEST_CASE("zh_CN providers lookup: a bad address and an unknown domain in Chinese; the JSON keeps English") {
    auto bad = run_in_zh_locale({"providers", "lookup", "@@@"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "mailmend: '@@@' 不是邮箱地址或域名（@ 后面没有域名）；请填写 user@example.com 或 example.com\n");
    auto blank = run_zh({"providers", "lookup", "ann @example.com"});
    CHECK(blank.exit_code == 2);
    CHECK(blank.err ==
          "mailmend: 'ann @example.com' 不是邮箱地址或域名（@ 前面有空白字符）；请填写 user@example.com 或 example.com\n");
    auto unknown = run_zh({"providers", "lookup", "nobody.invalid", "--format", "json"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err ==
          "mailmend: 未知 nobody.invalid 的邮件服务商（可用 --policy FILE.xml 描述自己的域名，或用 --online 在线查询）\n");
    const auto json = nlohmann::json::parse(unknown.out);
    CHECK(json["error"]["message"] ==
          "no provider known for nobody.invalid (describe your own domains with --policy FILE.xml, or look it up with "
          "--online)");
  }

  TEST_CASE("zh_CN file errors: a missing provider database, a malformed and an empty policy file") {
    auto db = run_zh({"audit", "--home", ".", "--providers", "missing.sqlite"});
    CHECK(db.exit_code == 2);
    CHECK(db.err == "mailmend: missing.sqlite：不是可用的服务商数据库：文件不存在\n");
    // pugixml's own words stay as the library gives them, inside the Chinese sentence.
    testutil::write_bytes("bad.xml", "<?xml version=\"1.0\"?>\n<clientConfig>\n  <emailProvider>\n</clientConfig>\n");
    auto xml = run_zh({"audit", "--home", ".", "--policy", "bad.xml"});
    CHECK(xml.exit_code == 2);
    CHECK(xml.err == "mailmend: bad.xml:4:3：XML 格式错误：Start-end tags mismatch\n");
    testutil::write_bytes("empty.xml", "");
    auto empty = run_zh({"providers", "lookup", "example.com", "--policy", "empty.xml"});
    CHECK(empty.exit_code == 2);
    CHECK(empty.err == "mailmend: empty.xml：空文件，不是 XML\n");
    // The same errors in English, byte for byte as before.
    auto english = testutil::run_mailmend({"--lang", "en", "audit", "--home", ".", "--policy", "bad.xml"});
    CHECK(english.exit_code == 2);
    CHECK(english.err == "mailmend: bad.xml:4:3: malformed XML: Start-end tags mismatch\n");
  }

  TEST_CASE("zh_CN: CLI11's parse errors, each type in its own words naming the option; English as CLI11 words it") {
    const struct {
      std::vector<std::string> args;
      std::string english;
      std::string chinese;
    } cases[] = {
        {{"audit", "--bogus"}, "The following argument was not expected: --bogus", "无法识别的参数：--bogus"},
        {{"providers", "import", "x.xml"}, "--out is required", "必须指定 --out"},
        {{"providers", "import", "x.xml", "--out"}, "--out: 1 required TEXT missing", "--out：缺少取值（需要 1 个 TEXT）"},
        {{"probe", "--timeout", "soon"}, "Could not convert: --timeout = soon", "--timeout 的取值无法转换：soon"},
        {{"audit", "--fail-on", "sometimes"}, "--fail-on: sometimes not in {error,warning,info,never}",
         "--fail-on：sometimes 不是可选的取值 {error,warning,info,never} 之一"},
        {{"audit", "--jobs", "0"}, "--jobs: Value 0 not in range 1 to 256", "--jobs：取值 0 不在 1 到 256 的范围内"},
        {{"fix", "--only", "retierd-host"},
         "--only: unknown rule id 'retierd-host' (nearest known: retired-host; `mailmend rules` lists them all)",
         "--only：未知的规则 ID 'retierd-host'（最接近的已知规则：retired-host；`mailmend rules` 可列出全部规则）"},
        {{}, "A subcommand is required", "必须指定子命令"},
        {{"audti", "--home", "."}, "'audti' is not a subcommand", "'audti' 不是有效的子命令"},
        {{"providers", "lookpu", "ann@example.com"}, "'lookpu' is not a subcommand", "'lookpu' 不是有效的子命令"},
    };
    for (const auto& c : cases) {
      auto zh = run_zh(c.args);
      INFO(zh.err);
      CHECK(zh.exit_code == 2);
      CHECK(zh.err == c.chinese + "\n运行时加上 --help 可查看更多信息。\n");
      CHECK(zh.out.empty());
      auto en = testutil::run_mailmend(c.args);
      CHECK(en.exit_code == 2);
      CHECK(en.err == c.english + "\nRun with --help for more information.\n");
    }
  }

  TEST_CASE("zh_CN --help: each subcommand's exit codes") {
    auto fix = run_zh({"fix", "--help"});
    CHECK(fix.exit_code == 0);
    CHECK(fix.out.find("\n退出码：\n  试运行（默认）：\n  0  没有需要修复的内容\n  1  有待执行的修改\n"
                       "  2  用法错误（--only/--skip 中有未知的规则 ID），或没有可读取的内容\n"
                       "  3  有文件或修改被拒绝，或有来源已损坏或无法读取\n  加上 --apply 时：\n"
                       "  0  计划中的所有文件都已修改并通过验证\n") != std::string::npos);
    auto lookup = run_zh({"providers", "lookup", "--help"});
    CHECK(lookup.out.ends_with("退出码：\n  0  已输出该服务商的设置\n  1  不知道该域名的邮件服务商（用 --online 也没有找到）\n"
                               "  2  用法错误：不是邮箱地址或域名，或 --providers/--policy 文件无法读取\n\n"));
    CHECK(lookup.out.find("Exit codes") == std::string::npos);
    auto english = testutil::run_mailmend({"providers", "lookup", "--help"});
    CHECK(english.out.ends_with("Exit codes:\n  0  the provider's settings were printed\n"
                                "  1  no provider known for the domain (nor found with --online)\n"
                                "  2  usage error: not an address or domain, or an unreadable --providers/--policy file\n\n"));
  }

  TEST_CASE("zh_CN: a policy file's problem notes and providers import's lines; the sources' JSON keeps English") {
    testutil::write_bytes("corp.example.xml",
                          "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"corp.example\">\n"
                          "<displayNameShort>Corp</displayNameShort>\n<incomingServer type=\"imap\">\n"
                          "<hostname>mail.corp.example</hostname>\n<port>99999</port>\n<socketType>SLL</socketType>\n"
                          "</incomingServer>\n</emailProvider>\n</clientConfig>\n");
    auto zh = run_zh({"providers", "lookup", "gmail.com", "--policy", "corp.example.xml"});
    CHECK(zh.exit_code == 0);
    CHECK(zh.err ==
          "mailmend: 策略文件 corp.example.xml:4：未知元素 <displayNameShort>，已忽略（是否应为 <displayShortName>？）\n"
          "mailmend: 策略文件 corp.example.xml:7：端口 \"99999\" 不是 1..65535 之间的数字\n"
          "mailmend: 策略文件 corp.example.xml:8：未知的 socketType \"SLL\"\n"
          "mailmend: 策略文件 corp.example.xml：未列出 <domain>；只能按服务器主机名匹配账户\n");
    auto en = testutil::run_mailmend({"providers", "lookup", "gmail.com", "--policy", "corp.example.xml"});
    CHECK(en.err ==
          "mailmend: policy corp.example.xml:4: unknown element <displayNameShort> ignored (a typo for "
          "<displayShortName>?)\n"
          "mailmend: policy corp.example.xml:7: port \"99999\" is not a number in 1..65535\n"
          "mailmend: policy corp.example.xml:8: unknown socketType \"SLL\"\n"
          "mailmend: policy corp.example.xml: policy lists no <domain>; it can match only by server host\n");
    // The report's sources are a machine format: English in a Chinese run.
    auto json = run_zh({"audit", "--home", ".", "--policy", "corp.example.xml", "--format", "json"});
    CHECK(json.out.find("\"corp.example.xml:8: unknown socketType \\\"SLL\\\"\"") != std::string::npos);

    // providers import: its lines, each warning and each file skipped, pugixml's reason as it words it.
    testutil::write_bytes("bad.xml", "<?xml version=\"1.0\"?>\n<clientConfig>\n  <emailProvider>\n</clientConfig>\n");
    auto import = run_zh({"providers", "import", "corp.example.xml", "bad.xml", "--out", "corp.sqlite"});
    CHECK(import.exit_code == 3);
    CHECK(import.err.starts_with("警告：corp.example.xml:4：未知元素 <displayNameShort>，已忽略（是否应为 <displayShortName>？）\n"));
    CHECK(import.err.ends_with("\n错误：bad.xml:4:3：XML 格式错误：Start-end tags mismatch\n"));
    CHECK(import.out == "已导入 1 个文件：1 个服务商，0 个域名，1 个收件服务器和 0 个发件服务器；3 条警告，跳过 1 个文件\n"
                        "已写入 corp.sqlite\n");
    auto english = testutil::run_mailmend({"providers", "import", "corp.example.xml", "bad.xml", "--out", "corp-en.sqlite"});
    CHECK(english.err.starts_with("warning: corp.example.xml:4: unknown element <displayNameShort> ignored"));
    CHECK(english.err.ends_with("\nerror: bad.xml:4:3: malformed XML: Start-end tags mismatch\n"));
    CHECK(english.out == "imported 1 files: 1 providers, 0 domains, 1 incoming and 0 outgoing servers; 3 warnings, 1 "
                         "files skipped\nwrote corp-en.sqlite\n");
  }

  TEST_CASE("an unknown --lang is refused in the environment's language") {
    auto r = run_in_zh_locale({"--lang", "klingon", "audit"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "mailmend: --lang klingon：没有该语言的消息（可用：en, zh-CN）\n");
  }

  TEST_CASE("zh_CN fix plan: the Accounts database refused without --allow-accounts-db, the reason in Chinese") {
    fs::copy(testutil::source_dir() / "fixtures/homes/mac-modern-erin", "home", fs::copy_options::recursive);
    const std::string db = fs::absolute("home/Library/Accounts/Accounts4.sqlite").string();
    auto zh = run_zh({"fix", "--home", "home"});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 3);
    CHECK(zh.out.find("\n  已拒绝：" + db +
                      "：只有加上 --allow-accounts-db 才会原地修改数据库（会先备份整个文件夹）；也可以在客户端中修改账户，"
                      "或推送修正后的描述文件（mailmend profile）\n") != std::string::npos);
    // JSON's reason stays English in a Chinese run, as every machine format's text.
    auto json = run_zh({"fix", "--home", "home", "--format", "json"});
    CHECK(json.exit_code == 3);
    const auto plan = nlohmann::json::parse(json.out);
    REQUIRE(plan["files"].size() == 1);
    CHECK(plan["files"][0]["reason"] ==
          db + ": a database changed in place only with --allow-accounts-db (the whole folder is backed up first); or fix "
               "the account in the client, or push a corrected profile (mailmend profile)");
  }
}
