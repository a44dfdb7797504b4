// A plan never leaves an endpoint whose port and security contradict each other (issue 18 item 3),
// never writes a damaged file (item 6), and names what it cannot fix (item 10).
#include <doctest/doctest.h>

#include "fake_adapter.hpp"
#include "fix/apply.hpp"
#include "fix/plan.hpp"
#include "fix/verify.hpp"
#include "fixture.hpp"
#include "make_finding.hpp"
#include "setup.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

// An IMAP account on 143 with STARTTLS: a working configuration the fake rules find nothing in.
const std::string kStartTls =
    "g.email=ann@example.com\n"
    "g.incoming.host=imap.example.com\n"
    "g.incoming.port=143\n"
    "g.incoming.security=starttls\n"
    "g.incoming.username=ann\n";

struct Endpoint {
  setup::Setup s{kStartTls};
  core::Report report = fake::audit(s.adapter, {s.file});
  const core::Account& account() const { return report.accounts.at(0).account; }
  const core::Endpoint& in() const { return *account().incoming; }

  // What a provider rule would report: port 993 (with SSL/TLS) instead of 143.
  void port_finding(std::int64_t expected = 993, const std::string& rule = "port-not-provider") {
    report.findings.push_back(fixture::fixable_finding(account(), rule, "incoming.port", std::int64_t{in().port.value},
                                                       expected, in().port.origin));
  }
  void security_finding(const std::string& expected = "tls", const std::string& rule = "security-not-provider") {
    report.findings.push_back(fixture::fixable_finding(account(), rule, "incoming.security",
                                                       std::string(core::to_string(in().security.value)), expected,
                                                       in().security.origin));
  }
  fix::Plan plan(const fix::Selection& selection = {}) const { return fix::make_plan(report, s.adapters, selection); }
};

std::string fixed_bytes(const std::string& port, const std::string& security) {
  return "g.email=ann@example.com\ng.incoming.host=imap.example.com\ng.incoming.port=" + port +
         "\ng.incoming.security=" + security + "\ng.incoming.username=ann\n";
}

}  // namespace

