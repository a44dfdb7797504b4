// Issue 17, part 4 (the note): a Thunderbird host change in a plan says per account that
// Thunderbird will ask for the saved password once; other changes and refused files say nothing.
#include <doctest/doctest.h>

#include "fix/plan.hpp"
#include "thunderbird_profile.hpp"

using fixture::Profile;

TEST_SUITE("fix::saved logins") {
  TEST_CASE("a POP3 host change: one note naming the old origin, in the text plan and the JSON plan") {
    Profile p;
    const core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    const fix::Plan plan = fix::make_plan(p.report_with(fixture::host_fix(pop)), {&p.adapter}, {}, {p.home});
    REQUIRE(plan.login_notes.size() == 1);
    CHECK(plan.login_notes[0].account == pop.id);
    const std::string text = "Thunderbird will ask for the password (or sign-in) once: its saved login is stored under "
                             "mailbox://pop3.live.com, the host this fix changes; mailmend does not move saved logins.";
    CHECK(plan.login_notes[0].text == text);
    CHECK(fix::render_plan_text(plan).find("\nSaved passwords:\n  " + plan.login_notes[0].account_label + ": " + text +
                                           "\n") != std::string::npos);
    const auto json = fix::plan_json(plan);
    REQUIRE(json["login_notes"].size() == 1);
    CHECK(json["login_notes"][0]["text"] == text);
  }

  TEST_CASE("a change that keeps the host, or a refused file, has no note") {
    Profile p;
    const core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    const std::vector<core::Finding> port_fix{fixture::fixable_finding(pop, "outdated-port", "incoming.port",
                                                              std::int64_t{pop.incoming->port.value}, std::int64_t{1995},
                                                              pop.incoming->port.origin)};
    const fix::Plan port_plan = fix::make_plan(p.report_with(port_fix), {&p.adapter}, {}, {p.home});
    REQUIRE(port_plan.pending_changes() == 1);
    CHECK(port_plan.login_notes.empty());
    CHECK(fix::render_plan_text(port_plan).find("Saved passwords") == std::string::npos);
    CHECK(fix::plan_json(port_plan)["login_notes"] == nlohmann::json::array());
  }
}
