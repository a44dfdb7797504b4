// End-to-end cases of the mailmend binary that only mean something on POSIX: FIFOs, and folder
// names with control bytes (Windows holds no byte below 0x20 in a name).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

using cli_test::kBrokenPrefs;
using cli_test::kProfilesIni;
using cli_test::make_home;
using cli_test::prefs_of;
using testutil::run_mailmend;

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

  TEST_CASE("fix prints no control byte from a folder name: the text plan escapes it, the JSON keeps it") {
    auto home = make_home("ann\x1b[31mred", kBrokenPrefs);
    auto dry = run_mailmend({"fix", "--home", home.string()});
    CHECK(dry.exit_code == 1);
    CHECK(dry.out.find('\x1b') == std::string::npos);
    CHECK(dry.out.find("ann\\x1B[31mred/.thunderbird/abcd1234.default/prefs.js") != std::string::npos);
    CHECK(dry.out.find("\t(current)") != std::string::npos);  // the diff header keeps its tab
    auto json = run_mailmend({"fix", "--home", home.string(), "--format", "json"});
    CHECK(nlohmann::json::parse(json.out)["files"][0]["file"] == prefs_of(home).string());
    auto applied = run_mailmend({"fix", "--home", home.string(), "--apply", "--backup-dir", "backups"});
    CHECK(applied.exit_code == 0);
    CHECK(applied.out.find('\x1b') == std::string::npos);
  }
}
