#include <doctest/doctest.h>

#include <algorithm>

#include "rules/rules.hpp"

using core::Auth;
using core::Protocol;
using core::Security;
using core::Severity;

namespace {

core::Endpoint endpoint(Protocol p, std::string host, int port, Security sec, Auth auth, std::string user) {
  core::Endpoint ep;
  ep.protocol = p;
  // Distinct keys for the outgoing server, as in a real prefs.js (mail.smtpserver.* vs mail.server.*).
  const std::string k = p == Protocol::Smtp ? "smtp." : "";
  ep.host = {std::move(host), {"prefs.js", k + "host", 3, false}};
  ep.port = {port, {"prefs.js", k + "port", 4, false}};
  ep.security = {sec, {"prefs.js", k + "socketType", 5, false}};
  ep.auth = {auth, {"prefs.js", k + "authMethod", 6, false}};
  ep.username = {std::move(user), {"prefs.js", k + "userName", 7, false}};
  return ep;
}

core::Account account(std::string email, core::Endpoint in, std::optional<core::Endpoint> out = std::nullopt,
                      std::string client = "thunderbird") {
  core::Account a;
  a.id = "thunderbird:prefs.js#account1";
  a.client = std::move(client);
  a.source = "prefs.js";
  a.key = "account1";
  a.email = std::move(email);
  a.incoming = std::move(in);
  a.outgoing = std::move(out);
  return a;
}

providers::ServerSpec spec(Protocol p, std::string host, int port, Security sec, std::vector<Auth> auths,
                           std::string user = "%EMAILADDRESS%") {
  providers::ServerSpec s;
  s.protocol = p;
  s.hostname = std::move(host);
  s.port = port;
  s.security = sec;
  s.auths = std::move(auths);
  s.username = std::move(user);
  return s;
}

providers::Match gmail_match() {
  providers::Provider p;
  p.id = "googlemail.com";
  p.name = "Gmail";
  p.domains = {"gmail.com"};
  p.incoming = {spec(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, {Auth::OAuth2, Auth::PasswordCleartext}),
                spec(Protocol::Pop3, "pop.gmail.com", 995, Security::Tls, {Auth::OAuth2, Auth::PasswordCleartext})};
  p.outgoing = {spec(Protocol::Smtp, "smtp.gmail.com", 465, Security::Tls, {Auth::OAuth2, Auth::PasswordCleartext}),
                spec(Protocol::Smtp, "smtp.gmail.com", 587, Security::StartTls, {Auth::OAuth2, Auth::PasswordCleartext})};
  p.app_password_required = true;
  return providers::Match{p, providers::MatchedBy::EmailDomain, "gmail.com", false};
}

providers::Match outlook_com() {
  providers::Provider p;
  p.id = "outlook.com";
  p.name = "Outlook.com";
  p.domains = {"outlook.com", "hotmail.com"};
  p.incoming = {spec(Protocol::Imap, "outlook.office365.com", 993, Security::Tls, {Auth::OAuth2}),
                spec(Protocol::Pop3, "outlook.office365.com", 995, Security::Tls, {Auth::OAuth2})};
  p.outgoing = {spec(Protocol::Smtp, "smtp.office365.com", 587, Security::StartTls, {Auth::OAuth2})};
  p.oauth2_only = true;
  p.retired = {{"pop3.live.com", "outlook.office365.com", "2024-09", ""},
               {"smtp.live.com", "smtp.office365.com", "2024-09", ""}};
  return providers::Match{p, providers::MatchedBy::EmailDomain, "outlook.com", false};
}

// Microsoft 365 as data/overrides describes it: OAuth2 only, SMTP passwords until 2026-12-31.
providers::Match microsoft_365() {
  providers::Match m = outlook_com();
  m.provider.id = "office365.com";
  m.provider.name = "Microsoft 365";
  m.provider.retired.clear();
  m.provider.oauth2_only_smtp_from = "2026-12-31";
  return m;
}

providers::Match local_part_isp() {
  providers::Provider p;
  p.id = "isp.example";
  p.name = "Example ISP";
  p.incoming = {spec(Protocol::Pop3, "pop.isp.example", 995, Security::Tls, {Auth::PasswordCleartext}, "%EMAILLOCALPART%"),
                spec(Protocol::Pop3, "pop.isp.example", 110, Security::StartTls, {Auth::PasswordCleartext}, "%EMAILLOCALPART%")};
  p.outgoing = {spec(Protocol::Smtp, "smtp.isp.example", 587, Security::StartTls, {Auth::PasswordCleartext}, "%EMAILLOCALPART%")};
  return providers::Match{p, providers::MatchedBy::EmailDomain, "isp.example", false};
}

// Gmail as data/ describes it: 465 with SSL/TLS recommended (the ISPDB), 587 with STARTTLS
// accepted (Google's help).
providers::Match gmail_with_accepted_587() {
  providers::Match m = gmail_match();
  m.provider.outgoing.back().accepted = true;
  m.provider.outgoing.back().source = "Gmail Help";
  return m;
}

// iCloud: IMAP logs in with the local part, or the full address (Apple's help).
providers::Match icloud() {
  providers::Provider p;
  p.id = "me.com";
  p.name = "iCloud";
  p.incoming = {spec(Protocol::Imap, "imap.mail.me.com", 993, Security::Tls, {Auth::PasswordCleartext}, "%EMAILLOCALPART%")};
  p.incoming[0].accepted_usernames = {"%EMAILADDRESS%"};
  p.outgoing = {spec(Protocol::Smtp, "smtp.mail.me.com", 587, Security::StartTls, {Auth::PasswordCleartext})};
  return providers::Match{p, providers::MatchedBy::EmailDomain, "icloud.com", false};
}

core::Finding client_finding(std::string rule, Severity sev, std::string field, core::FieldValue actual,
                             core::FieldValue expected, bool fixable) {
  core::Finding f;
  f.rule = std::move(rule);
  f.severity = sev;
  f.account = "thunderbird:prefs.js#account1";
  f.field = std::move(field);
  f.actual = std::move(actual);
  f.expected = std::move(expected);
  f.message = "m";
  f.fixable = fixable;
  return f;
}

std::vector<std::string> rule_ids(const std::vector<core::Finding>& fs) {
  std::vector<std::string> ids;
  for (const auto& f : fs) ids.push_back(f.rule + "@" + f.field);
  return ids;
}

const core::Finding& find(const std::vector<core::Finding>& fs, std::string_view rule) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](const auto& f) { return f.rule == rule; });
  REQUIRE(it != fs.end());
  return *it;
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("a correct Gmail account gives only the app-password note") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 465, Security::Tls, Auth::OAuth2, "ann@gmail.com"));
    CHECK(rules::evaluate(a, gmail_match()).empty());
    a.incoming->auth.value = Auth::PasswordCleartext;
    CHECK(rule_ids(rules::evaluate(a, gmail_match())) == std::vector<std::string>{"app-password-required@incoming.auth"});
  }

  TEST_CASE("port 993 with STARTTLS is inconsistent whatever the provider") {
    auto a = account("ann@unknown.example",
                     endpoint(Protocol::Imap, "mail.unknown.example", 993, Security::StartTls, Auth::PasswordCleartext, "ann"));
    auto fs = rules::evaluate(a, std::nullopt);
    CHECK(rule_ids(fs) == std::vector<std::string>{"port-security-mismatch@incoming.security", "unknown-domain@"});
    const auto& f = find(fs, "port-security-mismatch");
    CHECK(f.severity == Severity::Error);
    CHECK(std::get<std::string>(f.actual) == "starttls");
    CHECK(std::get<std::string>(f.expected) == "tls");
    CHECK(f.fixable);
    CHECK(f.origin.key == "socketType");
    CHECK(f.origin.line == 5);
  }

  TEST_CASE("implicit TLS on 143, 110, 587 and 25 is inconsistent") {
    for (auto [proto, port] : std::vector<std::pair<Protocol, int>>{
             {Protocol::Imap, 143}, {Protocol::Pop3, 110}, {Protocol::Smtp, 587}, {Protocol::Smtp, 25}}) {
      auto a = account("x@unknown.example", endpoint(proto, "h.unknown.example", port, Security::Tls, Auth::PasswordCleartext, "x"));
      auto fs = rules::evaluate(a, std::nullopt);
      CAPTURE(port);
      CHECK(find(fs, "port-security-mismatch").severity == Severity::Error);
      CHECK(std::get<std::string>(find(fs, "port-security-mismatch").expected) == "starttls");
    }
  }

  TEST_CASE("465 with no encryption is inconsistent and plaintext, a warning where the provider is unknown") {
    auto a = account("x@unknown.example", endpoint(Protocol::Smtp, "smtp.unknown.example", 465, Security::None, Auth::PasswordCleartext, "x"));
    auto fs = rules::evaluate(a, std::nullopt);
    CHECK(rule_ids(fs) == std::vector<std::string>{"port-security-mismatch@incoming.security", "plaintext@incoming.security",
                                                   "unknown-domain@"});
    CHECK(find(fs, "plaintext").severity == Severity::Warning);
    CHECK_FALSE(find(fs, "plaintext").fixable);
  }

  TEST_CASE("plaintext where the provider offers TLS is an error, with the provider's port and security as the fix") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 143, Security::None, Auth::OAuth2, "ann@gmail.com"));
    auto fs = rules::evaluate(a, gmail_match());
    CHECK(rule_ids(fs) == std::vector<std::string>{"port-not-provider@incoming.port", "plaintext@incoming.security"});
    CHECK(find(fs, "plaintext").severity == Severity::Error);
    CHECK(find(fs, "plaintext").fixable);
    CHECK(std::get<std::string>(find(fs, "plaintext").expected) == "tls");
    CHECK(std::get<std::int64_t>(find(fs, "port-not-provider").expected) == 993);
  }

  // Changed in 0.2: the provider serves it plain, so it works; the password still crosses in clear.
  TEST_CASE("plain text on a port the provider also serves plain is a warning without a one-field fix") {
    providers::Match m = local_part_isp();
    m.provider.incoming.push_back(
        spec(Protocol::Pop3, "pop.isp.example", 110, Security::None, {Auth::PasswordCleartext}, "%EMAILLOCALPART%"));
    auto a = account("ann@isp.example", endpoint(Protocol::Pop3, "pop.isp.example", 110, Security::None, Auth::PasswordCleartext, "ann"));
    auto fs = rules::evaluate(a, m);
    CHECK(rule_ids(fs) == std::vector<std::string>{"plaintext@incoming.security"});
    CHECK(find(fs, "plaintext").severity == Severity::Warning);
    CHECK(find(fs, "plaintext").message.find("accepts this, but also offers SSL/TLS") != std::string::npos);
    CHECK_FALSE(find(fs, "plaintext").fixable);
    CHECK(std::get<std::string>(find(fs, "plaintext").expected) == "tls");
  }

  TEST_CASE("the app-password note is given once per account") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::PasswordCleartext, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 465, Security::Tls, Auth::PasswordCleartext, "ann@gmail.com"));
    CHECK(rule_ids(rules::evaluate(a, gmail_match())) == std::vector<std::string>{"app-password-required@incoming.auth"});
    a.incoming->auth.value = Auth::OAuth2;
    CHECK(rule_ids(rules::evaluate(a, gmail_match())) == std::vector<std::string>{"app-password-required@outgoing.auth"});
  }

  // Changed in 0.2: one problem, one finding (was two findings for the same field and fix).
  TEST_CASE("993 with STARTTLS at Gmail: one finding, the fixable provider rule, with the mismatch as evidence") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::StartTls, Auth::OAuth2, "ann@gmail.com"));
    auto fs = rules::evaluate(a, gmail_match());
    CHECK(rule_ids(fs) == std::vector<std::string>{"security-not-provider@incoming.security"});
    CHECK(fs[0].severity == Severity::Error);
    CHECK(fs[0].fixable);
    CHECK(std::get<std::string>(fs[0].expected) == "tls");
    CHECK(fs[0].also == std::vector<std::string>{"port-security-mismatch"});
  }

  TEST_CASE("465 without encryption at Gmail: one plaintext finding with the mismatch as evidence") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 465, Security::None, Auth::OAuth2, "ann@gmail.com"));
    auto fs = rules::evaluate(a, gmail_match());
    CHECK(rule_ids(fs) == std::vector<std::string>{"plaintext@outgoing.security"});
    CHECK(fs[0].severity == Severity::Error);
    CHECK(fs[0].fixable);
    CHECK(fs[0].also == std::vector<std::string>{"port-security-mismatch"});
  }

  TEST_CASE("Gmail SMTP on 587 with STARTTLS works: one accepted-alternative note, nothing to fix") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 587, Security::StartTls, Auth::OAuth2, "ann@gmail.com"));
    auto fs = rules::evaluate(a, gmail_with_accepted_587());
    CHECK(rule_ids(fs) == std::vector<std::string>{"accepted-alternative@outgoing.port"});
    const auto& f = fs[0];
    CHECK(f.severity == Severity::Info);
    CHECK_FALSE(f.fixable);
    CHECK(std::get<std::int64_t>(f.actual) == 587);
    CHECK(std::get<std::int64_t>(f.expected) == 465);
    CHECK(f.message ==
          "The SMTP server uses smtp.gmail.com port 587 with STARTTLS. This works: Gmail accepts it, but recommends "
          "smtp.gmail.com port 465 with SSL/TLS (encryption from the first byte, which RFC 8314 prefers because it "
          "cannot be stripped). Nothing needs to change; switch when convenient.");
    // With a password: still only notes.
    a.outgoing->auth.value = Auth::PasswordCleartext;
    for (const auto& g : rules::evaluate(a, gmail_with_accepted_587())) CHECK(g.severity == Severity::Info);
  }

  TEST_CASE("an accepted server on another host names the host; a wrong port there is judged against the recommended one") {
    providers::Match m = outlook_com();
    m.provider.outgoing = {spec(Protocol::Smtp, "smtp-mail.outlook.com", 587, Security::StartTls, {Auth::OAuth2}),
                           spec(Protocol::Smtp, "smtp.office365.com", 587, Security::StartTls, {Auth::OAuth2})};
    m.provider.outgoing[1].accepted = true;
    auto a = account("bob@outlook.com", endpoint(Protocol::Imap, "outlook.office365.com", 993, Security::Tls, Auth::OAuth2, "bob@outlook.com"),
                     endpoint(Protocol::Smtp, "smtp.office365.com", 587, Security::StartTls, Auth::OAuth2, "bob@outlook.com"));
    auto fs = rules::evaluate(a, m);
    CHECK(rule_ids(fs) == std::vector<std::string>{"accepted-alternative@outgoing.host"});
    CHECK(std::get<std::string>(fs[0].expected) == "smtp-mail.outlook.com");
    a.outgoing->host.value = "smtp.example.net";  // not the provider's: the recommended host is suggested
    fs = rules::evaluate(a, m);
    CHECK(std::get<std::string>(find(fs, "host-not-provider").expected) == "smtp-mail.outlook.com");
    a.outgoing->host.value = "smtp.office365.com";
    a.outgoing->port.value = 25;
    fs = rules::evaluate(a, m);
    CHECK(rule_ids(fs) == std::vector<std::string>{"port-not-provider@outgoing.port"});
    CHECK(std::get<std::int64_t>(fs[0].expected) == 587);
  }

  TEST_CASE("a combination neither recommended nor accepted is an error naming the recommended server") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 25, Security::StartTls, Auth::OAuth2, "ann@gmail.com"));
    auto fs = rules::evaluate(a, gmail_with_accepted_587());
    CHECK(rule_ids(fs) == std::vector<std::string>{"port-not-provider@outgoing.port", "security-not-provider@outgoing.security"});
    CHECK(fs[0].severity == Severity::Error);
    CHECK(std::get<std::int64_t>(fs[0].expected) == 465);
    CHECK(std::get<std::string>(fs[1].expected) == "tls");
    CHECK(fs[1].message.find("together with port 465") != std::string::npos);
    CHECK(fs[0].message.find("Providers refuse") == std::string::npos);
  }

  TEST_CASE("iCloud IMAP takes the local part or the full address: neither is a finding, another form is") {
    auto a = account("emily@icloud.com",
                     endpoint(Protocol::Imap, "imap.mail.me.com", 993, Security::Tls, Auth::PasswordCleartext, "emily"),
                     endpoint(Protocol::Smtp, "smtp.mail.me.com", 587, Security::StartTls, Auth::PasswordCleartext, "emily@icloud.com"));
    CHECK(rules::evaluate(a, icloud()).empty());
    a.incoming->username.value = "Emily@iCloud.com";
    CHECK(rules::evaluate(a, icloud()).empty());
    a.incoming->username.value = "emily.parker";
    auto fs = rules::evaluate(a, icloud());
    CHECK(rule_ids(fs) == std::vector<std::string>{"username-form@incoming.username"});
    CHECK(std::get<std::string>(fs[0].expected) == "emily");
    CHECK(fs[0].message.find("the part before the @ or the full email address") != std::string::npos);
  }

  TEST_CASE("a retired Microsoft host names its replacement, and password login is refused") {
    auto a = account("bob@outlook.com",
                     endpoint(Protocol::Pop3, "pop3.live.com", 995, Security::Tls, Auth::PasswordCleartext, "bob@outlook.com"),
                     endpoint(Protocol::Smtp, "smtp.live.com", 587, Security::StartTls, Auth::PasswordCleartext, "bob@outlook.com"));
    auto fs = rules::evaluate(a, outlook_com());
    CHECK(rule_ids(fs) == std::vector<std::string>{"retired-host@incoming.host", "password-not-accepted@incoming.auth",
                                                   "retired-host@outgoing.host", "password-not-accepted@outgoing.auth"});
    const auto& r = find(fs, "retired-host");
    CHECK(std::get<std::string>(r.actual) == "pop3.live.com");
    CHECK(std::get<std::string>(r.expected) == "outlook.office365.com");
    CHECK(r.fixable);
    CHECK(r.message.find("Use outlook.office365.com instead.") != std::string::npos);
    CHECK(std::get<std::string>(find(fs, "password-not-accepted").expected) == "OAuth2");
  }

  TEST_CASE("SMTP passwords of a provider with an announced end date: a warning before it, an error from it") {
    auto a = account("carol@contoso.example",
                     endpoint(Protocol::Imap, "outlook.office365.com", 993, Security::Tls, Auth::PasswordCleartext,
                              "carol@contoso.example"),
                     endpoint(Protocol::Smtp, "smtp.office365.com", 587, Security::StartTls, Auth::PasswordCleartext,
                              "carol@contoso.example"));
    auto before = rules::evaluate(a, microsoft_365(), "2026-12-30");
    CHECK(rule_ids(before) == std::vector<std::string>{"password-not-accepted@incoming.auth",
                                                       "password-soon-refused@outgoing.auth"});
    const auto& soon = find(before, "password-soon-refused");
    CHECK(soon.severity == Severity::Warning);
    CHECK(std::get<std::string>(soon.expected) == "OAuth2");
    CHECK(soon.fixable);  // Thunderbird can hold OAuth2
    CHECK(soon.message ==
          "Microsoft 365 stops accepting passwords for SMTP on 2026-12-31: from then on sending fails with an "
          "authentication error even when the password is right. Switch the outgoing server's authentication method "
          "to OAuth2 before then.");
    auto from = rules::evaluate(a, microsoft_365(), "2026-12-31");
    CHECK(rule_ids(from) == std::vector<std::string>{"password-not-accepted@incoming.auth",
                                                     "password-not-accepted@outgoing.auth"});
    CHECK(rule_ids(rules::evaluate(a, outlook_com(), "2026-01-01")) ==
          std::vector<std::string>{"password-not-accepted@incoming.auth", "password-not-accepted@outgoing.auth"});
  }

  TEST_CASE("today_utc is an ISO date") {
    const std::string today = rules::today_utc();
    REQUIRE(today.size() == 10);
    CHECK(today[4] == '-');
    CHECK(today[7] == '-');
    CHECK(today >= "2026-01-01");
  }

  TEST_CASE("password-not-accepted is fixable only where the client can do OAuth2") {
    auto a = account("bob@outlook.com",
                     endpoint(Protocol::Imap, "outlook.office365.com", 993, Security::Tls, Auth::PasswordCleartext, "bob@outlook.com"),
                     std::nullopt, "outlook");
    CHECK_FALSE(find(rules::evaluate(a, outlook_com()), "password-not-accepted").fixable);
  }

  TEST_CASE("an unknown security mode is not compared with the provider's") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Unknown, Auth::OAuth2, "ann@gmail.com"));
    CHECK(rules::evaluate(a, gmail_match()).empty());
  }

  TEST_CASE("a host that is not the provider's is a warning, fixable when the provider has one host") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "mail.gmail.com", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"));
    auto fs = rules::evaluate(a, gmail_match());
    CHECK(rule_ids(fs) == std::vector<std::string>{"host-not-provider@incoming.host"});
    CHECK(find(fs, "host-not-provider").severity == Severity::Warning);
    CHECK(std::get<std::string>(find(fs, "host-not-provider").expected) == "imap.gmail.com");
    CHECK(find(fs, "host-not-provider").fixable);
  }

  TEST_CASE("host names compare without regard to case") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "IMAP.Gmail.COM", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"));
    CHECK(rules::evaluate(a, gmail_match()).empty());
  }

  TEST_CASE("STARTTLS where the provider also offers implicit TLS is an info") {
    auto a = account("ann@isp.example",
                     endpoint(Protocol::Pop3, "pop.isp.example", 110, Security::StartTls, Auth::PasswordCleartext, "ann"));
    auto fs = rules::evaluate(a, local_part_isp());
    CHECK(rule_ids(fs) == std::vector<std::string>{"starttls-where-tls-offered@incoming.security"});
    CHECK(find(fs, "starttls-where-tls-offered").severity == Severity::Info);
    CHECK_FALSE(find(fs, "starttls-where-tls-offered").fixable);
  }

  TEST_CASE("a full address where the provider wants the local part") {
    auto a = account("ann@isp.example",
                     endpoint(Protocol::Pop3, "pop.isp.example", 995, Security::Tls, Auth::PasswordCleartext, "ann@isp.example"));
    auto fs = rules::evaluate(a, local_part_isp());
    CHECK(rule_ids(fs) == std::vector<std::string>{"username-form@incoming.username"});
    const auto& f = find(fs, "username-form");
    CHECK(std::get<std::string>(f.actual) == "ann@isp.example");
    CHECK(std::get<std::string>(f.expected) == "ann");
    CHECK(f.message.find("the part before the @") != std::string::npos);
  }

  TEST_CASE("the wrong port for the provider's security") {
    auto a = account("ann@isp.example",
                     endpoint(Protocol::Smtp, "smtp.isp.example", 25, Security::StartTls, Auth::PasswordCleartext, "ann"));
    a.outgoing = a.incoming;
    a.incoming.reset();
    auto fs = rules::evaluate(a, local_part_isp());
    CHECK(rule_ids(fs) == std::vector<std::string>{"port-not-provider@outgoing.port"});
    CHECK(std::get<std::int64_t>(find(fs, "port-not-provider").actual) == 25);
    CHECK(std::get<std::int64_t>(find(fs, "port-not-provider").expected) == 587);
  }

  TEST_CASE("an outgoing server without authentication at a public provider") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::OAuth2, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 587, Security::StartTls, Auth::None, ""));
    auto fs = rules::evaluate(a, gmail_match());
    CHECK(rule_ids(fs) == std::vector<std::string>{"starttls-where-tls-offered@outgoing.security", "smtp-no-auth@outgoing.auth"});
    CHECK(find(fs, "smtp-no-auth").severity == Severity::Error);
  }

  TEST_CASE("a client that cannot store OAuth2 is offered the provider's password method instead") {
    auto a = account("ann@gmail.com", endpoint(Protocol::Imap, "imap.gmail.com", 993, Security::Tls, Auth::PasswordCleartext, "ann@gmail.com"),
                     endpoint(Protocol::Smtp, "smtp.gmail.com", 465, Security::Tls, Auth::None, ""), "outlook");
    auto fs = rules::evaluate(a, gmail_match());
    const auto& f = find(fs, "smtp-no-auth");
    CHECK(std::get<std::string>(f.expected) == "password-cleartext");
    CHECK(f.fixable);
    a.client = "thunderbird";
    CHECK(std::get<std::string>(find(rules::evaluate(a, gmail_match()), "smtp-no-auth").expected) == "OAuth2");
    a.client = "outlook";
    auto oauth_only = outlook_com();
    a.email = "ann@outlook.com";
    a.outgoing->host.value = "smtp.office365.com";
    a.outgoing->port.value = 587;
    a.outgoing->security.value = Security::StartTls;
    const auto oauth_findings = rules::evaluate(a, oauth_only);
    const auto& g = find(oauth_findings, "smtp-no-auth");
    CHECK(std::get<std::string>(g.expected) == "OAuth2");
    CHECK_FALSE(g.fixable);
  }

  TEST_CASE("findings in a read-only deployment file are never fixable") {
    auto a = account("bob@outlook.com", endpoint(Protocol::Pop3, "pop3.live.com", 995, Security::Tls, Auth::OAuth2, "bob@outlook.com"));
    a.read_only = true;
    auto fs = rules::evaluate(a, outlook_com());
    REQUIRE(fs.size() == 1);
    CHECK_FALSE(fs[0].fixable);
  }

  TEST_CASE("an authentication method the provider does not offer") {
    auto a = account("ann@isp.example",
                     endpoint(Protocol::Pop3, "pop.isp.example", 995, Security::Tls, Auth::PasswordEncrypted, "ann"));
    auto fs = rules::evaluate(a, local_part_isp());
    CHECK(rule_ids(fs) == std::vector<std::string>{"auth-not-offered@incoming.auth"});
    CHECK(std::get<std::string>(find(fs, "auth-not-offered").expected) == "password-cleartext");
  }

  TEST_CASE("POP at a provider that only lists IMAP") {
    providers::Match m = gmail_match();
    m.provider.incoming.pop_back();
    auto a = account("ann@gmail.com", endpoint(Protocol::Pop3, "pop.gmail.com", 995, Security::Tls, Auth::OAuth2, "ann@gmail.com"));
    CHECK(rule_ids(rules::evaluate(a, m)) == std::vector<std::string>{"protocol-not-offered@incoming.host"});
  }

  TEST_CASE("Exchange, EWS and Graph endpoints are listed, not host-audited") {
    auto a = account("ann@outlook.com", endpoint(Protocol::Ews, "outlook.office365.com", 443, Security::Tls, Auth::PasswordCleartext, "ann"));
    CHECK(rules::evaluate(a, outlook_com()).empty());
    CHECK(rules::evaluate(a, std::nullopt).empty());
  }

  TEST_CASE("managed and stale accounts get findings but nothing is fixable") {
    auto a = account("bob@outlook.com",
                     endpoint(Protocol::Pop3, "pop3.live.com", 995, Security::Tls, Auth::OAuth2, "bob@outlook.com"));
    a.managed = true;
    auto fs = rules::evaluate(a, outlook_com());
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].rule == "retired-host");
    CHECK_FALSE(fs[0].fixable);
    a.managed = false;
    a.stale = true;
    CHECK_FALSE(rules::evaluate(a, outlook_com())[0].fixable);
  }

  TEST_CASE("placeholders in provider host names are expanded from the address") {
    providers::Match m = local_part_isp();
    m.provider.incoming = {spec(Protocol::Imap, "mail.%EMAILDOMAIN%", 993, Security::Tls, {Auth::PasswordCleartext})};
    auto a = account("ann@corp.example", endpoint(Protocol::Imap, "mail.corp.example", 993, Security::Tls, Auth::PasswordCleartext, "ann@corp.example"));
    CHECK(rules::evaluate(a, m).empty());
    a.incoming->host.value = "imap.corp.example";
    auto fs = rules::evaluate(a, m);
    CHECK(std::get<std::string>(find(fs, "host-not-provider").expected) == "mail.corp.example");
  }

  TEST_CASE("every rule id in the catalogue is unique and kebab-case") {
    std::vector<std::string> seen;
    for (const auto& r : rules::catalogue()) {
      CHECK(std::find(seen.begin(), seen.end(), std::string(r.id)) == seen.end());
      seen.emplace_back(r.id);
      for (char ch : r.id) CHECK(((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'));
    }
    CHECK(seen.size() == 17);
  }

  TEST_CASE("merge_related: each pair that names one problem twice becomes one finding") {
    struct Pair {
      core::Finding client, shared;
      std::string winner;
    };
    const std::string ntlm = "NTLM";
    std::vector<Pair> pairs{
        {client_finding("outlook-spa-without-ntlm", Severity::Error, "incoming.auth", ntlm, std::string("password-cleartext"), true),
         client_finding("auth-not-offered", Severity::Warning, "incoming.auth", ntlm, std::string("password-cleartext"), true),
         "outlook-spa-without-ntlm"},
        {client_finding("outlook-smtp-auth-off", Severity::Error, "outgoing.auth", std::string("none"), std::string("password-cleartext"), true),
         client_finding("smtp-no-auth", Severity::Error, "outgoing.auth", std::string("none"), std::string("password-cleartext"), true),
         "outlook-smtp-auth-off"},
        {client_finding("outlook-basic-auth-microsoft", Severity::Error, "incoming.auth", std::string("password-cleartext"), std::string("OAuth2"), false),
         client_finding("password-not-accepted", Severity::Error, "incoming.auth", std::string("password-cleartext"), std::string("OAuth2"), false),
         "outlook-basic-auth-microsoft"},
        {client_finding("port-security-mismatch", Severity::Error, "incoming.security", std::string("starttls"), std::string("tls"), false),
         client_finding("security-not-provider", Severity::Error, "incoming.security", std::string("starttls"), std::string("tls"), true),
         "security-not-provider"},
    };
    for (const auto& pair : pairs) {
      for (bool client_first : {true, false}) {
        std::vector<core::Finding> fs = client_first ? std::vector{pair.client, pair.shared} : std::vector{pair.shared, pair.client};
        rules::merge_related(fs);
        CAPTURE(pair.winner);
        REQUIRE(fs.size() == 1);
        CHECK(fs[0].rule == pair.winner);
        const std::string other = pair.winner == pair.client.rule ? pair.shared.rule : pair.client.rule;
        CHECK(fs[0].also == std::vector<std::string>{other});
        auto again = fs;
        rules::merge_related(again);  // idempotent
        CHECK(again.size() == 1);
        CHECK(again[0].also == fs[0].also);
      }
    }
  }

  TEST_CASE("merge_related leaves notes, other fields, other values and other accounts alone") {
    const std::string pw = "password-cleartext";
    auto note = client_finding("app-password-required", Severity::Info, "incoming.auth", pw, {}, false);
    auto offered = client_finding("auth-not-offered", Severity::Warning, "incoming.auth", pw, std::string("OAuth2"), false);
    auto other_field = client_finding("auth-not-offered", Severity::Warning, "outgoing.auth", pw, std::string("OAuth2"), false);
    auto other_value = client_finding("password-not-accepted", Severity::Error, "incoming.auth", std::string("NTLM"), std::string("OAuth2"), false);
    auto other_account = offered;
    other_account.account = "thunderbird:prefs.js#account2";
    auto layer = client_finding("thunderbird-userjs-override", Severity::Info, "incoming.auth", pw, {}, false);
    std::vector<core::Finding> fs{note, offered, other_field, other_value, other_account, layer};
    rules::merge_related(fs);
    CHECK(fs.size() == 6);
    for (const auto& f : fs) CHECK(f.also.empty());
  }

  TEST_CASE("merge_related on threads: accounts merged on their own, in order, as on one thread") {
    // 200 accounts whose findings come interleaved (as a report's adapter findings, then each
    // account's rule findings): per account a shared rule, a note between, the client's own rule
    // on the same problem, and one on another field.
    const std::string pw = "password-cleartext";
    std::vector<core::Finding> fs;
    for (int round = 0; round < 3; ++round) {
      for (int a = 0; a < 200; ++a) {
        core::Finding f =
            round == 0   ? client_finding("auth-not-offered", Severity::Warning, "incoming.auth", pw, std::string("OAuth2"), false)
            : round == 1 ? client_finding("app-password-required", Severity::Info, "incoming.auth", pw, {}, false)
                         : client_finding("outlook-basic-auth-microsoft", Severity::Error, "incoming.auth", pw, std::string("OAuth2"), true);
        f.account = "outlook:NTUSER.DAT#" + std::to_string(a);
        fs.push_back(f);
        if (round == 2 && a % 2 == 0) {
          f.field = "outgoing.auth";
          fs.push_back(f);
        }
      }
    }
    auto one = fs;
    rules::merge_related(one, 1);
    REQUIRE(one.size() == 200 + 200 + 100);  // the shared rule's findings absorbed
    CHECK(one[0].rule == "outlook-basic-auth-microsoft");  // the client's own, at the place of the first
    CHECK(one[0].account == "outlook:NTUSER.DAT#0");
    CHECK(one[0].also == std::vector<std::string>{"auth-not-offered"});
    CHECK(one[199].account == "outlook:NTUSER.DAT#199");
    CHECK(one[200].rule == "app-password-required");
    CHECK(one[400].field == "outgoing.auth");
    for (unsigned threads : {2u, 4u}) {
      auto many = fs;
      rules::merge_related(many, threads);
      REQUIRE(many.size() == one.size());
      for (std::size_t i = 0; i < one.size(); ++i) {
        CAPTURE(i);
        CHECK(many[i].rule == one[i].rule);
        CHECK(many[i].account == one[i].account);
        CHECK(many[i].field == one[i].field);
        CHECK(many[i].also == one[i].also);
        CHECK(many[i].fixable == one[i].fixable);
      }
    }
  }
}
