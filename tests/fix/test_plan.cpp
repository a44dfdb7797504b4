#include <doctest/doctest.h>

#include <chrono>

#include "fake_adapter.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "util/sha256.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

struct PlanSetup {
  fake::Adapter adapter;
  fs::path file = testutil::scratch() / "fake.conf";
  std::vector<const core::Adapter*> adapters{&adapter};
  explicit PlanSetup(const std::string& bytes) { testutil::write_bytes(file, bytes); }
  core::Report audit() const { return fake::audit(adapter, {file}); }
};

}  // namespace

TEST_SUITE("fix::plan") {
  TEST_CASE("the plan lists each change with its rule, the diff and both hashes") {
    PlanSetup s(fixture::kTwoAccounts);
    const fix::Plan plan = fix::make_plan(s.audit(), s.adapters, {});
    REQUIRE(plan.files.size() == 1);
    const fix::PlanFile& f = plan.files[0];
    CHECK(f.file == s.file);
    CHECK(f.client == "fake");
    CHECK(f.refused == "");
    REQUIRE(f.items.size() == 2);
    CHECK(f.items[0].account_label == "a (alice@example.com)");
    CHECK(f.items[0].field == "incoming.port");
    CHECK(f.items[0].old_value == core::FieldValue{std::int64_t{143}});
    CHECK(f.items[0].new_value == core::FieldValue{std::int64_t{993}});
    CHECK(f.items[0].rules == std::vector<std::string>{"port-security-mismatch"});
    CHECK(f.items[0].target_key == "a.incoming.port");
    CHECK(f.items[0].target_line == 3);
    CHECK(f.items[1].rules == std::vector<std::string>{"outdated-host"});
    CHECK(f.new_bytes == fixture::kTwoAccountsFixed);
    CHECK(f.sha256_before == util::sha256_hex(fixture::kTwoAccounts));
    CHECK(f.sha256_after == util::sha256_hex(fixture::kTwoAccountsFixed));
    const std::string path = s.file.string();
    CHECK(fix::render_plan_text(plan) ==
          "Fix plan: 2 change(s) in 1 file(s)\n"
          "\n" +
              path +
              "  [fake]\n"
              "  a (alice@example.com)  incoming.port: 143 -> 993  (rule port-security-mismatch)\n"
              "  b (bob@example.org)  incoming.host: pop.example.org -> imap.example.org  (rule outdated-host)\n"
              "--- " +
              path + "\t(current)\n+++ " + path +
              "\t(after fix)\n"
              "@@ -1,10 +1,10 @@\n"
              " a.email=alice@example.com\n"
              " a.incoming.host=imap.example.com\n"
              "-a.incoming.port=143\n"
              "+a.incoming.port=993\n"
              " a.incoming.security=tls\n"
              " a.incoming.username=alice\n"
              " b.email=bob@example.org\n"
              "-b.incoming.host=pop.example.org\n"
              "+b.incoming.host=imap.example.org\n"
              " b.incoming.port=993\n"
              " b.incoming.security=tls\n"
              " b.incoming.username=bob\n"
              "\n"
              "Nothing was changed; run again with --apply to make these changes.\n");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Findings);
  }

  TEST_CASE("a dry run leaves the bytes and the mtime unchanged") {
    PlanSetup s(fixture::kTwoAccounts);
    // Ten years ago, in whole seconds: libstdc++ on Windows reads modification times in seconds.
    using namespace std::chrono;
    const auto old_time = floor<seconds>(fs::last_write_time(s.file)) - hours(24 * 3650);
    fs::last_write_time(s.file, old_time);
    REQUIRE(fs::last_write_time(s.file) == old_time);
    const fix::Plan plan = fix::make_plan(s.audit(), s.adapters, {});
    CHECK(plan.pending_changes() == 2);
    fix::render_plan_text(plan);
    fix::plan_json(plan);
    CHECK(testutil::read_bytes(s.file) == fixture::kTwoAccounts);
    CHECK(fs::last_write_time(s.file) == old_time);
    CHECK(std::distance(fs::directory_iterator(testutil::scratch()), fs::directory_iterator()) == 1);
  }

  TEST_CASE("--only and --skip choose rules") {
    PlanSetup s(fixture::kTwoAccounts);
    fix::Plan only = fix::make_plan(s.audit(), s.adapters, {{"outdated-host"}, {}});
    REQUIRE(only.files.size() == 1);
    REQUIRE(only.files[0].items.size() == 1);
    CHECK(only.files[0].items[0].rule_text() == "outdated-host");
    fix::Plan skip = fix::make_plan(s.audit(), s.adapters, {{}, {"outdated-host", "port-security-mismatch"}});
    CHECK(skip.files.empty());
    CHECK(fix::plan_exit_code(skip) == core::ExitCode::Ok);
    CHECK(fix::render_plan_text(skip) == "Nothing to fix.\n");
  }

  TEST_CASE("a managed account is reported as not fixed and its file is left alone") {
    PlanSetup s("m.email=m@example.com\nm.incoming.port=143\nm.incoming.security=tls\nm.incoming.username=m\n"
            "m.managed=yes\n");
    const fix::Plan plan = fix::make_plan(s.audit(), s.adapters, {});
    CHECK(plan.files.empty());
    REQUIRE(plan.unapplied.skipped.size() == 1);
    CHECK(plan.unapplied.skipped[0].rule == "port-security-mismatch");
    CHECK(plan.unapplied.skipped[0].reason == "managed account (MDM or provider): reported, never fixed");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Ok);
  }

  TEST_CASE("an absent value is inserted") {
    PlanSetup s("d.email=dan@example.com\nd.incoming.host=imap.example.com\n");
    const fix::Plan plan = fix::make_plan(s.audit(), s.adapters, {});
    REQUIRE(plan.files.size() == 1);
    REQUIRE(plan.files[0].items.size() == 1);
    CHECK(plan.files[0].items[0].old_is_default);
    CHECK(plan.files[0].new_bytes ==
          "d.email=dan@example.com\nd.incoming.host=imap.example.com\nd.incoming.username=dan@example.com\n");
    CHECK(fix::render_plan_text(plan).find(
              "  d (dan@example.com)  incoming.username: (default) -> dan@example.com  (rule username-missing)\n") !=
          std::string::npos);
  }

  TEST_CASE("two different values for one stored key refuse the file") {
    // Two fields backed by one stored value (Outlook's "same as incoming" login) asked to differ.
    PlanSetup s(fixture::kTwoAccounts);
    core::Report report = s.audit();
    core::Finding other = report.findings[0];
    other.rule = "another-rule";
    other.field = "incoming.username";
    other.expected = std::int64_t{995};
    report.findings.push_back(other);
    const fix::Plan plan = fix::make_plan(report, s.adapters, {});
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == s.file.string() + ": conflicting fixes for a.incoming.port: 993 and 995");
    CHECK(plan.files[0].new_bytes == "");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Partial);
    CHECK(fix::render_plan_text(plan).find("  refused: " + plan.files[0].refused + "\n") != std::string::npos);
  }

  TEST_CASE("two rules asking different values for one field refuse that field, never pick one") {
    PlanSetup s(fixture::kTwoAccounts);
    core::Report report = s.audit();
    core::Finding other = report.findings[0];
    other.rule = "another-rule";
    other.expected = std::int64_t{995};
    report.findings.push_back(other);
    const fix::Plan plan = fix::make_plan(report, s.adapters, {});
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == "");
    REQUIRE(plan.files[0].items.size() == 1);
    CHECK(plan.files[0].items[0].field == "incoming.host");
    CHECK(plan.files[0].new_bytes.find("a.incoming.port=143\n") != std::string::npos);
    REQUIRE(plan.unapplied.skipped.size() == 1);
    const fix::Skipped& refused = plan.unapplied.skipped[0];
    CHECK(refused.refused);
    CHECK(refused.field == "incoming.port");
    CHECK(refused.rule == "port-security-mismatch, another-rule");
    CHECK(refused.reason ==
          "ambiguous: port-security-mismatch asks 993, another-rule asks 995; the field is not changed");
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Partial);
    const std::string text = fix::render_plan_text(plan);
    CHECK(text.starts_with("Fix plan: 1 change(s) in 1 file(s), 1 change(s) refused\n"));
    CHECK(text.find("\nRefused (1 change(s), ambiguous or unsafe):\n  " + refused.account +
                    "  incoming.port  (rule port-security-mismatch, another-rule): " + refused.reason + "\n") !=
          std::string::npos);
  }

  TEST_CASE("two rules asking for the same value make one item naming both") {
    PlanSetup s(fixture::kTwoAccounts);
    core::Report report = s.audit();
    core::Finding twin = report.findings[0];
    twin.rule = "twin-rule";
    report.findings.push_back(twin);
    const fix::Plan plan = fix::make_plan(report, s.adapters, {});
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == "");
    REQUIRE(plan.files[0].items.size() == 2);
    CHECK(plan.files[0].items[0].rules == std::vector<std::string>{"port-security-mismatch", "twin-rule"});
    CHECK(plan.files[0].edits.size() == 2);
    CHECK(plan.pending_changes() == 2);
    CHECK(fix::render_plan_text(plan).find(
              "  a (alice@example.com)  incoming.port: 143 -> 993  (rules port-security-mismatch, twin-rule)\n") !=
          std::string::npos);
    const auto j = fix::plan_json(plan);
    CHECK(j["files"][0]["items"][0]["rules"] == nlohmann::json::array({"port-security-mismatch", "twin-rule"}));
  }

  TEST_CASE("a stale account's settings are never changed, even when a rule calls them fixable") {
    PlanSetup s(fixture::kTwoAccounts);
    core::Report report = s.audit();
    for (auto& entry : report.accounts) entry.account.stale = true;
    const fix::Plan plan = fix::make_plan(report, s.adapters, {});
    CHECK(plan.files.empty());
    REQUIRE(plan.unapplied.skipped.size() == 2);
    for (const auto& skipped : plan.unapplied.skipped) {
      CHECK(skipped.reason == "stale file that the client no longer reads: reported, never fixed");
      CHECK(!skipped.refused);
    }
    CHECK(plan.unapplied.manual.empty());
    CHECK(fix::plan_exit_code(plan) == core::ExitCode::Ok);
  }

  TEST_CASE("findings without one expected value or without an adapter are not applied") {
    PlanSetup s(fixture::kTwoAccounts);
    core::Report report = s.audit();
    report.findings[0].expected = std::monostate{};
    const fix::Plan plan = fix::make_plan(report, {}, {});
    CHECK(plan.files.empty());
    REQUIRE(plan.unapplied.skipped.size() == 2);
    CHECK(plan.unapplied.skipped[0].reason == "no single expected value");
    CHECK(plan.unapplied.skipped[1].reason == "no adapter for client fake");
  }

  TEST_CASE("the JSON plan carries items, hashes and the diff") {
    PlanSetup s(fixture::kTwoAccounts);
    const nlohmann::json j = fix::plan_json(fix::make_plan(s.audit(), s.adapters, {{"port-security-mismatch"}, {}}));
    CHECK(j["pending_changes"] == 1);
    CHECK(j["refused_files"] == 0);
    REQUIRE(j["files"].size() == 1);
    const auto& f = j["files"][0];
    CHECK(f["status"] == "pending");
    CHECK(f["sha256_before"] == util::sha256_hex(fixture::kTwoAccounts));
    CHECK(f["items"][0]["old"] == 143);
    CHECK(f["items"][0]["new"] == 993);
    CHECK(f["items"][0]["rule"] == "port-security-mismatch");
    CHECK(f["items"][0]["account"] == core::make_account_id("fake", s.file.string(), "a"));
    CHECK(f["diff"].get<std::string>().find("-a.incoming.port=143\n+a.incoming.port=993\n") != std::string::npos);
  }

  TEST_CASE("a file that cannot be read is refused with the reason") {
    PlanSetup s(fixture::kTwoAccounts);
    core::Report report = s.audit();
    fs::remove(s.file);
    const fix::Plan plan = fix::make_plan(report, s.adapters, {});
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].refused == s.file.string() + ": cannot open: " + testutil::missing_file_error());
  }
}
