// The rules over whole audits: one finding per problem across a client's own rules and the
// shared ones, and stale accounts left out of the counts and the exit code (issue 18, item 5).
#include <doctest/doctest.h>

#include <set>

#include "audit/audit.hpp"
#include "support/testutil.hpp"

namespace {

std::vector<std::string> described(const core::Report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    std::string line = std::string(core::to_string(f.severity)) + " " + f.rule + " " + f.field;
    for (const auto& also : f.also) line += " +" + also;
    const auto at = f.account.rfind('#');
    out.push_back(f.account.substr(at == std::string::npos ? 0 : at + 1) + ": " + line);
  }
  return out;
}

core::Report audit_home(const char* name) {
  audit::Options o;
  o.homes = {testutil::source_dir() / "fixtures" / "homes" / name};
  return audit::run(o, providers::Database::embedded());
}

}  // namespace

TEST_SUITE("rules.audit") {
  TEST_CASE("ol-broken: one finding per problem, the stale profile shown but not counted") {
    const auto r = audit_home("ol-broken");
    CHECK(described(r) == std::vector<std::string>{
                              "Home\\00000001: error outlook-spa-without-ntlm incoming.auth +auth-not-offered",
                              "Home\\00000001: error outlook-spa-without-ntlm outgoing.auth +auth-not-offered",
                              "Work\\00000001: error outlook-smtp-auth-off outgoing.auth +smtp-no-auth",
                              "Work\\00000002: warning outlook-ssl-auto incoming.security",
                              "Work\\00000002: warning outlook-ssl-auto outgoing.security",
                              "Work\\00000002: error outlook-basic-auth-microsoft incoming.auth +password-not-accepted",
                              "Home\\00000001: error port-not-provider incoming.port",
                              "Home\\00000001: error plaintext incoming.security",
                              "Home\\00000001: warning username-form incoming.username",
                              "Home\\00000001: error port-not-provider outgoing.port",
                              "Home\\00000001: error plaintext outgoing.security",
                              "Work\\00000001: error plaintext incoming.security +port-security-mismatch",
                              "Work\\00000001: info app-password-required incoming.auth",
                              "Work\\00000001: error port-not-provider outgoing.port +port-security-mismatch",
                              "Work\\00000002: error retired-host incoming.host",
                              "Work\\00000002: error retired-host outgoing.host",
                              "Work\\00000002: error password-not-accepted outgoing.auth",
                              "WMS\\Outlook\\00000001: warning plaintext incoming.security",
                              "WMS\\Outlook\\00000001: warning plaintext outgoing.security",
                              "WMS\\Outlook\\00000001: info unknown-domain ",
                          });
    CHECK(r.count(core::Severity::Error) == 13);  // was 17
    CHECK(r.count(core::Severity::Warning) == 3);
    CHECK(r.count(core::Severity::Info) == 1);
    CHECK(r.uncounted() == 3);
    // Every (account, field) appears once among the findings that propose a change.
    std::set<std::string> changes;
    for (const auto& f : r.findings) {
      if (f.severity == core::Severity::Info || std::holds_alternative<std::monostate>(f.expected)) continue;
      const std::string where = f.account + " " + f.field;
      CHECK_MESSAGE(changes.insert(where).second, where);
    }
  }

  TEST_CASE("findings of a stale account are shown but never make the exit code 1") {
    core::Report r;
    core::Account live, stale;
    live.id = "a";
    stale.id = "b";
    stale.stale = true;
    r.accounts = {{live, std::nullopt}, {stale, std::nullopt}};
    core::Finding f;
    f.rule = "plaintext";
    f.severity = core::Severity::Error;
    f.account = "b";
    r.findings = {f};
    CHECK(r.count(core::Severity::Error) == 0);
    CHECK(r.uncounted() == 1);
    CHECK(audit::exit_code(r, core::Severity::Info) == core::ExitCode::Ok);
    r.findings[0].account = "a";
    CHECK(r.count(core::Severity::Error) == 1);
    CHECK(audit::exit_code(r, core::Severity::Error) == core::ExitCode::Findings);
    r.findings[0].account.clear();  // a problem of a source counts
    CHECK(audit::exit_code(r, core::Severity::Error) == core::ExitCode::Findings);
  }
}