TEST_SUITE("fix::plan consistency") {
  TEST_CASE("--only the port rule adds the provider's security for that port as a companion change") {
    // Issue 18: the port moved to the implicit-TLS port while STARTTLS stayed.
    Endpoint e;
    e.port_finding();
    e.security_finding();
    const fix::Plan plan = e.plan({{"port-not-provider"}, {}});
    REQUIRE(plan.files.size() == 1);
    const auto& items = plan.files[0].items;
    REQUIRE(items.size() == 2);
    CHECK(items[0].field == "incoming.port");
    CHECK(items[0].needed_by == "");
    CHECK(items[1].field == "incoming.security");
    CHECK(items[1].rules == std::vector<std::string>{"security-not-provider"});
    CHECK(items[1].needed_by == "incoming.port");
    CHECK(plan.files[0].new_bytes == fixed_bytes("993", "tls"));
    CHECK(plan.unapplied.skipped.empty());
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Findings);
    CHECK(fix::render_plan_text(plan).find(
              "  g (ann@example.com)  incoming.security: starttls -> tls  (rule security-not-provider; goes with the "
              "incoming.port change)\n") != std::string::npos);
  }

  TEST_CASE("a port whose matching security no finding gives is refused, and nothing is written") {
    // A policy typo: the provider entry says 993 with STARTTLS, so only the port differs.
    Endpoint e;
    e.port_finding();
    const fix::Plan plan = e.plan();
    CHECK(plan.files.empty());
    REQUIRE(plan.unapplied.skipped.size() == 1);
    const fix::Skipped& refused = plan.unapplied.skipped[0];
    CHECK(refused.refused);
    CHECK(refused.field == "incoming.port");
    CHECK(refused.rule == "port-not-provider");
    CHECK(refused.reason ==
          "would leave the endpoint inconsistent (port 993 expects TLS from the first byte, not security starttls) "
          "and no finding gives the matching incoming.security, so it is not changed; check the provider data "
          "(--policy) or change both in the client");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Partial);
    const fix::ApplyResult result = fix::apply_plan(plan, e.s.options());
    CHECK(result.files.empty());
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    CHECK(fix::render_apply_text(result).starts_with("Refused (1 change(s), ambiguous or unsafe):\n"));
    CHECK(testutil::read_bytes(e.s.file) == kStartTls);
  }

  TEST_CASE("a security change that does not fit the port gets the port from the findings, or is refused") {
    Endpoint with_port;
    with_port.security_finding();
    with_port.port_finding();
    const fix::Plan both = with_port.plan({{"security-not-provider"}, {}});
    REQUIRE(both.files.size() == 1);
    CHECK(both.files[0].new_bytes == fixed_bytes("993", "tls"));
    CHECK(both.files[0].items[1].needed_by == "incoming.security");

    Endpoint alone;
    alone.security_finding();
    const fix::Plan refused = alone.plan();
    CHECK(refused.files.empty());
    REQUIRE(refused.unapplied.skipped.size() == 1);
    CHECK(refused.unapplied.skipped[0].field == "incoming.security");
    CHECK(refused.unapplied.skipped[0].reason.starts_with(
        "would leave the endpoint inconsistent (port 143 starts plain (STARTTLS at most), not security tls)"));
  }

  TEST_CASE("a companion is used only when the findings agree on it and it fits") {
    Endpoint disagree;
    disagree.port_finding();
    disagree.security_finding("tls");
    disagree.security_finding("none", "plaintext-guess");
    const fix::Plan a = disagree.plan({{"port-not-provider"}, {}});
    CHECK(a.files.empty());
    REQUIRE(a.unapplied.skipped.size() == 1);
    CHECK(a.unapplied.skipped[0].reason.find("the findings disagree on the incoming.security") != std::string::npos);

    Endpoint unfit;
    unfit.port_finding();
    unfit.security_finding("none");
    const fix::Plan b = unfit.plan({{"port-not-provider"}, {}});
    CHECK(b.files.empty());
    REQUIRE(b.unapplied.skipped.size() == 1);
    CHECK(b.unapplied.skipped[0].reason.find("the incoming.security the findings ask for does not match it either") !=
          std::string::npos);

    Endpoint skipped;
    skipped.port_finding();
    skipped.security_finding();
    const fix::Plan c = skipped.plan({{}, {"security-not-provider"}});
    CHECK(c.files.empty());
    REQUIRE(c.unapplied.skipped.size() == 1);
    CHECK(c.unapplied.skipped[0].reason.find("no finding gives the matching incoming.security") != std::string::npos);
  }

  TEST_CASE("a port and a security planned together that contradict each other are both refused") {
    Endpoint e;
    e.port_finding(993);
    e.security_finding("none", "plaintext");
    const fix::Plan plan = e.plan();
    CHECK(plan.files.empty());
    REQUIRE(plan.unapplied.skipped.size() == 2);
    for (const auto& s : plan.unapplied.skipped) {
      CHECK(s.refused);
      CHECK(s.reason ==
            "the planned port and security contradict each other (port 993 expects TLS from the first byte, not "
            "security none); neither is changed");
    }
  }

  TEST_CASE("changes that keep the endpoint consistent need no companion") {
    Endpoint port_only;
    port_only.port_finding(1143);  // no convention for 1143
    const fix::Plan a = port_only.plan();
    REQUIRE(a.files.size() == 1);
    CHECK(a.files[0].new_bytes == fixed_bytes("1143", "starttls"));

    Endpoint security_only;
    security_only.security_finding("none");  // 143 starts plain either way
    const fix::Plan b = security_only.plan();
    REQUIRE(b.files.size() == 1);
    CHECK(b.files[0].items.size() == 1);
    CHECK(b.files[0].new_bytes == fixed_bytes("143", "none"));
  }

  TEST_CASE("a damaged source is never written: its file is refused with the damage named") {
    Endpoint e;
    e.port_finding();
    e.security_finding();
    e.report.sources[0].status = core::SourceStatus::Damaged;
    e.report.sources[0].message = e.s.file.string() + ":5: the file ends inside a statement";
    const fix::Plan plan = e.plan();
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == e.s.file.string() + " is damaged (" + e.s.file.string() +
                                       ":5: the file ends inside a statement); mailmend never writes a damaged "
                                       "file: repair it in the client or restore a backup first");
    CHECK(plan.files[0].new_bytes == "");
    CHECK(plan.files[0].diff == "");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Partial);
    const fix::ApplyResult result = fix::apply_plan(plan, e.s.options());
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    CHECK(testutil::read_bytes(e.s.file) == kStartTls);
    CHECK(!fs::exists(e.s.backups));
  }

  TEST_CASE("a damaged or unreadable source with nothing planned is named, and the run ends with 3") {
    Endpoint e;  // no finding: nothing would be planned for its file
    e.report.sources[0].status = core::SourceStatus::Damaged;
    e.report.sources[0].message = e.s.file.string() + ":5: the file ends inside a statement";
    e.report.sources.push_back(core::Source{"", "gone-home", core::SourceStatus::Error, "cannot open home folder"});
    e.report.sources.push_back(core::Source{"", "ben-home", core::SourceStatus::Skipped, "no mail client settings"});
    const fix::Plan plan = e.plan();
    CHECK(plan.files.empty());
    REQUIRE(plan.unapplied.unread.size() == 2);
    CHECK(plan.unapplied.unread[1].path == "gone-home");
    CHECK(plan.unapplied.unread[1].status == "error");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Partial);
    CHECK(fix::render_plan_text(plan) == "Not read whole, so nothing in it is fixed (2 source(s)):\n"
                                         "  damaged  " + e.s.file.string() + ":5: the file ends inside a statement\n"
                                         "  error  gone-home: cannot open home folder\n");
    const fix::ApplyResult result = fix::apply_plan(plan, e.s.options());
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
    CHECK(fix::render_apply_text(result) == fix::render_plan_text(plan));
    CHECK(testutil::read_bytes(e.s.file) == kStartTls);
  }

  TEST_CASE("findings no fix can carry are counted and named after apply") {
    Endpoint e;
    e.port_finding();
    e.security_finding();
    core::Finding manual;
    manual.rule = "password-not-accepted";
    manual.severity = core::Severity::Error;
    manual.account = e.account().id;
    manual.field = "incoming.auth";
    manual.fixable = false;
    e.report.findings.push_back(manual);
    core::Finding info = manual;
    info.rule = "starttls-where-tls-offered";
    info.severity = core::Severity::Info;
    e.report.findings.push_back(info);
    const fix::Plan plan = e.plan();
    REQUIRE(plan.unapplied.manual.size() == 1);
    CHECK(plan.unapplied.manual[0].rule == "password-not-accepted");
    const fix::ApplyResult result = fix::apply_plan(plan, e.s.options());
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Ok);
    const std::string text = fix::render_apply_text(result);
    CHECK(text.ends_with("\n1 finding(s) need manual action (no fix can carry them; `mailmend audit` says what to "
                         "do):\n  g (ann@example.com)  incoming.auth  (error password-not-accepted)\n"));
    CHECK(fix::apply_json(result)["manual_actions"][0]["rule"] == "password-not-accepted");
  }

  TEST_CASE("only a plan with pending changes ends with the dry-run notice") {
    Endpoint e;
    e.port_finding();
    e.security_finding();
    CHECK(fix::render_plan_text(e.plan()).ends_with(
        "\nNothing was changed; run again with --apply to make these changes.\n"));
    Endpoint none;
    CHECK(fix::render_plan_text(none.plan()) == "Nothing to fix.\n");
    none.port_finding();
    CHECK(fix::render_plan_text(none.plan()).find("Nothing was changed") == std::string::npos);
  }

  TEST_CASE("a read-only account's findings say that saved copies are never fixed") {
    Endpoint e;
    e.report.accounts[0].account.read_only = true;
    core::Finding f;
    f.rule = "retired-host";
    f.severity = core::Severity::Error;
    f.account = e.account().id;
    f.field = "incoming.host";
    e.report.findings.push_back(f);
    const fix::Plan plan = e.plan();
    CHECK(plan.files.empty());
    CHECK(plan.unapplied.manual.empty());
    CHECK(fix::render_plan_text(plan) ==
          e.s.file.string() + ": a saved copy: saved copies are never fixed; fix the file the client reads\n");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Ok);
  }
}

