#include <doctest/doctest.h>

#include "adapters/thunderbird/adapter.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "make_finding.hpp"
#include "thunderbird_profile.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

using fixture::fixable_finding;
using fixture::host_fix;
using fixture::Profile;

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

    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}, {}});
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
    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}, {}});
    CHECK(result.files[0].message == p.prefs.string() + ": 2 change(s) applied");
    CHECK(testutil::read_bytes(p.prefs) == expected);
    // A second plan on the re-read accounts has nothing left to change.
    const core::Report after = p.report_with({});
    const core::Account& fixed = p.account_with_host(after, "outlook.office365.com");
    CHECK(fixed.outgoing->auth.value == core::Auth::OAuth2);
    CHECK(fixed.id == pop.id);
  }
}
