// End-to-end cases of the mailmend binary that only mean something on POSIX: FIFOs.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

using cli_test::kProfilesIni;

TEST_SUITE("cli hostile homes") {
  TEST_CASE("a FIFO planted as prefs.js, Accounts4.sqlite or NTUSER.DAT never hangs the audit") {
    testutil::write_bytes("home/.thunderbird/profiles.ini", kProfilesIni);
    fs::create_directories("home/.thunderbird/abcd1234.default");
    fs::create_directories("home/Library/Accounts");
    REQUIRE(::mkfifo("home/.thunderbird/abcd1234.default/prefs.js", 0600) == 0);
    REQUIRE(::mkfifo("home/Library/Accounts/Accounts4.sqlite", 0600) == 0);
    REQUIRE(::mkfifo("home/NTUSER.DAT", 0600) == 0);
    // Stopped after 30 s: a regression fails instead of hanging CI.
    auto r = testutil::run_program({testutil::mailmend_binary().string(), "audit", "--home", "home"}, {},
                                   std::chrono::seconds(30));
    CHECK(r.exit_code == 2);  // nothing readable
    CHECK(r.out.find("prefs.js: is not a regular file (a FIFO, device or socket); refused") != std::string::npos);
    CHECK(r.out.find("Accounts4.sqlite: not a regular file") != std::string::npos);
  }
}
