#pragma once
// The report the report tests render, and the schema check of a rendered report (python3
// scripts/validate-json, a tool of the build machine: see testutil::host_tools_available).
#include <doctest/doctest.h>

#include <string>

#include "core/report.hpp"
#include "support/testutil.hpp"

namespace reporttest {

inline core::Report sample_report() {
  core::Report r;
  r.host = "pc-042";
  r.generated_at = "2026-11-27T10:00:00Z";
  r.sources = {
      {"thunderbird", "/home/ann/.thunderbird", core::SourceStatus::Ok, "default profile: default"},
      {"outlook", "/home/ann/NTUSER.DAT", core::SourceStatus::Error, "/home/ann/NTUSER.DAT: not a registry hive"}};
  core::Account a;
  a.id = "thunderbird:/p/prefs.js#account1";
  a.client = "thunderbird";
  a.source = "/p/prefs.js";
  a.key = "account1";
  a.profile = "default";
  a.name = "Ann";
  a.email = "ann@outlook.com";
  core::Endpoint in;
  in.protocol = core::Protocol::Pop3;
  in.host = {"pop3.live.com", {"/p/prefs.js", "mail.server.server1.hostname", 12, false}};
  in.port = {995, {"/p/prefs.js", "mail.server.server1.port", 0, true}};
  in.security = {core::Security::Tls, {}};
  in.auth = {core::Auth::PasswordCleartext, {}};
  in.username = {"ann@outlook.com", {}};
  a.incoming = in;
  r.accounts.push_back({a, core::ProviderRef{"outlook.com", "Outlook.com", "email-domain", "outlook.com"}});
  core::Finding f;
  f.rule = "retired-host";
  f.severity = core::Severity::Error;
  f.account = a.id;
  f.field = "incoming.host";
  f.actual = std::string("pop3.live.com");
  f.expected = std::string("outlook.office365.com");
  f.message = "Retired. Use outlook.office365.com instead.";
  f.fixable = true;
  f.origin = in.host.origin;
  r.findings.push_back(f);
  core::Finding loose;
  loose.rule = "thunderbird-pref-syntax";
  loose.severity = core::Severity::Warning;
  loose.message = "/p/prefs.js:7: unterminated string";
  r.findings.push_back(loose);
  return r;
}

inline int validate(const std::string& json_text) {
  testutil::write_bytes("report.json", json_text);
  auto r = testutil::run_program({"/usr/bin/python3", (testutil::source_dir() / "scripts/validate-json").string(),
                                  (testutil::source_dir() / "schemas/report.schema.json").string(), "report.json"});
  INFO(r.out << r.err);
  return r.exit_code;
}

}  // namespace reporttest
