#include <doctest/doctest.h>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/mail_process.hpp"
#include "support/testutil.hpp"

using namespace adapters::apple;

TEST_SUITE("apple.mail_process") {
  TEST_CASE("a process named exactly Mail is found by pid") {
    testutil::write_bytes("proc/12/comm", "MailMate\n");
    testutil::write_bytes("proc/self/comm", "Mail\n");
    CHECK_FALSE(find_mail_process("proc"));
    testutil::write_bytes("proc/345/comm", "Mail\n");
    CHECK(find_mail_process("proc") == 345);
    CHECK_FALSE(find_mail_process("no-proc"));
  }

  TEST_CASE("profiles are never locked; on this machine Mail is not running") {
    AppleMailAdapter adapter;
    CHECK_FALSE(adapter.lock_state("x.mobileconfig").locked);
    CHECK_FALSE(adapter.lock_state("Accounts.plist").locked);
  }
}
