#include <doctest/doctest.h>

#include "adapters/outlook/prf.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;
using outlook_test::describe;

namespace {


core::ReadOutput parse_ok(const std::string& text, const std::string& file = "x.prf") {
  auto r = parse_prf(text, file);
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_SUITE("prf") {
  TEST_CASE("an Outlook 2016 PRF with section 7 maps gives its accounts with lines and findings") {
    auto file = (testutil::source_dir() / "fixtures" / "outlook" / "deploy-2016.prf").string();
    auto out = read_prf(file);
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Ok);
    CHECK(out.sources[0].message == "PRF for profile \"Branch Office\" (default), 3 account(s)");
    REQUIRE(out.accounts.size() == 3);
    const auto& sales = out.accounts[0];
    CHECK(sales.id == "outlook:" + file + "#Branch Office\\Account1");
    CHECK(sales.profile == "Branch Office");
    CHECK(sales.name == "Sales Team");
    CHECK(sales.email == "sales@example.com");
    CHECK(describe(*sales.incoming) == "imap imap.example.com:993 tls password-cleartext user=sales@example.com");
    CHECK(describe(*sales.outgoing) == "smtp smtp.example.com:587 starttls password-cleartext user=sales@example.com");
    CHECK(sales.incoming->host.origin == core::Origin{file, "Account1\\IMAPServer", 22, false});
    CHECK(describe(*out.accounts[1].incoming) == "pop3 outlook.office365.com:995 unknown password-cleartext user=grace.example@outlook.com");
    CHECK(out.accounts[1].outgoing->auth.origin == core::Origin{file, "Account2\\SMTPUseAuth", 42, false});
    CHECK(describe(*out.accounts[2].outgoing) == "smtp smtp.gmail.com:465 tls none user=");
    std::vector<std::string> rules;
    for (const auto& f : out.findings) {
      rules.push_back(f.rule + " " + f.account.substr(f.account.find('#') + 1) + " line " + std::to_string(f.origin.line));
      CHECK_FALSE(f.fixable);
    }
    CHECK(rules == std::vector<std::string>{"outlook-ssl-auto Branch Office\\Account2 line 40",
                                            "outlook-basic-auth-microsoft Branch Office\\Account2 line 37",
                                            "outlook-spa-without-ntlm Branch Office\\Account3 line 51",
                                            "outlook-smtp-auth-off Branch Office\\Account3 line 55"});
  }

  TEST_CASE("an Outlook 2000 PRF (PT_STRING8 ids, CR-only lines) maps through its own section 7") {
    auto file = (testutil::source_dir() / "fixtures" / "outlook" / "deploy-2000.prf").string();
    auto out = read_prf(file);
    REQUIRE(out.accounts.size() == 2);
    const auto& pop = out.accounts[0];
    CHECK(pop.name == "Ivan Example");
    CHECK(pop.email == "ivan@example.org");
    CHECK(describe(*pop.incoming) == "pop3 pop.example.org:995 tls password-cleartext user=ivan");
    CHECK(describe(*pop.outgoing) == "smtp smtp.example.org:25 none none user=");
    CHECK(pop.incoming->security.origin == core::Origin{file, "Account1\\POP3SSL", 19, false});
    CHECK(pop.outgoing->security.origin == core::Origin{file, "Account1\\SMTPSSL", 22, false});
    const auto& ex = out.accounts[1];
    CHECK(ex.key == "Microsoft Outlook\\Service1");
    CHECK(ex.name == "ivan");
    CHECK(ex.incoming->protocol == core::Protocol::Exchange);
    CHECK(out.findings.empty());
  }

  TEST_CASE("section 7 maps win over key names: a renamed key still means its property id") {
    auto out = parse_ok("[General]\nProfileName=P\n[Internet Account List]\nAccount1=I_Mail\n"
                        "[Account1]\nInServer=pop.example.com\nSecureIt=1\n"
                        "[I_Mail]\nAccountType=POP\nInServer=PT_UNICODE,0x0100\nSecureIt=PT_LONG,0x0105\n");
    REQUIRE(out.accounts.size() == 1);
    CHECK(describe(*out.accounts[0].incoming) == "pop3 pop.example.com:110 tls password-cleartext user=");
    CHECK(out.accounts[0].incoming->port.origin == core::Origin{"x.prf", "Account1\\POP3Port", 5, true});
  }

  TEST_CASE("without section 7 the usual key names of both dialects are known; HTTP accounts are skipped") {
    auto out = parse_ok("[General]\r\nProfileName=P\r\n[Internet Account List]\r\nAccount1=IMAP_I_Mail\r\nAccount2=INET_HTTP\r\n"
                        "[Account1]\r\nIMAPServer=imap.example.com\r\nIMAPPort=0x3e1\r\nIMAPUseSSL=TRUE\r\n"
                        "SMTPServer=smtp.example.com\r\nSMTPUseAuth=1\r\nSMTPAuthMethod=1\r\nSMTPUserName=relay\r\n"
                        "[Account2]\r\nAccountName=Hotmail\r\n");
    REQUIRE(out.accounts.size() == 1);
    CHECK(describe(*out.accounts[0].incoming) == "imap imap.example.com:993 tls password-cleartext user=");
    CHECK(describe(*out.accounts[0].outgoing) == "smtp smtp.example.com:25 none password-cleartext user=relay");
  }

  TEST_CASE("the Office 2000 Resource Kit sample PRF (KB Q259957) reads as one POP3 account") {
    REQUIRE_SHARED();
    auto md = testutil::read_bytes(testutil::shared_dir() / "real-samples" / "outlook" /
                                   "jeffpar__kbarchive__Q259957-sample-outlook-prf.md");
    auto begin = md.find("Contents of the sample Outlook.prf file:");
    auto end = md.find("REFERENCES");
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    std::string prf;
    for (const auto& line : std::vector<std::string>{[&] {
           std::vector<std::string> v;
           std::string body = md.substr(begin, end - begin);
           std::size_t s = 0;
           while (s < body.size()) {
             auto n = body.find('\n', s);
             v.push_back(body.substr(s, n == std::string::npos ? std::string::npos : n - s));
             if (n == std::string::npos) break;
             s = n + 1;
           }
           return v;
         }()}) {
      prf += (line.starts_with("\t") ? line.substr(1) : line) + "\n";
    }
    auto out = parse_ok(prf, "Q259957.prf");
    REQUIRE(out.accounts.size() == 2);
    const auto& pop = out.accounts[0];
    CHECK(pop.key == "Microsoft Outlook\\Account1");
    CHECK(pop.name == "Someone");
    CHECK(pop.email == "someone@microsoft.com");
    CHECK(describe(*pop.incoming) == "pop3 MyPOPServer:110 none password-cleartext user=");
    CHECK(describe(*pop.outgoing) == "smtp MySMTPServer:25 none none user=");
    CHECK(out.accounts[1].incoming->protocol == core::Protocol::Exchange);
    CHECK(out.findings.empty());
  }

  TEST_CASE("files that are not PRFs are errors naming the file") {
    CHECK(parse_prf("[Other]\nx=1\n", "a.prf").error().message == "a.prf: no [General] section: not an Outlook PRF file");
    CHECK(parse_prf(std::string("\xFF\xFE[\0G\0", 6), "u.prf").error().message ==
          "u.prf:1: NUL byte: not a text PRF (UTF-16 is not supported)");
    auto out = read_prf("missing.prf");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message.starts_with("missing.prf: cannot open"));
    std::string junk;
    for (int i = 0; i < 100000; ++i) junk.push_back(static_cast<char>(1 + (i * 7919) % 250));
    CHECK(parse_prf(junk, "junk.prf").error().message == "junk.prf: no [General] section: not an Outlook PRF file");
  }
}

