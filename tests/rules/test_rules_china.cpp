// China's providers as the data describes them (data/overrides/china.xml): accounts set up with the
// web password over plain POP3 and SMTP get the TLS findings and the authorisation-code note with
// the provider's help link; findings towards a server the data marks unverified are never fixed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "providers/database.hpp"
#include "rules/rules.hpp"
#include "support/testutil.hpp"

using core::Auth;
using core::Protocol;
using core::Security;
using V = std::vector<std::string>;

namespace {

std::string value_text(const nlohmann::json& v) { return v.is_null() ? "-" : v.is_string() ? v.get<std::string>() : v.dump(); }

// "KEY RULE FIELD ACTUAL -> EXPECTED fixable|-" per finding, in report order.
V finding_lines(const nlohmann::json& report) {
  V out;
  for (const auto& f : report["findings"]) {
    const std::string account = f["account"].get<std::string>();
    out.push_back(account.substr(account.rfind('#') + 1) + " " + f["rule"].get<std::string>() + " " +
                  f["field"].get<std::string>() + " " + value_text(f["actual"]) + " -> " + value_text(f["expected"]) +
                  (f["fixable"].get<bool>() ? " fixable" : " -"));
  }
  return out;
}

const nlohmann::json* finding(const nlohmann::json& report, const std::string& key, const std::string& rule) {
  for (const auto& f : report["findings"]) {
    if (f["account"].get<std::string>().ends_with("#" + key) && f["rule"] == rule) return &f;
  }
  return nullptr;
}

core::Endpoint china_endpoint(Protocol p, std::string host, int port, Security sec, std::string user) {
  core::Endpoint ep;
  ep.protocol = p;
  const std::string k = p == Protocol::Smtp ? "smtp." : "";
  ep.host = {std::move(host), {"prefs.js", k + "host", 3, false}};
  ep.port = {port, {"prefs.js", k + "port", 4, false}};
  ep.security = {sec, {"prefs.js", k + "socketType", 5, false}};
  ep.auth = {Auth::PasswordCleartext, {"prefs.js", k + "authMethod", 6, false}};
  ep.username = {std::move(user), {"prefs.js", k + "userName", 7, false}};
  return ep;
}

}  // namespace

