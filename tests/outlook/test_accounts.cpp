#include <doctest/doctest.h>

#include "adapters/outlook/accounts.hpp"
#include "adapters/outlook/hive.hpp"
#include "adapters/outlook/regfile.hpp"
#include "fixtures/outlook/homes_spec.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;
using outlook_test::describe;
namespace spec = fixtures::outlook;

namespace {


std::string describe(const core::Finding& f) {
  return f.rule + " " + std::string(core::to_string(f.severity)) + " " + f.account.substr(f.account.find('#') + 1) +
         " " + f.field + " " + core::field_value_text(f.actual) + "->" + core::field_value_text(f.expected) +
         (f.fixable ? " fixable" : "") + " @" + f.origin.key.substr(f.origin.key.rfind('\\') + 1);
}

core::ReadOutput read_spec(const std::vector<HiveKeySpec>& keys, const std::string& name = "NTUSER.DAT") {
  auto bytes = build_hive(keys);
  REQUIRE(bytes.ok());
  testutil::write_bytes(name, *bytes);
  auto snap = read_hive(name, outlook_subtrees());
  REQUIRE(snap.ok());
  return read_registry_accounts(*snap);
}

const core::Account* find(const core::ReadOutput& out, const std::string& key) {
  for (const auto& a : out.accounts) {
    if (a.key == key) return &a;
  }
  return nullptr;
}

const std::string kWork = "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Work\\9375CFF0413111d3B88A00104B2A6676\\";

}  // namespace

