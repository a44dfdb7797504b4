// fix::thunderbird cases that only mean something on POSIX: Thunderbird's lock symlink.
#include <doctest/doctest.h>

#include <unistd.h>

#include "fix/apply.hpp"
#include "fix/plan.hpp"
#include "support/testutil.hpp"
#include "thunderbird_profile.hpp"

namespace fs = std::filesystem;

namespace {

using fixture::host_fix;
using fixture::Profile;

}  // namespace

TEST_SUITE("fix::thunderbird") {
  TEST_CASE("a running Thunderbird refuses the fix") {
    Profile p;
    core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    const core::Report report = p.report_with(host_fix(pop));
    const fix::Plan plan = fix::make_plan(report, {&p.adapter}, {}, {p.home});
    fs::create_symlink("127.0.0.1:+" + std::to_string(getpid()), p.profile / "lock");
    const fix::ApplyResult result = fix::apply_plan(plan, {testutil::scratch() / "backups", {}, {}, {}});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == p.prefs.string() + ": Thunderbird is running (pid " + std::to_string(getpid()) +
                                         ", lock symlink " + (p.profile / "lock").string() +
                                         "); close the client and run again");
    CHECK(testutil::read_bytes(p.prefs) == p.original);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
  }
}
