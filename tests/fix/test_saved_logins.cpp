// Issue 17, part 4: a Thunderbird host fix moves the saved login to the new origin in the
// profile's logins.json (a file written by Thunderbird 153 itself, fixtures/thunderbird/
// saved-logins), applied together with prefs.js; where it cannot, the plan says per account that
// Thunderbird will ask for the password once.
#include <doctest/doctest.h>

#include <regex>

#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "thunderbird_profile.hpp"

namespace fs = std::filesystem;
using fixture::Profile;

namespace {

const std::string kOld = R"("hostname":"mailbox://pop3.live.com","httpRealm":"mailbox://pop3.live.com")";
const std::string kNew = R"("hostname":"mailbox://outlook.office365.com","httpRealm":"mailbox://outlook.office365.com")";

std::string real_logins() { return testutil::read_bytes(testutil::source_dir() / "fixtures/thunderbird/saved-logins/logins.json"); }

// Every "encrypted…" member as written (name and value): what must never change, or be shown.
std::vector<std::string> encrypted_members(const std::string& json) {
  static const std::regex member(R"re("encrypted[A-Za-z]*":"[^"]*")re");
  std::vector<std::string> out;
  for (std::sregex_iterator it(json.begin(), json.end(), member), end; it != end; ++it) out.push_back(it->str());
  return out;
}

struct LoginsProfile : Profile {
  fs::path logins = profile / "logins.json";
  fs::path backups = testutil::scratch() / "backups";
  explicit LoginsProfile(const std::string& bytes) { testutil::write_bytes(logins, bytes); }
  fix::Plan pop_host_plan() const {
    const core::Report probe = report_with({});
    const core::Account& pop = account_with_host(probe, "pop3.live.com");
    return fix::make_plan(report_with(fixture::host_fix(pop)), {&adapter}, {}, {home});
  }
  fix::ApplyOptions options() const { return {backups, {home}, {}, {}}; }
};

}  // namespace

TEST_SUITE("fix::saved logins") {
  TEST_CASE("a POP3 host fix moves the saved login's origin in logins.json, together with prefs.js") {
    LoginsProfile p(real_logins());
    REQUIRE(p.original.size() > 0);
    const std::string before = testutil::read_bytes(p.logins);
    REQUIRE(before.find(kOld) != std::string::npos);
    const fix::Plan plan = p.pop_host_plan();
    REQUIRE(plan.files.size() == 2);
    CHECK(plan.files[0].file == p.prefs);
    CHECK(plan.files[1].file == p.logins);
    CHECK(plan.files[0].group == plan.files[1].group);
    CHECK(!plan.files[0].group.empty());
    REQUIRE(plan.files[1].items.size() == 1);
    const fix::PlanItem& item = plan.files[1].items[0];
    CHECK(item.field == "incoming.saved_login");
    CHECK(item.old_value == core::FieldValue{std::string("mailbox://pop3.live.com")});
    CHECK(item.new_value == core::FieldValue{std::string("mailbox://outlook.office365.com")});
    CHECK(item.needed_by == "incoming.host");
    CHECK(plan.login_notes.empty());
    CHECK(plan.files[1].diff ==
          "Saved logins " + p.logins.string() +
              ": origin (hostname and httpRealm) only; the encrypted username and password are not read and stay "
              "byte-identical:\n  mailbox://pop3.live.com -> mailbox://outlook.office365.com  (1 login(s))\n");
    // No encrypted value reaches the plan, as text or JSON.
    const std::string text = fix::render_plan_text(plan), json = fix::plan_json(plan).dump();
    const auto secrets = encrypted_members(before);
    REQUIRE(secrets.size() >= 10);
    for (const auto& s : secrets) {
      const std::string value = s.substr(s.find(":\"") + 2);
      CHECK(text.find(value.substr(0, 40)) == std::string::npos);
      CHECK(json.find(value.substr(0, 40)) == std::string::npos);
    }

    const fix::ApplyResult result = fix::apply_plan(plan, p.options());
    REQUIRE(result.files.size() == 2);
    CHECK(result.count(fix::FileOutcome::Applied) == 2);
    std::string expected = before;
    expected.replace(expected.find(kOld), kOld.size(), kNew);
    CHECK(testutil::read_bytes(p.logins) == expected);
    CHECK(encrypted_members(testutil::read_bytes(p.logins)) == secrets);
    CHECK(testutil::read_bytes(p.prefs) != p.original);

    const auto restored = fix::restore_run(p.backups, result.run_id, false, {p.home});
    REQUIRE(restored.size() == 2);
    CHECK(fix::restore_run_exit_code(restored) == core::ExitCode::Ok);
    CHECK(testutil::read_bytes(p.logins) == before);
    CHECK(testutil::read_bytes(p.prefs) == p.original);
  }

  TEST_CASE("the logins.json write fails: prefs.js is put back too") {
    LoginsProfile p(real_logins());
    const std::string before = testutil::read_bytes(p.logins);
    const fix::Plan plan = p.pop_host_plan();
    REQUIRE(plan.files.size() == 2);
    fix::ApplyOptions options = p.options();
    options.before_write = [&](const fs::path& file) -> util::Status {
      if (file == p.logins) return util::make_error(file.string() + ": Input/output error");
      return {};
    };
    const fix::ApplyResult result = fix::apply_plan(plan, options);
    REQUIRE(result.files.size() == 2);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    CHECK(result.files[1].outcome == fix::FileOutcome::Failed);
    CHECK(testutil::read_bytes(p.prefs) == p.original);
    CHECK(testutil::read_bytes(p.logins) == before);
  }

  TEST_CASE("a logins.json that is not JSON is not touched; the plan says Thunderbird will ask once") {
    const std::string cut = real_logins().substr(0, 200);
    LoginsProfile p(cut);
    const fix::Plan plan = p.pop_host_plan();
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].group.empty());
    REQUIRE(plan.login_notes.size() == 1);
    CHECK(plan.login_notes[0].text ==
          "Thunderbird will ask for the password (or sign-in) once: its saved login is stored under "
          "mailbox://pop3.live.com, the host this fix changes; mailmend does not move it: logins.json: not valid JSON.");
    const fix::ApplyResult result = fix::apply_plan(plan, p.options());
    CHECK(result.count(fix::FileOutcome::Applied) == 1);
    CHECK(testutil::read_bytes(p.logins) == cut);
  }

  TEST_CASE("a login already saved under the new origin: nothing moves, and the note says why") {
    std::string both = real_logins();
    both.replace(both.find(kOld), kOld.size(), kOld + R"(,"x":0},{"hostname":"mailbox://outlook.office365.com","httpRealm":"mailbox://outlook.office365.com")");
    LoginsProfile p(both);
    const fix::Plan plan = p.pop_host_plan();
    REQUIRE(plan.files.size() == 1);
    REQUIRE(plan.login_notes.size() == 1);
    CHECK(plan.login_notes[0].text.ends_with(
        "; mailmend does not move it: a login is already saved under mailbox://outlook.office365.com."));
  }

  TEST_CASE("no logins.json: the note names the old origin and why") {
    Profile p;
    const core::Report probe = p.report_with({});
    const core::Account& pop = p.account_with_host(probe, "pop3.live.com");
    const fix::Plan plan = fix::make_plan(p.report_with(fixture::host_fix(pop)), {&p.adapter}, {}, {p.home});
    REQUIRE(plan.files.size() == 1);
    REQUIRE(plan.login_notes.size() == 1);
    CHECK(plan.login_notes[0].account == pop.id);
    const std::string text = "Thunderbird will ask for the password (or sign-in) once: its saved login is stored under "
                             "mailbox://pop3.live.com, the host this fix changes; mailmend does not move it: the "
                             "profile has no logins.json.";
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