TEST_SUITE("fix::verify new errors") {
  // The fake rules plus one that calls port 993 broken: a change that fixes one finding and
  // causes another error on the same account must not report success.
  core::ReadOutput audit_with_993_blocked(const fake::Adapter& adapter, const fs::path& file) {
    core::ReadOutput out = fake::audit_reread(adapter, file);
    for (const auto& a : out.accounts) {
      if (a.incoming && a.incoming->port.value == 993) {
        out.findings.push_back({"port-blocked", core::Severity::Error, a.id, "incoming.port", std::int64_t{993}, {},
                                "blocked", false, a.incoming->port.origin});
      }
    }
    return out;
  }

  TEST_CASE("a new error-level finding on a changed account rolls the file back") {
    setup::Setup s(fixture::kTwoAccounts);
    const fix::Plan plan = s.plan();
    fix::ApplyOptions options = s.options();
    options.reread = [&](const fs::path& p) { return audit_with_993_blocked(s.adapter, p); };
    const fix::ApplyResult result = fix::apply_plan(plan, options);
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::RolledBack);
    // Account b was on 993 before: its port-blocked error is not new; a's is.
    CHECK(result.files[0].message ==
          s.file.string() + ": verification failed (" + core::make_account_id("fake", s.file.string(), "a") +
              " incoming.port has a new error port-blocked after the change); the original was restored");
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    CHECK(fix::apply_exit_code(result) == core::ExitCode::Partial);
  }

  TEST_CASE("only errors that are new and on a changed account count") {
    core::ReadOutput before, after;
    auto finding = [](std::string rule, core::Severity severity, std::string account) {
      core::Finding f;
      f.rule = std::move(rule);
      f.severity = severity;
      f.account = std::move(account);
      f.field = "incoming.security";
      return f;
    };
    before.findings.push_back(finding("old-error", core::Severity::Error, "a"));
    after.findings = before.findings;
    after.findings.push_back(finding("new-warning", core::Severity::Warning, "a"));
    after.findings.push_back(finding("new-error-elsewhere", core::Severity::Error, "b"));
    after.findings.push_back(finding("port-security-mismatch", core::Severity::Error, "a"));
    fix::PlanItem item;
    item.account = "a";
    item.field = "incoming.port";
    const auto found = fix::new_errors_on_changed_accounts(before, after, {item});
    REQUIRE(found.size() == 1);
    CHECK(found[0]->rule == "port-security-mismatch");
  }
}