TEST_SUITE("prf") {
  TEST_CASE("deterministic mutations of a PRF parse or fail naming the file, never crash") {
    auto base = testutil::read_bytes(testutil::source_dir() / "fixtures" / "outlook" / "deploy-2016.prf");
    std::uint32_t seed = 7;
    auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    for (int round = 0; round < 2000; ++round) {
      auto m = base;
      int flips = 1 + static_cast<int>(next() % 10);
      for (int i = 0; i < flips; ++i) m[next() % m.size()] = static_cast<char>(next() >> 24);
      auto r = parse_prf(m, "m.prf");
      if (!r.ok()) CHECK(r.error().message.starts_with("m.prf"));
    }
  }
}

TEST_SUITE("prf") {
  TEST_CASE("out-of-range ports fall back to the protocol default") {
    auto out = parse_ok("[General]\n[Internet Account List]\nAccount1=I_Mail\n[Account1]\nPOP3Server=p\nPOP3Port=4294967295\nSMTPPort=0\n");
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].profile == "Outlook");
    CHECK(out.accounts[0].incoming->port.value == 110);
    CHECK(out.accounts[0].outgoing->port.value == 25);
  }
}

TEST_SUITE("prf") {
  TEST_CASE("an ANSI (Windows-1252) PRF gives UTF-8 text") {
    auto out = parse_ok("[General]\nProfileName=B\xFCro\n[Internet Account List]\nAccount1=I_Mail\n"
                        "[Account1]\nDisplayName=Ren\xE9 \x80\nPOP3Server=pop.example.com\n");
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].profile == "B\xC3\xBCro");
    CHECK(out.accounts[0].name == "Ren\xC3\xA9 \xE2\x82\xAC");
  }
}
