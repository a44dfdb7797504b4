// The endpoint-manager wrappers in scripts/deploy, run with a stub in place of mailmend that
// records its arguments: the arguments they pass and the exit codes they return.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

// A stub mailmend: writes its arguments one per line to args.txt and exits with `code`.
fs::path stub(int code) {
  const fs::path path = testutil::scratch() / "stub-mailmend";
  testutil::write_bytes(path, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + (testutil::scratch() / "args.txt").string() +
                                  "\"\nexit " + std::to_string(code) + "\n");
  ::chmod(path.c_str(), 0755);
  return path;
}

testutil::RunResult jamf_remediate(int stub_code, const std::string& parameter4) {
  const fs::path script = testutil::source_dir() / "scripts/deploy/jamf-remediate.sh";
  return testutil::run_program({"/usr/bin/env", "MAILMEND=" + stub(stub_code).string(),
                                "MAILMEND_OUT=" + (testutil::scratch() / "out").string(), "/bin/sh", script.string(),
                                "/", "mac-01", "erin", parameter4});
}

}  // namespace

TEST_SUITE("deploy scripts") {
  TEST_CASE("jamf-remediate applies the fixes for all users and keeps the JSON result") {
    auto r = jamf_remediate(0, "");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "mailmend: nothing left to fix\n");
    CHECK(testutil::read_bytes("args.txt") == "fix\n--all-users\n--apply\n--format\njson\n--output\n" +
                                                  (testutil::scratch() / "out" / "fix.json").string() + "\n");
    CHECK(fs::is_directory("out"));
  }

  TEST_CASE("jamf-remediate parameter 4 opts in to the Accounts database; anything else is refused") {
    auto r = jamf_remediate(3, "allow-accounts-db");
    CHECK(r.exit_code == 3);
    CHECK(r.out.starts_with("mailmend: some files refused or rolled back"));
    CHECK(testutil::read_bytes("args.txt").starts_with("fix\n--all-users\n--apply\n--allow-accounts-db\n--format\n"));
    fs::remove("args.txt");
    auto bad = jamf_remediate(0, "yes");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "mailmend: unknown parameter 4 \"yes\" (expected allow-accounts-db or nothing)\n");
    CHECK_FALSE(fs::exists("args.txt"));
  }
}
