// The probe command's inputs: --server URLs, --resolve, the endpoints taken from a report, and the
// usage errors that stop a run before any connection is made. (What servers answer is tested in
// tests/probe against real servers.)
#include <doctest/doctest.h>

#include "cli/probe_targets.hpp"
#include "support/probe_samples.hpp"
#include "support/testutil.hpp"
#include "util/text.hpp"

using core::Protocol;
using core::Security;

TEST_SUITE("probe cli") {
  TEST_CASE("each scheme implies a protocol, a security and a default port; --security overrides") {
    struct Case {
      const char* url;
      Protocol protocol;
      Security security;
      int port;
      const char* host;
    };
    for (const Case& c : {Case{"imap://Mail.Example.NET", Protocol::Imap, Security::StartTls, 143, "mail.example.net"},
                          Case{"imaps://mail.example.net:10993", Protocol::Imap, Security::Tls, 10993, "mail.example.net"},
                          Case{"pop3://mail.example.net", Protocol::Pop3, Security::StartTls, 110, "mail.example.net"},
                          Case{"pop3s://mail.example.net/", Protocol::Pop3, Security::Tls, 995, "mail.example.net"},
                          Case{"smtp://mail.example.net", Protocol::Smtp, Security::StartTls, 587, "mail.example.net"},
                          Case{"smtps://[::1]:465", Protocol::Smtp, Security::Tls, 465, "::1"},
                          Case{"IMAPS://127.0.0.2", Protocol::Imap, Security::Tls, 993, "127.0.0.2"}}) {
      CAPTURE(c.url);
      auto t = cli::parse_server_url(c.url, std::nullopt);
      REQUIRE_MESSAGE(t.ok(), t.error().message);
      CHECK(t->protocol == c.protocol);
      CHECK(t->security == c.security);
      CHECK(t->port == c.port);
      CHECK(t->host == c.host);
      CHECK(t->accounts.empty());
    }
    auto none = cli::parse_server_url("imap://mail.example.net", Security::None);
    REQUIRE(none.ok());
    CHECK(none->security == Security::None);
    CHECK(none->port == 143);
    // The scheme's port stays the default when --security changes the mode.
    CHECK(cli::parse_server_url("imaps://mail.example.net", Security::StartTls)->port == 993);
  }

  TEST_CASE("a wrong --server URL is one line naming it and what is wrong") {
    auto error = [](const char* url) { return cli::parse_server_url(url, std::nullopt).error().message; };
    CHECK(error("mail.example.net") ==
          "--server 'mail.example.net': not a URL (imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://)");
    CHECK(error("https://mail.example.net") == "--server 'https://mail.example.net': unknown scheme 'https' (imap, imaps, pop3, pop3s, smtp, smtps)");
    CHECK(error("imap://ann@mail.example.net") ==
          "--server 'imap://ann@mail.example.net': only a host and a port may follow the scheme (no user, path or query)");
    CHECK(error("imap://mail.example.net:0") == "--server 'imap://mail.example.net:0': the port must be a number from 1 to 65535");
    CHECK(error("imap://mail.example.net:99999") == "--server 'imap://mail.example.net:99999': the port must be a number from 1 to 65535");
    CHECK(error("imap://") == "--server 'imap://': no valid host name or address");
    CHECK(error("imap://::1:993") == "--server 'imap://::1:993': no valid host name or address");
    CHECK(error("imap://ma\x1bil:1") == "--server 'imap://ma\\x1Bil:1': no valid host name or address");
  }

  TEST_CASE("--resolve is curl's HOST:PORT:ADDRESS, IPv6 with or without brackets") {
    auto v4 = cli::parse_resolve("Good.Test:993:127.0.0.2");
    REQUIRE(v4.ok());
    CHECK(v4->host == "good.test");
    CHECK(v4->port == 993);
    CHECK(v4->address == "127.0.0.2");
    CHECK(cli::parse_resolve("good.test:993:[::1]")->address == "::1");
    CHECK(cli::parse_resolve("good.test:993:::1")->address == "::1");
    CHECK(cli::parse_resolve("good.test:993").error().message ==
          "--resolve 'good.test:993': too few parts (expected HOST:PORT:ADDRESS)");
    CHECK(cli::parse_resolve("good.test:x:127.0.0.1").error().message ==
          "--resolve 'good.test:x:127.0.0.1': the port must be a number from 1 to 65535 (expected HOST:PORT:ADDRESS)");
    CHECK(cli::parse_resolve("good.test:993:").error().message ==
          "--resolve 'good.test:993:': no valid address (expected HOST:PORT:ADDRESS)");
  }

  TEST_CASE("a report's endpoints: one target per distinct endpoint, naming every account; stale ones left out") {
    auto report = testsamples::report_with_probes();
    report.probes.reset();
    auto third = report.accounts[0];
    third.account.id = "thunderbird:/other/prefs.js#account1";
    third.account.incoming->host.value = "IMAP.example.NET";  // the same server, spelt otherwise
    core::Endpoint smtp;
    smtp.protocol = Protocol::Smtp;
    smtp.host.value = "smtp.example.net";
    smtp.port.value = 465;
    smtp.security.value = Security::Tls;
    third.account.outgoing = smtp;
    report.accounts.push_back(third);
    auto stale = report.accounts[0];
    stale.account.id = "thunderbird:/old/prefs.js#account1";
    stale.account.stale = true;
    stale.account.incoming->host.value = "old.example.net";
    report.accounts.push_back(stale);
    auto unknown = report.accounts[0];
    unknown.account.id = "outlook:HKCU#0001";
    unknown.account.incoming->security.value = Security::Unknown;
    report.accounts.push_back(unknown);

    const auto targets = cli::probe_targets(report);
    REQUIRE(targets.size() == 3);
    CHECK(core::probe_id(targets[0]) == "imap:imap.example.net:993:tls");
    CHECK(targets[0].accounts == std::vector<std::string>{report.accounts[0].account.id, third.account.id});
    CHECK(core::probe_id(targets[1]) == "imap:imap.example.net:143:tls");
    CHECK(core::probe_id(targets[2]) == "smtp:smtp.example.net:465:tls");
    CHECK(targets[2].accounts == std::vector<std::string>{third.account.id});
  }

  TEST_CASE("usage errors stop a probe before any connection, exit 2, one line") {
    struct Case {
      std::vector<std::string> args;
      std::string err;
    };
    for (const auto& c : std::vector<Case>{
             {{"probe", "--server", "ftp://x"}, "mailmend: --server 'ftp://x': unknown scheme 'ftp' (imap, imaps, pop3, pop3s, smtp, smtps)\n"},
             {{"probe", "--server", "imaps://127.0.0.1:9", "--home", "."},
              "mailmend: --server probes the URLs given: leave out PATH, --home, --homes and --all-users\n"},
             {{"probe", "--server", "imaps://127.0.0.1:9", "--timeout", "0"}, "mailmend: --timeout: give seconds from 0.001 to 600\n"},
             {{"probe", "--server", "imaps://127.0.0.1:9", "-4", "-6"}, "mailmend: -4 and -6 exclude each other\n"},
             {{"probe", "--server", "imaps://127.0.0.1:9", "--resolve", "x"},
              "mailmend: --resolve 'x': too few parts (expected HOST:PORT:ADDRESS)\n"},
             {{"probe", "--server", "imaps://127.0.0.1:9", "--login"}, "mailmend: --login with --server needs --user NAME\n"},
             {{"probe", "--security", "tls", "--home", "."}, "mailmend: --security applies to --server URLs only\n"},
         }) {
      CAPTURE(util::join(c.args, " "));
      const auto r = testutil::run_mailmend(c.args);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(r.err == c.err);
    }
  }

  TEST_CASE("--login with a --server reads the password from standard input and fails cleanly at its end") {
    const auto r = testutil::run_mailmend({"probe", "--server", "imaps://127.0.0.1:9", "--login", "--user", "ann"}, "");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "Password for ann at 127.0.0.1:9: mailmend: --login: no password given for ann (end of input)\n");
  }
}
