// The embedded provider data against the rules: what a provider documents as working is never
// an error or a warning (issue 18, item 4).
#include <doctest/doctest.h>

#include <algorithm>

#include "providers/database.hpp"
#include "rules/rules.hpp"

using core::Auth;
using core::Protocol;
using core::Security;

namespace {

core::Endpoint bare_endpoint(Protocol p, std::string host, int port, Security sec, Auth auth, std::string user) {
  core::Endpoint ep;
  ep.protocol = p;
  ep.host.value = std::move(host);
  ep.port.value = port;
  ep.security.value = sec;
  ep.auth.value = auth;
  ep.username.value = std::move(user);
  return ep;
}

struct Documented {
  std::string email;
  std::string imap_host;
  std::string imap_user;
  std::string smtp_host;
  std::string smtp_user;
  int smtp_port;
  Security smtp_security;
  Auth auth;
};

// Each provider's IMAP server and an SMTP server its own help (or the ISPDB) documents, with the
// username form it documents.
const std::vector<Documented>& documented() {
  static const std::vector<Documented> all{
      {"ann@gmail.com", "imap.gmail.com", "ann@gmail.com", "smtp.gmail.com", "ann@gmail.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@gmail.com", "imap.gmail.com", "ann@gmail.com", "smtp.gmail.com", "ann@gmail.com", 465, Security::Tls, Auth::OAuth2},
      {"ann@yahoo.com", "imap.mail.yahoo.com", "ann@yahoo.com", "smtp.mail.yahoo.com", "ann@yahoo.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@icloud.com", "imap.mail.me.com", "ann", "smtp.mail.me.com", "ann@icloud.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@icloud.com", "imap.mail.me.com", "ann@icloud.com", "smtp.mail.me.com", "ann@icloud.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@outlook.com", "outlook.office365.com", "ann@outlook.com", "smtp-mail.outlook.com", "ann@outlook.com", 587, Security::StartTls, Auth::OAuth2},
      {"ann@outlook.com", "outlook.office365.com", "ann@outlook.com", "smtp.office365.com", "ann@outlook.com", 587, Security::StartTls, Auth::OAuth2},
      {"ann@qq.com", "imap.qq.com", "ann@qq.com", "smtp.qq.com", "ann@qq.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@163.com", "imap.163.com", "ann@163.com", "smtp.163.com", "ann@163.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@126.com", "imap.126.com", "ann@126.com", "smtp.126.com", "ann@126.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@gmx.net", "imap.gmx.net", "ann@gmx.net", "mail.gmx.net", "ann@gmx.net", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@web.de", "imap.web.de", "ann", "smtp.web.de", "ann", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@aol.com", "imap.aol.com", "ann@aol.com", "smtp.aol.com", "ann@aol.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@zoho.com", "imap.zoho.com", "ann@zoho.com", "smtp.zoho.com", "ann@zoho.com", 587, Security::StartTls, Auth::PasswordCleartext},
      {"ann@fastmail.com", "imap.fastmail.com", "ann@fastmail.com", "smtp.fastmail.com", "ann@fastmail.com", 587, Security::StartTls, Auth::PasswordCleartext},
  };
  return all;
}

core::Account account_for(const Documented& d) {
  core::Account a;
  a.id = "thunderbird:prefs.js#" + d.email;
  a.client = "thunderbird";
  a.email = d.email;
  a.incoming = bare_endpoint(Protocol::Imap, d.imap_host, 993, Security::Tls, d.auth, d.imap_user);
  a.outgoing = bare_endpoint(Protocol::Smtp, d.smtp_host, d.smtp_port, d.smtp_security, d.auth, d.smtp_user);
  return a;
}

}  // namespace

TEST_SUITE("rules.accepted") {
  TEST_CASE("a configuration the provider documents as working gets notes at most") {
    auto db = providers::Database::embedded();
    for (const auto& d : documented()) {
      auto a = account_for(d);
      auto match = db.match(a);
      CAPTURE(d.email);
      CAPTURE(d.smtp_host);
      CAPTURE(d.smtp_port);
      REQUIRE(match);
      for (const auto& f : rules::evaluate(a, match, "2026-12-06")) {
        CAPTURE(f.rule);
        CAPTURE(f.field);
        CHECK(f.severity == core::Severity::Info);
        CHECK_FALSE(f.fixable);
      }
    }
  }

  TEST_CASE("Gmail and Yahoo SMTP on 587 with STARTTLS: only the accepted-alternative and app-password notes") {
    auto db = providers::Database::embedded();
    for (const auto* email : {"ann@gmail.com", "ann@yahoo.com"}) {
      const auto& d = *std::find_if(documented().begin(), documented().end(),
                                    [&](const Documented& x) { return x.email == email && x.smtp_port == 587; });
      auto a = account_for(d);
      auto fs = rules::evaluate(a, db.match(a), "2026-12-06");
      CAPTURE(email);
      REQUIRE(fs.size() == 2);
      CHECK(fs[0].rule == "app-password-required");
      CHECK(fs[0].field == "incoming.auth");
      CHECK(fs[1].rule == "accepted-alternative");
      CHECK(fs[1].field == "outgoing.port");
      CHECK(std::get<std::int64_t>(fs[1].expected) == 465);
      CHECK(fs[1].message.find("RFC 8314") != std::string::npos);
    }
  }

  TEST_CASE("the embedded data marks the servers the providers also accept, with a source") {
    auto db = providers::Database::embedded();
    for (const auto* domain : {"gmail.com", "yahoo.com", "qq.com", "163.com", "126.com", "aol.com", "fastmail.com", "outlook.com"}) {
      auto p = db.by_domain(domain);
      CAPTURE(domain);
      REQUIRE(p);
      auto accepted = std::find_if(p->outgoing.begin(), p->outgoing.end(), [](const auto& s) { return s.accepted; });
      REQUIRE(accepted != p->outgoing.end());
      CHECK(accepted->port == 587);
      CHECK_FALSE(accepted->source.empty());
      CHECK_FALSE(p->outgoing.front().accepted);  // the recommended server comes first
    }
    auto icloud = db.by_domain("icloud.com");
    REQUIRE(icloud);
    CHECK(icloud->incoming.front().username == "%EMAILLOCALPART%");
    CHECK(icloud->incoming.front().accepted_usernames == std::vector<std::string>{"%EMAILADDRESS%"});
  }
}