TEST_SUITE("rules.china") {
  TEST_CASE("QQ, Exmail, 163 and Aliyun over plain POP3 with the web password: TLS findings and the 授权码 note") {
    auto home = testutil::source_dir() / "fixtures" / "homes" / "tb-china-wei";
    auto r = testutil::run_mailmend({"audit", "--home", home.string(), "--format", "json"});
    CHECK(r.exit_code == 1);
    auto report = nlohmann::json::parse(r.out);
    std::vector<std::string> providers;
    for (const auto& a : report["accounts"]) {
      providers.push_back(a["provider"]["id"].get<std::string>() + " by " + a["provider"]["matched_by"].get<std::string>());
    }
    CHECK(providers == V{"qq.com by email-domain", "exmail.qq.com by server-host", "163.com by email-domain",
                         "aliyun.com by email-domain"});
    CHECK(finding_lines(report) ==
          V{
              "account1 port-not-provider incoming.port 110 -> 995 fixable",
              "account1 plaintext incoming.security none -> tls fixable",
              "account1 app-password-required incoming.auth password-cleartext -> - -",
              "account1 port-not-provider outgoing.port 25 -> 465 fixable",
              "account1 plaintext outgoing.security none -> tls fixable",
              // Exmail takes the mailbox password unless secure login is on: no 授权码 note.
              "account2 port-not-provider incoming.port 110 -> 995 fixable",
              "account2 plaintext incoming.security none -> tls fixable",
              "account2 port-not-provider outgoing.port 25 -> 465 fixable",
              "account2 plaintext outgoing.security none -> tls fixable",
              "account3 port-not-provider incoming.port 110 -> 995 fixable",
              "account3 plaintext incoming.security none -> tls fixable",
              "account3 app-password-required incoming.auth password-cleartext -> - -",
              "account3 port-not-provider outgoing.port 25 -> 465 fixable",
              "account3 plaintext outgoing.security none -> tls fixable",
              "account4 port-not-provider incoming.port 110 -> 995 fixable",
              "account4 plaintext incoming.security none -> tls fixable",
              "account4 app-password-required incoming.auth password-cleartext -> - -",
              "account4 port-not-provider outgoing.port 25 -> 465 fixable",
              "account4 plaintext outgoing.security none -> tls fixable",
          });
    const auto* qq = finding(report, "account1", "app-password-required");
    REQUIRE(qq);
    CHECK((*qq)["message"] ==
          "qq.com does not accept the web-login password here: the password must be an app password or authorisation "
          "code generated in the provider's security settings. If the client says the password is wrong, create one "
          "and enter it instead. IMAP/POP must also be switched on in qq.com's web settings first. qq.com's help: "
          "https://service.mail.qq.com/cgi-bin/help?subtype=1&id=28&no=1001256");
    const auto* netease = finding(report, "account3", "app-password-required");
    REQUIRE(netease);
    CHECK((*netease)["message"].get<std::string>().ends_with(
        "IMAP/POP must also be switched on in 163.com's web settings first. 163.com's help: "
        "https://help.mail.163.com/faqDetail.do?code="
        "d7a5dc8471cd0c0e8b4b8f4f8e49998b374173cfe9171305fa1ce630d7f67ac2a5feb28b66796d3b"));
    const auto* aliyun = finding(report, "account4", "app-password-required");
    REQUIRE(aliyun);
    CHECK((*aliyun)["message"].get<std::string>().ends_with(
        "IMAP/POP must also be switched on in Alibaba Mail's web settings first."));
    const auto* tls = finding(report, "account2", "plaintext");
    REQUIRE(tls);
    CHECK((*tls)["message"] ==
          "The POP3 server connection is not encrypted: the password and every message cross the network in clear "
          "text. Tencent Exmail does not list an unencrypted POP3 server; it serves SSL/TLS, so the login is refused or "
          "the connection fails. Switch the security to SSL/TLS.");
  }

  TEST_CASE("a server no source confirms is the expected value, but never fixed; an unverified fact says so") {
    const auto db = providers::Database::embedded();
    core::Account tom;
    tom.id = "thunderbird:prefs.js#account1";
    tom.client = "thunderbird";
    tom.email = "wei@tom.com";
    tom.incoming = china_endpoint(Protocol::Pop3, "pop.tom.com", 110, Security::None, "wei@tom.com");
    tom.outgoing = china_endpoint(Protocol::Smtp, "smtp.tom.com", 25, Security::None, "wei@tom.com");
    auto findings = rules::evaluate(tom, db.match(tom), "2026-12-06");
    V lines;
    for (const auto& f : findings) lines.push_back(f.rule + " " + f.field + (f.fixable ? " fixable" : " -"));
    CHECK(lines == V{"port-not-provider incoming.port -", "plaintext incoming.security -",
                     "port-not-provider outgoing.port -", "plaintext outgoing.security -"});
    CHECK(findings[0].message.ends_with(
        "Set the port to 995 together with SSL/TLS. Not fixed automatically: mailmend's data for this POP3 server "
        "of TOM Mail is unverified."));

    // yeah.net: the authorisation-code fact itself rests on no source yet.
    core::Account yeah = tom;
    yeah.email = "wei@yeah.net";
    yeah.incoming = china_endpoint(Protocol::Imap, "imap.yeah.net", 993, Security::Tls, "wei@yeah.net");
    yeah.outgoing.reset();
    auto notes = rules::evaluate(yeah, db.match(yeah), "2026-12-06");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].rule == "app-password-required");
    CHECK(notes[0].message.ends_with("(mailmend's data marks this fact unverified.)"));

    // QQ's POP3 over TLS is sourced: the same mistake there is fixed.
    core::Account qq = tom;
    qq.email = "wei@qq.com";
    qq.incoming = china_endpoint(Protocol::Pop3, "pop.qq.com", 110, Security::None, "wei@qq.com");
    qq.outgoing.reset();
    auto fixed = rules::evaluate(qq, db.match(qq), "2026-12-06");
    REQUIRE(fixed.size() == 3);
    CHECK(fixed[0].fixable);
    CHECK(fixed[1].fixable);

    // 126: the accepted SMTP on 587 is unverified, the ISPDB's 465 is not; a fix towards 465 is made.
    core::Account netease = tom;
    netease.email = "wei@126.com";
    netease.incoming = china_endpoint(Protocol::Imap, "imap.126.com", 993, Security::Tls, "wei@126.com");
    netease.outgoing = china_endpoint(Protocol::Smtp, "smtp.126.com", 25, Security::None, "wei@126.com");
    V smtp;
    for (const auto& f : rules::evaluate(netease, db.match(netease), "2026-12-06")) {
      smtp.push_back(f.rule + " " + f.field + (f.fixable ? " fixable" : " -"));
    }
    CHECK(smtp == V{"app-password-required incoming.auth -", "port-not-provider outgoing.port fixable",
                    "plaintext outgoing.security fixable"});
  }
}
