#include "adapters/thunderbird/account_graph.hpp"

#include <doctest/doctest.h>

#include "tb_testutil.hpp"

using namespace adapters::thunderbird;
using V = std::vector<std::string>;

namespace {

GraphOutput graph(const std::string& prefs_js) {
  auto t = tokenize_prefs(prefs_js, "prefs.js");
  REQUIRE(t.ok());
  REQUIRE(t->errors.empty());
  PrefStore store;
  std::vector<DuplicatePref> dups;
  store.add_file("prefs.js", PrefLayer::PrefsJs, *t, dups);
  return build_accounts(store, {"prefs.js", "p"});
}

V summaries(const GraphOutput& g) {
  V out;
  for (const auto& a : g.accounts) out.push_back(tbtest::summary(a));
  return out;
}

V rules(const GraphOutput& g) {
  V out;
  for (const auto& f : g.findings) out.push_back(f.rule);
  return out;
}

const std::string kImap =
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"a@example.com\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
    "user_pref(\"mail.server.server1.userName\", \"a\");\n";

}  // namespace

TEST_SUITE("account_graph") {
  TEST_CASE("defaults by type and socket type: IMAP, POP3, SMTP, plain and TLS") {
    CHECK(default_port("imap", 0) == 143);
    CHECK(default_port("imap", 2) == 143);
    CHECK(default_port("imap", 3) == 993);
    CHECK(default_port("pop3", 0) == 110);
    CHECK(default_port("pop3", 3) == 995);
    CHECK(default_port("smtp", 2) == 587);
    CHECK(default_port("smtp", 3) == 465);
    CHECK(default_port("nntp", 3) == 563);
    CHECK(default_port("ews", 3) == 443);
    CHECK(default_port("none", 0) == 0);
  }

  TEST_CASE("authMethod and socketType mapping") {
    V got;
    for (int m = 0; m <= 11; ++m) got.push_back(std::string(core::to_string(auth_from_method(m))));
    CHECK(got == V{"unknown", "none", "password-cleartext", "password-cleartext", "password-encrypted", "GSSAPI", "NTLM",
                   "TLS-client-cert", "any", "any", "OAuth2", "unknown"});
    CHECK(security_from_socket_type(0) == core::Security::None);
    CHECK(security_from_socket_type(1) == core::Security::StartTls);
    CHECK(security_from_socket_type(2) == core::Security::StartTls);
    CHECK(security_from_socket_type(3) == core::Security::Tls);
    CHECK(security_from_socket_type(4) == core::Security::Unknown);
    CHECK(method_from_auth(core::Auth::OAuth2) == 10);
    CHECK(socket_type_from_security(core::Security::StartTls) == 2);
  }

  TEST_CASE("an account with no SMTP prefs has no outgoing side; all defaults apply") {
    auto g = graph(kImap);
    CHECK(summaries(g) == V{"account1 <a@example.com> | imap imap.example.com:143 none password-cleartext a | -"});
    CHECK(rules(g).empty());
  }

  TEST_CASE("legacy isSecure means TLS; an explicit socketType wins over it") {
    auto g = graph(kImap + "user_pref(\"mail.server.server1.isSecure\", true);");
    CHECK(summaries(g) == V{"account1 <a@example.com> | imap imap.example.com:993 tls password-cleartext a | -"});
    auto h = graph(kImap + "user_pref(\"mail.server.server1.isSecure\", true);user_pref(\"mail.server.server1.socketType\", 2);");
    CHECK(summaries(h) == V{"account1 <a@example.com> | imap imap.example.com:143 starttls password-cleartext a | -"});
  }

  TEST_CASE("port -1 or 0 means the protocol default; host:port in hostname is split") {
    auto g = graph(kImap + "user_pref(\"mail.server.server1.port\", -1);user_pref(\"mail.server.server1.socketType\", 3);");
    CHECK(summaries(g) == V{"account1 <a@example.com> | imap imap.example.com:993 tls password-cleartext a | -"});
    CHECK(g.accounts[0].incoming->port.origin.line == 8);
    auto h = graph(kImap + "user_pref(\"mail.server.server1.hostname\", \"imap.example.com:1143\");");
    CHECK(summaries(h) == V{"account1 <a@example.com> | imap imap.example.com:1143 none password-cleartext a | -"});
  }

  TEST_CASE("outgoing: the identity's smtpServer, else mail.smtp.defaultserver, else the first of mail.smtpservers") {
    std::string smtp =
        "user_pref(\"mail.smtpservers\", \"smtp2,smtp1\");\n"
        "user_pref(\"mail.smtpserver.smtp1.hostname\", \"one.example.com\");\n"
        "user_pref(\"mail.smtpserver.smtp2.hostname\", \"two.example.com\");\n"
        "user_pref(\"mail.smtpserver.smtp2.try_ssl\", 3);\n";
    CHECK(summaries(graph(kImap + smtp))[0].ends_with("| smtp two.example.com:465 tls password-cleartext "));
    CHECK(summaries(graph(kImap + smtp + "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");"))[0].ends_with(
        "| smtp one.example.com:587 none password-cleartext "));
    CHECK(summaries(graph(kImap + smtp + "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");" +
                          "user_pref(\"mail.identity.id1.smtpServer\", \"smtp2\");"))[0]
              .ends_with("| smtp two.example.com:465 tls password-cleartext "));
  }

  TEST_CASE("skipped accounts: duplicate keys, missing server, a server used twice, empty type, non-mail types") {
    std::string prefs =
        "user_pref(\"mail.accountmanager.accounts\", \"account1,,account1,account2,account3,account4,account5,account6,account7\");\n"
        "user_pref(\"mail.account.account7.server\", \"server8\");\n"
        "user_pref(\"mail.server.server8.type\", \"movemail\");\n"
        "user_pref(\"mail.account.account1.server\", \"server1\");\n"
        "user_pref(\"mail.account.account3.server\", \"server1\");\n"
        "user_pref(\"mail.account.account4.server\", \"server4\");\n"
        "user_pref(\"mail.account.account5.server\", \"server5\");\n"
        "user_pref(\"mail.account.account6.server\", \"server6\");\n"
        "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
        "user_pref(\"mail.server.server1.hostname\", \"pop.example.com\");\n"
        "user_pref(\"mail.server.server4.type\", \"\");\n"
        "user_pref(\"mail.server.server5.type\", \"nntp\");\n"
        "user_pref(\"mail.server.server6.type\", \"im\");\n"
        "user_pref(\"mail.server.server7.type\", \"imap\");\n";
    auto g = graph(prefs);
    CHECK(summaries(g) == V{"account1 <> | pop3 pop.example.com:110 none password-cleartext  | -"});
    CHECK(rules(g).empty());
  }

  TEST_CASE("identities are split on commas with whitespace removed; the first is the default identity") {
    auto g = graph(kImap + "user_pref(\"mail.account.account1.identities\", \" id2 , id1\");"
                           "user_pref(\"mail.identity.id2.useremail\", \"second@example.com\");");
    CHECK(g.accounts[0].email == "second@example.com");
  }

  TEST_CASE("realhostname is effective up to Thunderbird 91 and only reported later") {
    std::string prefs = kImap + "user_pref(\"mail.server.server1.realhostname\", \"real.example.com\");";
    auto old = graph(prefs + "user_pref(\"extensions.lastAppVersion\", \"91.13.0\");");
    CHECK(old.accounts[0].incoming->host.value == "real.example.com");
    CHECK(old.accounts[0].incoming->host.origin.key == "mail.server.server1.realhostname");
    CHECK(rules(old) == V{"thunderbird-realhostname"});
    auto modern = graph(prefs + "user_pref(\"extensions.lastAppVersion\", \"128.0\");");
    CHECK(modern.accounts[0].incoming->host.value == "imap.example.com");
    REQUIRE(modern.findings.size() == 1);
    CHECK(modern.findings[0].message ==
          "mail.server.server1.realhostname = 'real.example.com' is a leftover from Thunderbird 91 or older and is "
          "ignored; hostname = 'imap.example.com' is used");
    CHECK(modern.findings[0].origin.line == 8);
  }

  TEST_CASE("wrong-typed values are findings and the default applies") {
    auto g = graph(kImap + "user_pref(\"mail.server.server1.socketType\", \"3\");\nuser_pref(\"mail.server.server1.authMethod\", true);");
    CHECK(summaries(g) == V{"account1 <a@example.com> | imap imap.example.com:143 none password-cleartext a | -"});
    REQUIRE(g.findings.size() == 2);
    CHECK(g.findings[0].rule == "thunderbird-pref-type");
    CHECK(g.findings[0].field == "incoming.security");
    CHECK(g.findings[0].message ==
          "prefs.js:8: mail.server.server1.socketType holds a string but Thunderbird reads it as int; the value is "
          "ignored and the default applies (write it as a bare number)");
    CHECK(g.findings[1].field == "incoming.auth");
    CHECK(g.findings[1].actual == core::FieldValue{true});
    CHECK(g.accounts[0].incoming->security.origin == core::Origin{"prefs.js", "mail.server.server1.socketType", 8, false});
  }

  TEST_CASE("SMTP without a port: 587 today, 25 for profiles last run by Thunderbird 92 or older, 465 with TLS") {
    std::string smtp = kImap + "user_pref(\"mail.smtpservers\", \"smtp1\");\n"
                               "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.com\");\n";
    CHECK(graph(smtp).accounts[0].outgoing->port.value == 587);
    CHECK(graph(smtp + "user_pref(\"extensions.lastAppVersion\", \"93.0\");").accounts[0].outgoing->port.value == 587);
    CHECK(graph(smtp + "user_pref(\"extensions.lastAppVersion\", \"91.3.0\");").accounts[0].outgoing->port.value == 25);
    CHECK(graph(smtp + "user_pref(\"extensions.lastAppVersion\", \"91.3.0\");user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);")
              .accounts[0].outgoing->port.value == 465);
  }

  TEST_CASE("an account without a hostname is dropped by Thunderbird, and reported") {
    std::string prefs = kImap + "user_pref(\"mail.server.server1.hostname\", \"\");";
    auto g = graph(prefs);
    CHECK(g.accounts.empty());
    CHECK(rules(g) == V{"thunderbird-empty-hostname", "thunderbird-no-accounts"});
    CHECK(g.findings[0].message == "prefs.js: account1 (imap) has no hostname; Thunderbird deletes such an account at its next start");
    CHECK(g.findings[0].origin.line == 8);
  }

  TEST_CASE("no accounts at all is an info finding about the source") {
    auto g = graph("user_pref(\"mail.ui-rdf.version\", 46);");
    REQUIRE(g.findings.size() == 1);
    CHECK(g.findings[0].rule == "thunderbird-no-accounts");
    CHECK(g.findings[0].severity == core::Severity::Info);
    CHECK(g.findings[0].account.empty());
    CHECK(g.findings[0].message == "prefs.js: profile 'p' has no mail accounts");
  }
}
