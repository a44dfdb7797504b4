// Every real prefs.js in ../shared/real-samples/thunderbird yields exactly the accounts its SOURCES.md lists.
#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "adapters/thunderbird/prefs_tokenizer.hpp"
#include "support/testutil.hpp"
#include "tb_testutil.hpp"

namespace fs = std::filesystem;
using adapters::thunderbird::Options;
using adapters::thunderbird::ThunderbirdAdapter;

namespace {

fs::path sample(const std::string& name) { return testutil::shared_dir() / "real-samples" / "thunderbird" / name; }

// Copies the sample into a profile folder in the scratch dir and reads it (no policies).
core::ReadOutput read_sample(const std::string& name) {
  fs::path profile = testutil::scratch() / "profile";
  testutil::write_bytes(profile / "prefs.js", testutil::read_bytes(sample(name)));
  return ThunderbirdAdapter(Options{{}}).read(profile);
}

void check_no_syntax_errors(const std::string& name) {
  std::string bytes = testutil::read_bytes(sample(name));
  auto t = adapters::thunderbird::tokenize_prefs(bytes, name);
  REQUIRE(t.ok());
  CHECK(t->errors.empty());
  CHECK(t->statements.size() > 30);
}

using V = std::vector<std::string>;

}  // namespace

TEST_SUITE("real_samples") {
  TEST_CASE("Helvethor TB 52: gaps in account keys, default port 143, list order of SMTP servers") {
    REQUIRE_SHARED();
    const std::string name = "Helvethor__global-dotfiles__f9y4s44h-default.js";
    check_no_syntax_errors(name);
    auto out = read_sample(name);
    CHECK(tbtest::summaries(out) ==
          V{"account1 <vincentpasquier@posteo.net> | imap posteo.de:143 starttls password-cleartext "
            "vincentpasquier@posteo.net | smtp posteo.de:587 starttls password-cleartext vincentpasquier@posteo.net",
            "account4 <vincent.pasquier@edu.hefr.ch> | imap imap4.hefr.ch:993 tls password-cleartext vincent.pasquier1 | "
            "smtp smtp.hefr.ch:25 starttls password-cleartext vincent.pasquier1"});
    CHECK(tbtest::rules_of(out).empty());
    REQUIRE(out.accounts.size() == 2);
    const auto& in = *out.accounts[0].incoming;
    CHECK(in.port.origin.is_default);
    CHECK(in.port.origin.key == "mail.server.server1.port");
    CHECK(in.auth.origin.is_default);
    CHECK(in.security.origin.key == "mail.server.server1.socketType");
    CHECK(in.security.origin.line > 0);
    CHECK(out.accounts[0].name == "vincentpasquier@posteo.net");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Ok);
    CHECK(out.sources[0].message == "profile 'profile': 2 mail accounts");
  }

  TEST_CASE("FreddieRidell TB 52.4: Gmail OAuth2, Zoho with no authMethod, two none servers skipped") {
    REQUIRE_SHARED();
    const std::string name = "FreddieRidell__dotfiles__n31p49at-default.js";
    check_no_syntax_errors(name);
    auto out = read_sample(name);
    CHECK(tbtest::summaries(out) ==
          V{"account3 <freddieridell@gmail.com> | imap imap.gmail.com:993 tls OAuth2 freddieridell@gmail.com | "
            "smtp smtp.gmail.com:465 tls OAuth2 freddieridell@gmail.com",
            "account4 <freddie@ridell.co.uk> | imap imap.gmail.com:993 tls OAuth2 DrVonTrap@gmail.com | "
            "smtp smtp.gmail.com:465 tls OAuth2 DrVonTrap@gmail.com",
            "account6 <freddie@codogo.io> | imap imap.zoho.com:993 tls password-cleartext freddie@codogo.io | "
            "smtp smtp.zoho.com:465 tls password-cleartext freddie@codogo.io"});
    CHECK(tbtest::rules_of(out).empty());
  }

  TEST_CASE("Hokkaydo TB 142: native EWS listed with its protocol, orphan owl server ignored") {
    REQUIRE_SHARED();
    const std::string name = "Hokkaydo__dotfiles__9z8b4ern-default-release.js";
    check_no_syntax_errors(name);
    auto out = read_sample(name);
    CHECK(tbtest::summaries(out) ==
          V{"account1 <alexandre.orekhoff@student.uclouvain.be> | ews outlook.office365.com:443 tls OAuth2 "
            "alexandre.orekhoff@student.uclouvain.be | ews outlook.office365.com:443 tls OAuth2 "
            "alexandre.orekhoff@student.uclouvain.be"});
    CHECK(tbtest::rules_of(out).empty());
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].outgoing->auth.origin.key == "mail.outgoingserver.ews1.auth_method");
    CHECK_FALSE(core::is_host_audited(out.accounts[0].incoming->protocol));
  }

  TEST_CASE("CMCDragonkai TB 45 Windows: first identity of id5,id1,... is the default one") {
    REQUIRE_SHARED();
    const std::string name = "CMCDragonkai__.dotfiles-nixos__Windows-Default.js";
    check_no_syntax_errors(name);
    auto out = read_sample(name);
    CHECK(tbtest::summaries(out) ==
          V{"account1 <roger.qiu@polyhack.io> | imap imap.gmail.com:993 tls OAuth2 roger.qiu@polycademy.com | "
            "smtp smtp.gmail.com:465 tls OAuth2 roger.qiu@polycademy.com",
            "account4 <cmcdragonkai@gmail.com> | imap imap.gmail.com:993 tls OAuth2 cmcdragonkai@gmail.com | "
            "smtp smtp.gmail.com:465 tls OAuth2 cmcdragonkai@gmail.com",
            "account5 <enquiry@matrix.ai> | imap imap.gmail.com:993 tls OAuth2 enquiry@polycademy.com | "
            "smtp smtp.gmail.com:465 tls OAuth2 enquiry@polycademy.com"});
    CHECK(tbtest::rules_of(out).empty());
  }

  TEST_CASE("mozilla-central fixture: defaults everywhere") {
    REQUIRE_SHARED();
    const std::string name = "mozilla__mozilla-central__mailnewsTestPrefs.js";
    check_no_syntax_errors(name);
    auto out = read_sample(name);
    CHECK(tbtest::summaries(out) ==
          V{"account2 <tinderbox@invalid.com> | pop3 tinderbox:110 none password-cleartext tinderbox | "
            "smtp tinderbox:587 none password-cleartext tinderbox"});
    REQUIRE(out.accounts.size() == 1);
    const auto& o = *out.accounts[0].outgoing;
    CHECK(o.port.origin == core::Origin{(testutil::scratch() / "profile" / "prefs.js").string(),
                                        "mail.smtpserver.smtp1.port", 0, true});
    CHECK(o.security.origin.key == "mail.smtpserver.smtp1.try_ssl");
    CHECK(o.host.origin.line > 0);
  }

  TEST_CASE("13th-Sammy TB 128: no accounts is reported, not a crash") {
    REQUIRE_SHARED();
    const std::string name = "13th-Sammy__mint-backup__uskvscu2-default-esr_NO-ACCOUNTS.js";
    std::string bytes = testutil::read_bytes(sample(name));
    auto t = adapters::thunderbird::tokenize_prefs(bytes, name);
    REQUIRE(t.ok());
    CHECK(t->errors.empty());
    auto out = read_sample(name);
    CHECK(out.accounts.empty());
    CHECK(tbtest::rules_of(out) == V{"thunderbird-no-accounts"});
  }

  TEST_CASE("every real prefs.js renders unchanged with no edits") {
    REQUIRE_SHARED();
    for (const auto& entry : fs::directory_iterator(sample("").parent_path())) {
      if (entry.path().extension() != ".js") continue;
      CAPTURE(entry.path().filename().string());
      std::string bytes = testutil::read_bytes(entry.path());
      auto r = ThunderbirdAdapter(Options{{}}).render("prefs.js", bytes, {});
      REQUIRE(r.ok());
      CHECK(*r == bytes);
    }
  }
}

TEST_SUITE("real_samples") {
  TEST_CASE("no real prefs.js is read as damaged (issue 18: only cut or inconsistent files are)") {
    REQUIRE_SHARED();
    std::size_t read = 0;
    for (const auto& entry : fs::directory_iterator(sample("").parent_path())) {
      if (entry.path().extension() != ".js") continue;
      CAPTURE(entry.path().filename().string());
      auto out = read_sample(entry.path().filename().string());
      REQUIRE(out.sources.size() == 1);
      CHECK(out.sources[0].status == core::SourceStatus::Ok);
      for (const auto& f : out.findings) CHECK(f.rule != "thunderbird-prefs-damaged");
      ++read;
    }
    CHECK(read >= 6);
  }
}
