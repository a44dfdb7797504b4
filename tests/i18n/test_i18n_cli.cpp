// The language as the binary chooses it: LANG/LC_ALL, --lang over them, an unknown --lang refused.
#include <doctest/doctest.h>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

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
}