TEST_SUITE("accounts") {
  TEST_CASE("a healthy profile lists IMAP, POP3 (REG_SZ strings) and Exchange accounts, no data files") {
    auto out = read_spec(spec::healthy_home());
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Ok);
    CHECK(out.sources[0].message == "16.0: 1 profile(s), default \"Outlook\"");
    REQUIRE(out.accounts.size() == 3);
    CHECK(out.findings.empty());

    const auto& imap = out.accounts[0];
    CHECK(imap.id == "outlook:NTUSER.DAT#Outlook\\00000001");
    CHECK(imap.client == "outlook");
    CHECK(imap.source == "NTUSER.DAT");
    CHECK(imap.profile == "Outlook");
    CHECK(imap.name == "Alice Example");
    CHECK(imap.email == "alice@example.com");
    CHECK(describe(*imap.incoming) == "imap imap.example.com:993 tls password-cleartext user=alice@example.com");
    CHECK(describe(*imap.outgoing) == "smtp smtp.example.com:587 starttls password-cleartext user=alice@example.com");
    CHECK_FALSE(imap.stale);

    const auto& pop = out.accounts[1];
    CHECK(pop.name == "Bob Example");
    CHECK(pop.email == "bob@example.org");
    CHECK(describe(*pop.incoming) == "pop3 pop.example.org:995 tls password-cleartext user=bob");
    CHECK(describe(*pop.outgoing) == "smtp smtp.example.org:465 tls password-cleartext user=bob-smtp");
    CHECK(pop.outgoing->username.origin.key.ends_with("\\00000002\\SMTP User"));

    const auto& ex = out.accounts[2];
    CHECK(ex.id == "outlook:NTUSER.DAT#Outlook\\00000003");
    CHECK(ex.email == "carol@contoso.example.com");
    CHECK(ex.incoming->protocol == core::Protocol::Exchange);
    CHECK_FALSE(ex.outgoing.has_value());
  }

  TEST_CASE("origins name the file, the full key path and value; absent values are defaults where they would go") {
    auto out = read_spec(spec::broken_home());
    const auto* home = find(out, "Home\\00000001");
    REQUIRE(home);
    std::string key = "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Home\\9375CFF0413111d3B88A00104B2A6676\\00000001";
    CHECK(home->incoming->host.origin == core::Origin{"NTUSER.DAT", key + "\\IMAP Server", 0, false});
    CHECK(home->incoming->port.origin == core::Origin{"NTUSER.DAT", key + "\\IMAP Port", 0, true});
    CHECK(home->incoming->port.value == 143);
    CHECK(home->incoming->security.origin == core::Origin{"NTUSER.DAT", key + "\\IMAP Use SSL", 0, true});
    CHECK(home->outgoing->port.value == 25);
    CHECK(home->outgoing->security.origin.key == key + "\\SMTP Secure Connection");
    // no clsid: the type comes from the IMAP Server value
    CHECK(home->incoming->protocol == core::Protocol::Imap);
    CHECK(describe(*home->outgoing) == "smtp smtp.mail.yahoo.com:25 none NTLM user=frank.example");
    CHECK(home->outgoing->username.origin.key == key + "\\IMAP User");  // auth method 0: incoming login
  }

  TEST_CASE("a broken home gives exactly the Outlook findings, and the old WMS profile is stale") {
    auto out = read_spec(spec::broken_home());
    CHECK(out.sources[0].message == "16.0: 2 profile(s), default \"Work\"; WMS: 1 profile(s), default \"Outlook\" (stale)");
    REQUIRE(out.accounts.size() == 4);
    CHECK(out.accounts[0].key == "Home\\00000001");
    CHECK(out.accounts[1].key == "Work\\00000001");
    CHECK(out.accounts[2].key == "Work\\00000002");
    CHECK(out.accounts[3].key == "WMS\\Outlook\\00000001");
    CHECK(out.accounts[3].stale);
    CHECK_FALSE(out.accounts[2].stale);
    CHECK(describe(*out.accounts[1].incoming) == "imap imap.gmail.com:993 none password-cleartext user=dave.example@gmail.com");
    CHECK(describe(*out.accounts[1].outgoing) == "smtp smtp.gmail.com:587 tls none user=");
    CHECK(describe(*out.accounts[2].incoming) == "pop3 pop3.live.com:995 unknown password-cleartext user=erin.example@outlook.com");
    CHECK(describe(*out.accounts[2].outgoing) == "smtp smtp.live.com:587 unknown password-cleartext user=erin.example@outlook.com");
    std::vector<std::string> findings;
    for (const auto& f : out.findings) findings.push_back(describe(f));
    CHECK(findings == std::vector<std::string>{
                          "outlook-spa-without-ntlm error Home\\00000001 incoming.auth NTLM->password-cleartext fixable @IMAP Use SPA",
                          "outlook-spa-without-ntlm error Home\\00000001 outgoing.auth NTLM->password-cleartext fixable @SMTP Use SPA",
                          "outlook-smtp-auth-off error Work\\00000001 outgoing.auth none->password-cleartext fixable @SMTP Use Auth",
                          "outlook-ssl-auto warning Work\\00000002 incoming.security auto->tls fixable @POP3 Use SSL",
                          "outlook-ssl-auto warning Work\\00000002 outgoing.security auto->starttls fixable @SMTP Secure Connection",
                          "outlook-basic-auth-microsoft error Work\\00000002 incoming.auth password-cleartext->OAuth2 @POP3 Password",
                      });
    CHECK(out.findings[5].origin == core::Origin{"NTUSER.DAT", kWork + "00000002\\POP3 Password", 0, false});
  }

  TEST_CASE("password blobs are never decoded into accounts or findings") {
    auto out = read_spec(spec::healthy_home());
    for (const auto& a : out.accounts) {
      for (const auto* e : {a.incoming ? &*a.incoming : nullptr, a.outgoing ? &*a.outgoing : nullptr}) {
        if (!e) continue;
        for (const auto& s : {e->host.value, e->username.value}) CHECK(s.find('\xd0') == std::string::npos);
      }
    }
  }

  TEST_CASE("15.0 and 16.0 trees side by side: the older one is stale and its keys say so") {
    auto out = read_spec({
        {spec::account_key("16.0", "Outlook", "00000001"), {make_binary_text("IMAP Server", "imap.example.com")}},
        {spec::account_key("15.0", "Outlook", "00000001"), {make_binary_text("POP3 Server", "pop.example.com")}},
        {spec::office_key("15.0"), {make_sz("DefaultProfile", "Outlook")}},
    });
    REQUIRE(out.accounts.size() == 2);
    CHECK(out.accounts[0].id == "outlook:NTUSER.DAT#Outlook\\00000001");
    CHECK_FALSE(out.accounts[0].stale);
    CHECK(out.accounts[1].id == "outlook:NTUSER.DAT#15.0\\Outlook\\00000001");
    CHECK(out.accounts[1].stale);
    CHECK(out.sources[0].message == "16.0: 1 profile(s); 15.0: 1 profile(s), default \"Outlook\" (stale)");
  }

  TEST_CASE("odd-length and unterminated REG_BINARY strings, SMTP Use SSL, and unknown codes are tolerated") {
    auto out = read_spec({{spec::account_key("16.0", "P", "00000001"),
                           {make_sz("clsid", spec::kClsidPop3), make_binary("POP3 Server", std::string("p\0o\0p\0x", 7)),
                            make_binary("Email", std::string("a\0@\0b\0", 6)), make_dword("POP3 Use SSL", 9),
                            make_binary_text("SMTP Server", "smtp.example.com"), make_dword("SMTP Use SSL", 1),
                            make_dword("POP3 Port", 70000)}},
                          {spec::account_key("16.0", "P", "00000002"),
                           {make_binary_text("IMAP Server", "imap.example.com"), make_binary("IMAP Use SSL", "\x01")}}});
    REQUIRE(out.accounts.size() == 2);
    const auto& a = out.accounts[0];
    CHECK(a.email == "a@b");
    CHECK(describe(*out.accounts[1].incoming) == "imap imap.example.com:143 unknown password-cleartext user=");
    CHECK(describe(*a.incoming) == "pop3 pop:110 unknown password-cleartext user=");
    CHECK(a.outgoing->security.value == core::Security::Tls);
    CHECK(a.outgoing->security.origin.key.ends_with("\\SMTP Use SSL"));
    CHECK(out.findings.empty());
  }

  TEST_CASE("PST, address book, LDAP and Hotmail-connector entries are not accounts") {
    auto out = read_spec({
        {spec::account_key("16.0", "P", "00000001"), {make_sz("clsid", spec::kClsidMapi), make_sz("Service Name", "MSUPST MS")}},
        {spec::account_key("16.0", "P", "00000002"), {make_sz("clsid", "{4DB5CBF2-3B77-4852-BC8E-BB81908861F3}")}},
        {spec::account_key("16.0", "P", "00000003"), {make_sz("clsid", "{4DB5CBF0-3B77-4852-BC8E-BB81908861F3}"),
                                                      make_binary_text("Email", "x@hotmail.com")}},
        {spec::account_key("16.0", "P", "00000004"), {make_binary_text("Account Name", "no server values")}},
    });
    CHECK(out.accounts.empty());
    CHECK(out.sources[0].message == "16.0: 1 profile(s)");
  }

  TEST_CASE("without an Email value the account label is the address when it looks like one") {
    auto out = read_spec({
        {spec::account_key("16.0", "P", "00000001"), {make_binary_text("Account Name", "judy@example.com"),
                                                      make_binary_text("IMAP Server", "imap.example.com")}},
        {spec::account_key("16.0", "P", "00000002"), {make_binary_text("Account Name", "Judy <judy@example.com>"),
                                                      make_binary_text("IMAP Server", "imap.example.com")}},
    });
    REQUIRE(out.accounts.size() == 2);
    CHECK(out.accounts[0].email == "judy@example.com");
    CHECK(out.accounts[0].name == "judy@example.com");
    CHECK(out.accounts[1].email == "");
  }

  TEST_CASE("new Outlook in use adds a skipped source; no profiles at all is said plainly") {
    auto out = read_spec(spec::new_outlook_home());
    REQUIRE(out.sources.size() == 2);
    CHECK(out.sources[0].message == "no Outlook profiles found");
    CHECK(out.sources[1].status == core::SourceStatus::Skipped);
    CHECK(out.sources[1].message ==
          "new Outlook (olk.exe) is in use (UseNewOutlook=1): settings are server-side / not supported");
  }

  TEST_CASE("a .reg export gives origins with the key as written and line numbers") {
    std::string text = std::string("Windows Registry Editor Version 5.00\n\n"
                                   "[HKEY_USERS\\S-1-5-21-7-7-7-1001\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Main\\"
                                   "9375CFF0413111d3B88A00104B2A6676\\00000005]\n"
                                   "\"clsid\"=\"{ED475412-B0D6-11D2-8C3B-00104B2A6676}\"\n"
                                   "\"Email\"=hex:67,00,40,00,67,00,6d,00,61,00,69,00,6c,00,2e,00,63,00,6f,00,6d,00,00,00\n"
                                   "\"IMAP Server\"=hex:69,00,6d,00,61,00,70,00,2e,00,67,00,6d,00,61,00,69,00,6c,00,2e,00,\\\n"
                                   "  63,00,6f,00,6d,00,00,00\n"
                                   "\"IMAP Port\"=dword:000003e1\n"
                                   "\"IMAP Use SSL\"=dword:00000001\n"
                                   "\"SMTP Server\"=\"smtp.gmail.com\"\n");
    auto snap = parse_reg(outlook_test::regedit_utf16(text), "export.reg");
    REQUIRE(snap.ok());
    auto out = read_registry_accounts(*snap);
    REQUIRE(out.accounts.size() == 1);
    const auto& a = out.accounts[0];
    CHECK(a.id == "outlook:export.reg#Main\\00000005");
    std::string key = "HKEY_USERS\\S-1-5-21-7-7-7-1001\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Main\\"
                      "9375CFF0413111d3B88A00104B2A6676\\00000005";
    CHECK(a.incoming->host.origin == core::Origin{"export.reg", key + "\\IMAP Server", 6, false});
    CHECK(a.incoming->port.origin == core::Origin{"export.reg", key + "\\IMAP Port", 8, false});
    CHECK(a.outgoing->port.origin == core::Origin{"export.reg", key + "\\SMTP Port", 3, true});
    CHECK(describe(*a.outgoing) == "smtp smtp.gmail.com:25 none none user=");
    REQUIRE(out.findings.size() == 1);
    CHECK(describe(out.findings[0]) == "outlook-smtp-auth-off error Main\\00000005 outgoing.auth none->password-cleartext fixable @SMTP Use Auth");
    CHECK(out.findings[0].origin.line == 3);
    CHECK(out.findings[0].origin.is_default);
  }
}
