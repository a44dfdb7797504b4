// What issue 15 still left in English, now in Chinese, each checked by whole lines: `fix --apply`'s
// per-file result lines (applied, refused, rolled back, failed, a group's refusals), the writers'
// own refusals (prefs.js, plist, hive, Accounts database), `mailmend summary`'s text and `backups
// list`. English stays byte for byte.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "../fix/fixture.hpp"
#include "../fix/setup.hpp"
#include "adapters/apple/accounts_db_writer.hpp"
#include "adapters/apple/plist_render.hpp"
#include "adapters/outlook/hive.hpp"
#include "adapters/thunderbird/pref_writer.hpp"
#include "cli/thunderbird_home.hpp"
#include "fix/apply.hpp"
#include "i18n_runs.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using i18n_test::ChineseRun;
using i18n_test::has_line;
using i18n_test::run_lang;
using i18n_test::write_report;

namespace {

// The backups in `dir`, as `backups list --format json` gives them.
nlohmann::json backups_in(const std::string& dir) {
  return nlohmann::json::parse(run_lang("en", {"backups", "list", "--backup-dir", dir, "--format", "json"}).out);
}

// `fix --apply` of a Thunderbird home with one broken account, in `lang`; its one backup.
struct AppliedHome {
  fs::path home;
  std::string prefs, backups;
  testutil::RunResult run;
  nlohmann::json backup;
  AppliedHome(const std::string& name, const std::string& lang)
      : home(cli_test::make_home(name, cli_test::kBrokenPrefs)), prefs(cli_test::prefs_of(home).string()),
        backups(name + "-backups") {
    run = run_lang(lang, {"fix", "--home", home.string(), "--apply", "--backup-dir", backups});
    const auto list = backups_in(backups);
    REQUIRE(list.size() == 1);
    backup = list[0];
  }
  std::string id() const { return backup["id"]; }
  std::string changes() const { return std::to_string(backup["items"].size()); }
};

// Two files applied together (PlanFile::group), as tests/fix/test_apply_group.cpp makes them.
struct Pair {
  setup::Setup s{fixture::kTwoAccounts};
  fs::path second = testutil::scratch() / "second.conf";
  fix::Plan plan;
  Pair() {
    testutil::write_bytes(second, fixture::kTwoAccounts);
    plan = s.plan({s.file, second});
    REQUIRE(plan.files.size() == 2);
    for (auto& f : plan.files) f.group = "pair";
  }
};

// An edit of `key` in `file` setting the incoming host.
core::Edit host_edit(const std::string& file, const std::string& key) {
  core::Edit e;
  e.account = "a";
  e.field = "incoming.host";
  e.target.file = file;
  e.target.key = key;
  e.value = std::string("outlook.office365.com");
  return e;
}

}  // namespace

