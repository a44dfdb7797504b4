#include <doctest/doctest.h>

#include <unistd.h>

#include "adapters/thunderbird/adapter.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "make_finding.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

// The project's own Thunderbird fixture home (example.com data), copied into the scratch folder.
struct Profile {
  adapters::thunderbird::ThunderbirdAdapter adapter{adapters::thunderbird::Options{{}}};
  fs::path home = testutil::scratch() / "alice";
  fs::path profile = home / ".thunderbird" / "a1b2c3d4.default-release";
  fs::path prefs = profile / "prefs.js";
  std::string original;

  Profile() {
    fs::copy(testutil::source_dir() / "fixtures/homes/tb-linux-alice", home,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    fs::remove(profile / "lock");  // the fixture carries a stale lock; tests add their own
    original = testutil::read_bytes(prefs);
  }

  core::Report report_with(const std::vector<core::Finding>& findings) const {
    core::Report report;
    core::ReadOutput out = adapter.read(prefs);
    for (auto& a : out.accounts) report.accounts.push_back({a, std::nullopt});
    report.findings = findings;
    return report;
  }

  const core::Account& account_with_host(const core::Report& report, const std::string& host) const {
    for (const auto& entry : report.accounts) {
      if (entry.account.incoming && entry.account.incoming->host.value == host) return entry.account;
    }
    throw std::runtime_error("no account with host " + host);
  }
};

using fixture::fixable_finding;

std::vector<core::Finding> host_fix(const core::Account& pop) {
  return {fixable_finding(pop, "outdated-host", "incoming.host", std::string("pop3.live.com"),
                  std::string("outlook.office365.com"), pop.incoming->host.origin)};
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace

TEST_SUITE("fix::thunderbird") {
  TEST_CASE("a host fix in prefs.js changes only that statement and verifies") {
    Profile p;
    core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    const core::Report report = p.report_with(host_fix(pop));
    const fix::Plan plan = fix::make_plan(report, {&p.adapter}, {}, {p.home});
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == "");
    CHECK(plan.files[0].file == p.prefs);
    const std::string expected =
        replace_once(p.original, "user_pref(\"mail.server.server3.hostname\", \"pop3.live.com\");",
                     "user_pref(\"mail.server.server3.hostname\", \"outlook.office365.com\");");
    CHECK(plan.files[0].new_bytes == expected);

    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].message == p.prefs.string() + ": 1 change(s) applied");
    CHECK(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(testutil::read_bytes(p.prefs) == expected);
    CHECK(fix::restore_backup(testutil::scratch() / "backups", result.files[0].backup_id, false).status ==
          fix::RestoreStatus::Restored);
    CHECK(testutil::read_bytes(p.prefs) == p.original);
  }

  TEST_CASE("two edits in one file, one of them an insertion of an absent pref, apply and verify") {
    Profile p;
    core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    REQUIRE(pop.outgoing);
    REQUIRE(pop.outgoing->auth.origin.is_default);
    const core::Report report = p.report_with(
        {fixable_finding(pop, "outdated-host", "incoming.host", std::string("pop3.live.com"),
                 std::string("outlook.office365.com"), pop.incoming->host.origin),
         fixable_finding(pop, "oauth-required", "outgoing.auth", std::string("password-cleartext"), std::string("OAuth2"),
                 pop.outgoing->auth.origin)});
    const fix::Plan plan = fix::make_plan(report, {&p.adapter}, {}, {p.home});
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == "");
    CHECK(plan.files[0].edits.size() == 2);
    std::string expected =
        replace_once(p.original, "user_pref(\"mail.server.server3.hostname\", \"pop3.live.com\");",
                     "user_pref(\"mail.server.server3.hostname\", \"outlook.office365.com\");");
    expected = replace_once(expected, "user_pref(\"mail.smtpserver.smtp2.hostname\"",
                            "user_pref(\"mail.smtpserver.smtp2.authMethod\", 10);\n"
                            "user_pref(\"mail.smtpserver.smtp2.hostname\"");
    CHECK(plan.files[0].new_bytes == expected);
    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}});
    CHECK(result.files[0].message == p.prefs.string() + ": 2 change(s) applied");
    CHECK(testutil::read_bytes(p.prefs) == expected);
    // A second plan on the re-read accounts has nothing left to change.
    const core::Report after = p.report_with({});
    const core::Account& fixed = p.account_with_host(after, "outlook.office365.com");
    CHECK(fixed.outgoing->auth.value == core::Auth::OAuth2);
    CHECK(fixed.id == pop.id);
  }

  TEST_CASE("a running Thunderbird refuses the fix") {
    Profile p;
    core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    const core::Report report = p.report_with(host_fix(pop));
    const fix::Plan plan = fix::make_plan(report, {&p.adapter}, {}, {p.home});
    fs::create_symlink("127.0.0.1:+" + std::to_string(getpid()), p.profile / "lock");
    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == p.prefs.string() + ": Thunderbird is running (pid " + std::to_string(getpid()) +
                                         ", lock symlink " + (p.profile / "lock").string() +
                                         "); close the client and run again");
    CHECK(testutil::read_bytes(p.prefs) == p.original);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
  }
}
