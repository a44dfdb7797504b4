// The catalogue template is what the sources give: a text added or changed without running
// scripts/update-po fails here (xgettext is a tool of the build machine, hence POSIX only). And a
// refusal at apply in Chinese (a running Thunderbird's lock symlink).
#include <doctest/doctest.h>
#include <unistd.h>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

TEST_SUITE("i18n sources") {
  TEST_CASE("po/mailmend.pot lists exactly the texts the sources mark with tr and trn") {
    auto r = testutil::run_program({"bash", std::string(MAILMEND_SOURCE_DIR) + "/scripts/update-po", "--check"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  }
}

TEST_SUITE("i18n cli posix") {
  TEST_CASE("zh_CN fix --apply while Thunderbird runs: refused, the reason in Chinese, the file untouched") {
    const auto home = cli_test::make_home("ann", cli_test::kBrokenPrefs);
    const auto profile = cli_test::prefs_of(home).parent_path();
    // A lock symlink naming a live process (this test) is how a running Thunderbird marks its profile.
    REQUIRE(::symlink(("127.0.0.1:+" + std::to_string(::getpid())).c_str(), (profile / "lock").c_str()) == 0);
    const std::string before = testutil::read_bytes(cli_test::prefs_of(home));
    auto r = testutil::run_mailmend({"--lang", "zh-CN", "fix", "--home", home.string(), "--apply", "--backup-dir", "backups"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("已拒绝：" + cli_test::prefs_of(home).string() + "：Thunderbird 正在运行（pid " +
                     std::to_string(::getpid()) + "，锁符号链接 " + (profile / "lock").string() +
                     "）；请关闭客户端后重新运行\n") != std::string::npos);
    CHECK(testutil::read_bytes(cli_test::prefs_of(home)) == before);
  }
}