TEST_SUITE("i18n fix summary backups") {
  TEST_CASE("zh_CN fix --apply: the applied line with its backup in Chinese; English as before") {
    const AppliedHome zh("wei", "zh-CN");
    INFO(zh.run.out << zh.run.err);
    CHECK(zh.run.exit_code == 0);
    CHECK(has_line(zh.run.out, "已应用：" + zh.prefs + "：写入了 " + zh.changes() + " 处修改（备份 " + zh.id() + "）"));
    const AppliedHome en("ann", "en");
    CHECK(en.run.exit_code == 0);
    CHECK(has_line(en.run.out, "applied: " + en.prefs + ": " + en.changes() + " change(s) applied [backup " + en.id() + "]"));
    const auto json = nlohmann::json::parse(
        run_lang("zh-CN", {"fix", "--home", zh.home.string(), "--apply", "--backup-dir", "again", "--format", "json"}).out);
    CHECK(json["files"].empty());  // nothing left to fix; the machine format stays English anyway
  }

  TEST_CASE("zh_CN fix --apply: a refused file (the Accounts database without --allow-accounts-db) in Chinese") {
    fs::copy(testutil::source_dir() / "fixtures/homes/mac-modern-erin", "home", fs::copy_options::recursive);
    const std::string db = fs::absolute("home/Library/Accounts/Accounts4.sqlite").string();
    auto zh = run_lang("zh-CN", {"fix", "--home", "home", "--apply", "--backup-dir", "backups"});
    INFO(zh.out << zh.err);
    CHECK(zh.exit_code == 3);
    CHECK(("\n" + zh.out).find("\n已拒绝：" + db + "：只有加上 --allow-accounts-db 才会原地修改数据库") != std::string::npos);
    auto en = run_lang("en", {"fix", "--home", "home", "--apply", "--backup-dir", "backups"});
    INFO(en.out);
    CHECK(("\n" + en.out).find("\nrefused: " + db + ": a database changed in place only with --allow-accounts-db") !=
          std::string::npos);
  }

  TEST_CASE("zh_CN apply of a group: a failed write, the rollback and a group's refusal in Chinese; English as before") {
    ChineseRun chinese;
    {
      Pair p;
      fix::ApplyOptions options = p.s.options();
      options.before_write = [&](const fs::path& file) -> util::Status {
        if (file == p.second) return util::make_error(file.string() + ": No space left on device");
        return {};
      };
      const fix::ApplyResult result = fix::apply_plan(p.plan, options);
      REQUIRE(result.files.size() == 2);
      const std::string first = p.s.file.string(), second = p.second.string();
      CHECK(result.files[0].message == first + ": rolled back because " + second +
                                           " could not be written; the original was restored");
      CHECK(result.files[1].message == second + ": No space left on device; the file was not changed");
      const std::string text = fix::render_apply_text(result);
      CHECK(has_line(text, "已回滚：" + first + "：因无法写入 " + second + " 而回滚；已恢复原始内容（备份 " +
                               result.files[0].backup_id + "）"));
      CHECK(has_line(text, "失败：" + second + ": No space left on device；文件未被修改（备份 " +
                               result.files[1].backup_id + "）"));
    }
    {
      Pair p;
      p.s.adapter.locked.insert(p.second.string());
      const fix::ApplyResult result = fix::apply_plan(p.plan, p.s.options());
      REQUIRE(result.files.size() == 2);
      const std::string first = p.s.file.string(), second = p.second.string();
      CHECK(result.files[0].message == first + ": not changed: it goes together with " + second + ", which was refused (" +
                                           second + ": fake client is running (pid 4242); close the client and run again)");
      CHECK(has_line(fix::render_apply_text(result),
                     "已拒绝：" + first + "：未修改：它必须与 " + second + " 一同修改，而后者被拒绝（" + second +
                         "：fake client is running (pid 4242)；请关闭客户端后重新运行）"));
    }
  }

  TEST_CASE("zh_CN: the writers' refusals (prefs.js, plist, hive, Accounts database) in both languages") {
    ChineseRun chinese;
    auto prefs = adapters::thunderbird::render_prefs("prefs.js", cli_test::kBrokenPrefs,
                                                     {host_edit("prefs.js", "mail.server.server9.hostname")}, {});
    REQUIRE_FALSE(prefs.ok());
    CHECK(prefs.error().message ==
          "prefs.js: mail.server.server9.hostname: not found in the file (was it changed since it was read?)");
    CHECK(prefs.error().localized == "prefs.js：mail.server.server9.hostname：在文件中找不到（读取之后文件被修改过吗？）");

    auto plist = adapters::apple::render_plist_edits(
        "Accounts.plist",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n<key>MailAccounts</key>\n<array/>\n"
        "</dict>\n</plist>\n",
        {host_edit("Accounts.plist", "Nowhere.Hostname")});
    REQUIRE_FALSE(plist.ok());
    CHECK(plist.error().message == "Accounts.plist: Nowhere.Hostname: no such dictionary in this file");
    CHECK(plist.error().localized == "Accounts.plist：Nowhere.Hostname：此文件中没有这个字典");

    const std::string hive = testutil::read_bytes(testutil::source_dir() / "fixtures/homes/ol-broken/NTUSER.DAT");
    auto edited = adapters::outlook::edit_hive_bytes("NTUSER.DAT", hive, {{"Software\\Nowhere", "X", 1, "x"}});
    REQUIRE_FALSE(edited.ok());
    CHECK(edited.error().message == "NTUSER.DAT: key Software\\Nowhere not found in the hive");
    CHECK(edited.error().localized == "NTUSER.DAT：注册表配置单元中找不到项 Software\\Nowhere");

    core::CellChange cell;
    cell.location = "ZACCOUNT[x].Nothing";
    cell.table = "ZACCOUNT";
    cell.column = "ZNOTHING";
    auto written = adapters::apple::AccountsDbStore().write("Accounts4.sqlite", {cell}, core::CellCheck::Before, {});
    REQUIRE_FALSE(written.ok());
    CHECK(written.error().message == "Accounts4.sqlite: ZACCOUNT.ZNOTHING is not a cell mailmend writes");
    CHECK(written.error().localized == "Accounts4.sqlite：ZACCOUNT.ZNOTHING 不是 mailmend 会写入的单元格");
  }

  TEST_CASE("zh_CN summary of two reports: every line in Chinese; English as before") {
    const fs::path home = cli_test::make_home("ann", cli_test::kBrokenPrefs);
    fs::create_directories("reports");
    fs::create_directories("empty");
    write_report(home, "pc-1", "reports/pc-1.json");
    write_report(home, "pc-2", "reports/pc-2.json");
    const auto report = nlohmann::json::parse(testutil::read_bytes("reports/pc-1.json"));
    std::size_t errors = 0, warnings = 0, infos = 0;
    for (const auto& f : report["findings"]) {
      const std::string severity = f["severity"];
      (severity == "error" ? errors : severity == "warning" ? warnings : infos) += 2;
    }
    REQUIRE(errors > 0);
    const std::vector<std::string> args{"summary", "reports", "empty", "--now", report["generated_at"].get<std::string>()};

    auto zh = run_lang("zh-CN", args);
    INFO(zh.out << zh.err);
    CHECK(has_line(zh.out, "报告：2 份，来自 2 台主机"));
    CHECK(has_line(zh.out, "账户：2"));
    CHECK(has_line(zh.out, "发现：" + std::to_string(errors) + " 个错误，" + std::to_string(warnings) + " 个警告，" +
                               std::to_string(infos) + " 条提示"));
    CHECK(has_line(zh.out, "有错误的主机：2（pc-1、pc-2）"));
    CHECK(has_line(zh.out, "过期主机（最新报告早于 7 天前）：0"));
    CHECK(has_line(zh.out, "无法读取的来源：0"));
    CHECK(has_line(zh.out, "按规则统计（发现数，主机数）："));
    CHECK(has_line(zh.out, "按客户端统计的账户："));
    CHECK(has_line(zh.out, "  thunderbird  2"));
    CHECK(has_line(zh.out, "empty 中没有报告：该文件夹及其子文件夹中没有 *.json、*.ndjson 或 *.jsonl 报告（请用 audit --format "
                           "json -o FILE.json 保存报告）"));

    auto en = run_lang("en", args);
    CHECK(en.exit_code == zh.exit_code);
    CHECK(has_line(en.out, "Reports: 2 from 2 hosts"));
    CHECK(has_line(en.out, "Accounts: 2"));
    CHECK(has_line(en.out, "Findings: " + std::to_string(errors) + " errors, " + std::to_string(warnings) + " warnings, " +
                               std::to_string(infos) + " infos"));
    CHECK(has_line(en.out, "Hosts with errors: 2 (pc-1, pc-2)"));
    CHECK(has_line(en.out, "Stale hosts (newest report older than 7 days): 0"));
    CHECK(has_line(en.out, "Sources that could not be read: 0"));
    CHECK(has_line(en.out, "By rule (findings, hosts):"));
    CHECK(has_line(en.out, "Accounts by client:"));
    CHECK(has_line(en.out, "no report in empty: the folder and its subfolders hold no *.json, *.ndjson or *.jsonl report "
                           "(save them with audit --format json -o FILE.json)"));

    // One host twice, one day: the older report left out, a stale host with its age.
    write_report(home, "pc-2", "reports/pc-2-again.json");
    auto twice = run_lang("zh-CN", {"summary", "reports", "--stale-days", "1", "--now", "2099-01-01T00:00:00Z"});
    CHECK(has_line(twice.out, "报告：3 份，来自 2 台主机（同一主机的 1 份较旧报告未计入，每台主机只计最新的报告）"));
    CHECK(twice.out.find("过期主机（最新报告早于 1 天前）：2（pc-1（") != std::string::npos);
    auto twice_en = run_lang("en", {"summary", "reports", "--stale-days", "1", "--now", "2099-01-01T00:00:00Z"});
    CHECK(has_line(twice_en.out,
                   "Reports: 3 from 2 hosts (1 older report of the same host left out (the newest report of each host counts))"));
    CHECK(twice_en.out.find("Stale hosts (newest report older than 1 day): 2 (pc-1 (") != std::string::npos);
  }

  TEST_CASE("zh_CN backups list: each backup and a forced restore's note in Chinese; English as before") {
    auto none = run_lang("zh-CN", {"backups", "list", "--backup-dir", "nothing-here"});
    CHECK(none.out == "没有备份。\n");
    CHECK(run_lang("en", {"backups", "list", "--backup-dir", "nothing-here"}).out == "No backups.\n");

    const AppliedHome applied("ann", "en");
    REQUIRE(applied.run.exit_code == 0);
    const std::string id = applied.id(), run_id = applied.backup["run_id"], created = applied.backup["created_at"];
    auto zh = run_lang("zh-CN", {"backups", "list", "--backup-dir", applied.backups});
    CHECK(zh.out == id + "  " + created + "  " + applied.prefs + "  （" + applied.changes() + " 处修改，thunderbird，" + run_id +
                        "）\n");
    auto en = run_lang("en", {"backups", "list", "--backup-dir", applied.backups});
    CHECK(en.out == id + "  " + created + "  " + applied.prefs + "  (" + applied.changes() + " change(s), thunderbird, " +
                        run_id + ")\n");

    testutil::write_bytes(applied.prefs, "user_pref(\"mail.changed\", 1);\n");
    REQUIRE(run_lang("en", {"restore", id, "--backup-dir", applied.backups, "--force"}).exit_code == 0);
    const auto after = backups_in(applied.backups);
    REQUIRE(after.size() == 2);
    const std::string saved = after[1]["id"], saved_at = after[1]["created_at"];
    auto forced = run_lang("zh-CN", {"backups", "list", "--backup-dir", applied.backups});
    CHECK(has_line(forced.out, saved + "  " + saved_at + "  " + applied.prefs + "  （0 处修改，thunderbird，对备份 " + id +
                                   " 执行 restore --force 之前的状态）"));
    auto forced_en = run_lang("en", {"backups", "list", "--backup-dir", applied.backups});
    CHECK(has_line(forced_en.out, saved + "  " + saved_at + "  " + applied.prefs +
                                      "  (0 change(s), thunderbird, state before restore --force of backup " + id + ")"));
  }
}
