// hosts-file-override (issue 17, part 1): an account's server, or its provider's, mapped in the
// hosts file is an error that names the file, the line and the address.
#include <doctest/doctest.h>

#include "audit/audit.hpp"
#include "core/around.hpp"
#include "rules/hosts_override.hpp"
#include "support/testutil.hpp"

namespace {

core::Endpoint plain_endpoint(core::Protocol p, std::string host, int port) {
  core::Endpoint ep;
  ep.protocol = p;
  ep.host = {std::move(host), {"prefs.js", "host", 3, false}};
  ep.port = {port, {"prefs.js", "port", 4, false}};
  ep.security = {core::Security::Tls, {}};
  ep.auth = {core::Auth::PasswordCleartext, {}};
  return ep;
}

core::Account account(std::string imap_host, std::string smtp_host) {
  core::Account a;
  a.id = "thunderbird:prefs.js#account1";
  a.client = "thunderbird";
  a.email = "ann@gmail.com";
  a.incoming = plain_endpoint(core::Protocol::Imap, std::move(imap_host), 993);
  a.outgoing = plain_endpoint(core::Protocol::Smtp, std::move(smtp_host), 465);
  return a;
}

providers::Match gmail() {
  providers::Provider p;
  p.id = "googlemail.com";
  p.name = "Gmail";
  providers::ServerSpec imap;
  imap.protocol = core::Protocol::Imap;
  imap.hostname = "imap.gmail.com";
  providers::ServerSpec smtp;
  smtp.protocol = core::Protocol::Smtp;
  smtp.hostname = "smtp.gmail.com";
  p.incoming = {imap};
  p.outgoing = {smtp};
  return {p, providers::MatchedBy::EmailDomain, "gmail.com", false};
}

util::HostsFile hosts(std::string_view text) {
  auto parsed = util::parse_hosts(text);
  REQUIRE(parsed);
  return *parsed;
}

std::vector<std::string> described(const std::vector<core::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(f.rule + " " + f.field + " " + core::field_value_text(f.actual) + " @" + f.origin.file + ":" +
                  std::to_string(f.origin.line) + " " + f.origin.key);
  }
  return out;
}

}  // namespace

TEST_SUITE("rules hosts-file-override") {
  TEST_CASE("the account's own host mapped: an error naming the file, the line and the address") {
    const auto file = hosts("127.0.0.1 localhost\n# test\n10.9.8.7\tIMAP.gmail.com. imap-alias\n");
    const auto findings = rules::hosts_file_findings(account("imap.gmail.com", "smtp.gmail.com"), gmail(), file, "/etc/hosts");
    REQUIRE(described(findings) == std::vector<std::string>{"hosts-file-override incoming.host imap.gmail.com @/etc/hosts:3 imap.gmail.com"});
    const auto& f = findings.front();
    CHECK(f.severity == core::Severity::Error);
    CHECK_FALSE(f.fixable);
    CHECK(std::holds_alternative<std::monostate>(f.expected));
    CHECK(f.message.rfind("The IMAP server imap.gmail.com is mapped in the hosts file /etc/hosts at line 3 to 10.9.8.7: "
                          "this machine connects to that address whatever DNS says.", 0) == 0);
    CHECK(f.message.find("mailmend never edits the hosts file.") != std::string::npos);
  }

  TEST_CASE("the provider's host mapped while the account uses another: named as the provider's") {
    const auto file = hosts("192.168.1.20 smtp.gmail.com\n192.168.1.21 smtp.gmail.com\n");
    const auto findings = rules::hosts_file_findings(account("imap.gmail.com", "mail.example.org"), gmail(), file, "hosts");
    REQUIRE(described(findings) == std::vector<std::string>{"hosts-file-override outgoing.host mail.example.org @hosts:1 smtp.gmail.com"});
    CHECK(findings.front().message.rfind("The SMTP server this account's provider expects, smtp.gmail.com, is mapped in "
                                         "the hosts file hosts at line 1 to 192.168.1.20 (every mapping: 192.168.1.20 "
                                         "(line 1), 192.168.1.21 (line 2)): ", 0) == 0);
  }

  TEST_CASE("nothing for unmapped hosts, localhost names, IP literals and no provider") {
    const auto file = hosts("127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.0.0.1 other.example\n");
    CHECK(rules::hosts_file_findings(account("imap.gmail.com", "smtp.gmail.com"), gmail(), file, "hosts").empty());
    CHECK(rules::hosts_file_findings(account("localhost", "127.0.0.1"), std::nullopt, file, "hosts").empty());
    CHECK(rules::hosts_looked_up(account("localhost", "127.0.0.1"), std::nullopt).empty());
    CHECK(rules::hosts_looked_up(account("Mail.Example.ORG.", "smtp.example.org"), gmail()) ==
          std::set<std::string>{"imap.gmail.com", "mail.example.org", "smtp.example.org", "smtp.gmail.com"});
  }

  TEST_CASE("an audit with --hosts-file: the finding on a real home; a chosen file that is missing is an error source") {
    const auto home = testutil::scratch() / "home";
    testutil::write_bytes(home / ".thunderbird/profiles.ini",
                          "[Profile0]\nName=default\nIsRelative=1\nPath=p.default\nDefault=1\n");
    testutil::write_bytes(home / ".thunderbird/p.default/prefs.js",
                          "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
                          "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                          "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                          "user_pref(\"mail.identity.id1.useremail\", \"ann@gmail.com\");\n"
                          "user_pref(\"mail.server.server1.hostname\", \"imap.gmail.com\");\n"
                          "user_pref(\"mail.server.server1.port\", 993);\n"
                          "user_pref(\"mail.server.server1.socketType\", 3);\n"
                          "user_pref(\"mail.server.server1.type\", \"imap\");\n"
                          "user_pref(\"mail.server.server1.userName\", \"ann@gmail.com\");\n");
    testutil::write_bytes("hosts", "# left from the 2023 migration test\r\n203.0.113.9 imap.gmail.com\r\n");
    audit::Options o;
    o.homes = {home};
    o.hosts_file = "hosts";
    const auto report = audit::run(o, providers::Database::embedded());
    std::vector<std::string> hits;
    for (const auto& f : report.findings) {
      if (f.rule == core::around::kHostsFileOverride) hits.push_back(f.field + " " + f.origin.file + ":" + std::to_string(f.origin.line));
    }
    CHECK(hits == std::vector<std::string>{"incoming.host hosts:2"});
    CHECK(audit::exit_code(report, core::Severity::Error) == core::ExitCode::Findings);

    o.hosts_file = "no-such-hosts";
    const auto missing = audit::run(o, providers::Database::embedded());
    const auto& last = missing.sources.back();
    CHECK(last.path == "no-such-hosts");
    CHECK(last.status == core::SourceStatus::Error);
    CHECK(last.message.rfind("hosts file not checked: ", 0) == 0);
    CHECK(audit::exit_code(missing, std::nullopt) == core::ExitCode::Partial);
  }

  TEST_CASE("build_report without a hosts file checks none (the default for callers other than run)") {
    core::ReadOutput read;
    read.accounts.push_back(account("imap.gmail.com", "smtp.gmail.com"));
    const auto report = audit::build_report(read, providers::Database::embedded());
    for (const auto& f : report.findings) CHECK(f.rule != core::around::kHostsFileOverride);
  }
}
