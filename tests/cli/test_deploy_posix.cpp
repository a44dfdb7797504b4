// The endpoint-manager wrappers in scripts/deploy: run with a stub in place of mailmend that
// records its arguments (the arguments they pass, the exit codes they return), and for real with
// the mailmend binary (the Jamf extension attribute, the Ansible playbook against localhost).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
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

// A home whose one POP account uses the retired pop3.live.com: one fixable error.
fs::path retired_host_home() {
  return cli_test::make_home("ann", "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                                    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                                    "user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");\n"
                                    "user_pref(\"mail.server.server1.type\", \"pop3\");\n");
}

testutil::RunResult jamf_attribute(const std::string& binary, const std::string& select) {
  const fs::path script = testutil::source_dir() / "scripts/deploy/jamf-extension-attribute.sh";
  return testutil::run_program({"/bin/sh", script.string()}, {}, std::chrono::seconds(60),
                               {{"MAILMEND", binary}, {"MAILMEND_OUT", (testutil::scratch() / "out").string()}, {"MAILMEND_SELECT", select}});
}

// ansible-playbook scripts/deploy/ansible/mailmend.yml against this machine (-c local) over one
// home; the counts of its PLAY RECAP line: {changed, ok, failed, unreachable}.
nlohmann::json run_playbook(const fs::path& home, bool check) {
  const fs::path playbook = testutil::source_dir() / "scripts/deploy/ansible/mailmend.yml";
  const nlohmann::json vars{{"mailmend_install", false},
                            {"mailmend_path", testutil::mailmend_binary().string()},
                            {"mailmend_select", {"--home", home.string()}},
                            {"mailmend_fix_options", {"--backup-dir", (testutil::scratch() / "backups").string()}},
                            {"mailmend_state_dir", (testutil::scratch() / "state").string()},
                            {"mailmend_fetch", false},
                            {"ansible_become", false},
                            {"ansible_python_interpreter", "/usr/bin/python3"}};
  std::vector<std::string> argv{"/usr/bin/ansible-playbook", "-i", "localhost,", "-c", "local", "-e", vars.dump(), playbook.string()};
  if (check) argv.push_back("--check");
  const fs::path tmp = testutil::scratch() / "ansible-tmp";
  auto r = testutil::run_program(argv, {}, std::chrono::seconds(120),
                                 {{"ANSIBLE_LOCAL_TEMP", tmp.string()},
                                  {"ANSIBLE_REMOTE_TEMP", tmp.string()}, {"ANSIBLE_HOME", tmp.string()},
                                  {"ANSIBLE_NOCOLOR", "1"}, {"ANSIBLE_RETRY_FILES_ENABLED", "0"}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch recap;
  REQUIRE(std::regex_search(r.out, recap, std::regex(R"(localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+))")));
  return {{"changed", std::stoi(recap[2])}, {"ok", std::stoi(recap[1])}, {"failed", std::stoi(recap[4])}, {"unreachable", std::stoi(recap[3])}};
}

}  // namespace

TEST_SUITE("deploy scripts") {
  TEST_CASE("the Jamf extension attribute prints exactly one <result> with the number of errors, and keeps both files") {
    auto home = retired_host_home();
    auto r = jamf_attribute(testutil::mailmend_binary().string(), "--home " + home.string());
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const auto report = nlohmann::json::parse(testutil::read_bytes("out/report.json"));
    CHECK(report["summary"]["errors"].get<int>() > 0);
    CHECK(r.out == "<result>" + std::to_string(report["summary"]["errors"].get<int>()) + "</result>\n");
    CHECK(testutil::read_bytes("out/results.sqlite").rfind(std::string("SQLite format 3\0", 16), 0) == 0);
    // A clean home: 0. A broken invocation (exit 2): "unreadable", still one line.
    auto clean = jamf_attribute(testutil::mailmend_binary().string(), "--home " + (testutil::source_dir() / "fixtures/homes/ol-healthy").string());
    CHECK(clean.out == "<result>0</result>\n");
    auto broken = jamf_attribute(stub(2).string(), "--all-users");
    CHECK(broken.out == "<result>unreadable</result>\n");
    CHECK(broken.exit_code == 0);
  }

  TEST_CASE("Intune: detection's exit code is 1 exactly when remediation changes something, and 0 after it") {
    // The mailmend side of intune-detect.ps1 / intune-remediate.ps1 (pwsh is not on this machine):
    // the commands they run, over one home instead of --all-users.
    const std::string detect = testutil::read_bytes(testutil::source_dir() / "scripts/deploy/intune-detect.ps1");
    const std::string remediate = testutil::read_bytes(testutil::source_dir() / "scripts/deploy/intune-remediate.ps1");
    CHECK(detect.find("& $mailmend fix --all-users --format json --output $plan") != std::string::npos);
    CHECK(remediate.find("& $mailmend fix --all-users --apply --format json --output $result") != std::string::npos);
    auto home = retired_host_home();
    const std::string backups = (testutil::scratch() / "backups").string();
    auto plan = testutil::run_mailmend({"fix", "--home", home.string(), "--backup-dir", backups, "--format", "json", "--output", "plan.json"});
    CHECK(plan.exit_code == 1);
    CHECK(plan.out.empty());
    CHECK(plan.err.empty());
    CHECK(nlohmann::json::parse(testutil::read_bytes("plan.json"))["files"].size() == 1);
    auto apply = testutil::run_mailmend({"fix", "--home", home.string(), "--backup-dir", backups, "--apply", "--format", "json", "--output", "fix.json"});
    CHECK(apply.exit_code == 0);
    CHECK(nlohmann::json::parse(testutil::read_bytes("fix.json"))["applied"] == 1);  // files
    auto again = testutil::run_mailmend({"fix", "--home", home.string(), "--backup-dir", backups, "--format", "json", "--output", "plan.json"});
    CHECK(again.exit_code == 0);
    const auto after = nlohmann::json::parse(testutil::read_bytes("plan.json"));
    CHECK(after["files"].empty());
    // The audit the detection keeps has what its summary line prints.
    auto audit = testutil::run_mailmend({"audit", "--home", home.string(), "--fail-on", "never", "--output", "json=report.json",
                                         "--output", "sqlite=results.sqlite"});
    CHECK(audit.exit_code == 0);
    const auto summary = nlohmann::json::parse(testutil::read_bytes("report.json"))["summary"];
    CHECK(summary["errors"] == 0);
    CHECK(summary["accounts"] == 1);
  }

  TEST_CASE("the Ansible playbook: check mode changes nothing, apply reports changed, a second apply reports ok") {
    REQUIRE_MESSAGE(fs::exists("/usr/bin/ansible-playbook"), "ansible-core is not installed (scripts/setup installs it)");
    auto home = retired_host_home();
    const std::string before = testutil::read_bytes(cli_test::prefs_of(home));
    // The summary a direct audit of the home gives now, to compare with the report the play keeps.
    auto summary_now = [&] {
      return nlohmann::json::parse(testutil::run_mailmend({"audit", "--home", home.string(), "--format", "json"}).out)["summary"];
    };
    fs::create_directories("state");
    fs::permissions("state", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);  // the play's 0750
    const auto summary_before = summary_now();
    REQUIRE(summary_before["errors"].get<int>() > 0);
    auto checked = run_playbook(home, true);
    CHECK(checked == nlohmann::json{{"changed", 1}, {"ok", 4}, {"failed", 0}, {"unreachable", 0}});
    CHECK(testutil::read_bytes(cli_test::prefs_of(home)) == before);
    CHECK_FALSE(fs::exists("backups"));
    CHECK(nlohmann::json::parse(testutil::read_bytes("state/report.json"))["summary"] == summary_before);
    CHECK(testutil::read_bytes("state/results.sqlite").rfind(std::string("SQLite format 3\0", 16), 0) == 0);

    auto applied = run_playbook(home, false);
    CHECK(applied == nlohmann::json{{"changed", 1}, {"ok", 4}, {"failed", 0}, {"unreachable", 0}});
    CHECK(testutil::read_bytes(cli_test::prefs_of(home)) != before);
    CHECK(testutil::read_bytes(cli_test::prefs_of(home)).find("outlook.office365.com") != std::string::npos);
    const auto summary_after = summary_now();
    CHECK(summary_after["errors"].get<int>() < summary_before["errors"].get<int>());
    CHECK(nlohmann::json::parse(testutil::read_bytes("state/report.json"))["summary"] == summary_after);
    CHECK(fs::is_directory("backups"));

    const std::string fixed = testutil::read_bytes(cli_test::prefs_of(home));
    auto again = run_playbook(home, false);
    CHECK(again == nlohmann::json{{"changed", 0}, {"ok", 4}, {"failed", 0}, {"unreachable", 0}});
    CHECK(testutil::read_bytes(cli_test::prefs_of(home)) == fixed);
  }

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
