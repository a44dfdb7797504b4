// Tests for the project's provider fact files (src/providers/facts.cpp) and for data/ itself.
#include <doctest/doctest.h>

#include "providers/database.hpp"
#include "providers/facts.hpp"
#include "providers/store.hpp"
#include "support/printers.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using providers::import_ispdb;

namespace {

void write_base() {
  testutil::write_bytes("in/example.com.xml",
                        "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"example.com\">\n"
                        "<domain>example.com</domain><domain>example.net</domain><displayName>Example</displayName>\n"
                        "<incomingServer type=\"imap\"><hostname>imap.example.com</hostname><port>993</port>"
                        "<socketType>SSL</socketType><authentication>OAuth2</authentication>"
                        "<username>%EMAILADDRESS%</username></incomingServer>\n"
                        "</emailProvider></clientConfig>\n");
  testutil::write_bytes("in/other.example.xml",
                        "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"other.example\">\n"
                        "<domain>other.example</domain><displayName>Other</displayName>\n"
                        "</emailProvider></clientConfig>\n");
}

std::vector<std::string> lines(const std::vector<providers::ImportIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.text());
  return out;
}

}  // namespace

TEST_SUITE("providers.facts") {
  TEST_CASE("fact files amend providers after every ISPDB file, whatever their name") {
    write_base();
    testutil::write_bytes("in/aaa-facts.xml",
                          "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n<provider domain=\"Example.NET\">\n"
                          "<oauth2Only value=\"true\" smtpFrom=\"2027-01-01\" source=\"s1\" lastChecked=\"2024-09-16\"/>\n"
                          "<appPasswordRequired value=\"false\" source=\"s2\" lastChecked=\"2025-01\"/>\n"
                          "<imapMustBeEnabled value=\"true\" source=\"s3\" lastChecked=\"2023-01-01\"/>\n"
                          "<retiredHost host=\"POP3.Old.example.com\" replacement=\"imap.example.com\" since=\"2024-09\" "
                          "note=\"n\" source=\"s4\" lastChecked=\"2024-01\"/>\n"
                          "<server direction=\"outgoing\" type=\"smtp\" hostname=\"smtp.example.com\" port=\"587\" "
                          "socketType=\"STARTTLS\" auth=\"OAuth2 password-cleartext\" username=\"%EMAILADDRESS%\" "
                          "source=\"s5\" lastChecked=\"2024-02\"/>\n"
                          "<domain source=\"s6\" lastChecked=\"2024-03\">Example.ORG</domain>\n"
                          "<documentation url=\"https://example.com/help\" source=\"s7\" lastChecked=\"2024-04\"/>\n"
                          "</provider>\n</providerFacts>\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(r.errors.empty());
    CHECK(r.warnings.empty());
    CHECK(r.files_read == 3);
    REQUIRE(r.providers.size() == 2);
    const auto& p = r.providers[0];
    CHECK(p.source == "example.com.xml + aaa-facts.xml");
    CHECK(p.oauth2_only);
    CHECK(p.oauth2_only_smtp_from == "2027-01-01");
    CHECK_FALSE(p.app_password_required);
    CHECK(p.imap_must_be_enabled);
    CHECK(p.last_checked == "2025-01");
    CHECK(p.domains == std::vector<std::string>{"example.com", "example.net", "example.org"});
    REQUIRE(p.retired.size() == 1);
    CHECK(p.retired[0].host == "pop3.old.example.com");
    REQUIRE(p.outgoing.size() == 1);
    CHECK(p.outgoing[0].port == 587);
    CHECK(p.outgoing[0].security == core::Security::StartTls);
    CHECK(p.outgoing[0].auths == std::vector<core::Auth>{core::Auth::OAuth2, core::Auth::PasswordCleartext});
    CHECK(p.documentation_url == "https://example.com/help");
    REQUIRE(p.notes.size() == 7);
    CHECK(p.notes[0].fact == "oauth2_only");
    CHECK(p.notes[0].value == "true (SMTP from 2027-01-01)");
    CHECK(p.notes[0].source == "s1");
    CHECK(p.notes[0].last_checked == "2024-09-16");
    CHECK(p.notes[4].fact == "outgoing_server");
    CHECK(p.notes[4].value == "smtp.example.com:587");
  }

  TEST_CASE("accepted servers and username forms are marked accepted, with their source, after the recommended ones") {
    write_base();
    testutil::write_bytes("in/facts.xml",
                          "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n<provider domain=\"example.com\">\n"
                          "<acceptedServer direction=\"incoming\" type=\"imap\" hostname=\"imap.example.com\" port=\"143\" "
                          "socketType=\"STARTTLS\" source=\"help page\" lastChecked=\"2026-12-06\"/>\n"
                          "<acceptedUsername direction=\"incoming\" type=\"imap\" username=\"%EMAILLOCALPART%\" "
                          "source=\"help page 2\" lastChecked=\"2026-12-05\"/>\n"
                          "<acceptedUsername direction=\"outgoing\" type=\"smtp\" username=\"%EMAILLOCALPART%\" "
                          "source=\"s\" lastChecked=\"2026-12-05\"/>\n"
                          "<acceptedServer direction=\"incoming\" type=\"imap\" hostname=\"imap.example.com\" port=\"143\" "
                          "source=\"s\" lastChecked=\"2026-12-05\"/>\n"
                          "<acceptedUsername direction=\"incoming\" type=\"imap\" source=\"s\" lastChecked=\"2026-12-05\"/>\n"
                          "</provider>\n</providerFacts>\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(lines(r.warnings) ==
          std::vector<std::string>{
              testutil::native("in/facts.xml") +
                  ":6: <acceptedUsername>: the provider lists no outgoing smtp server; ignored",
              testutil::native("in/facts.xml") +
                  ":7: <acceptedServer> needs type, hostname, port and socketType; ignored",
              testutil::native("in/facts.xml") +
                  ":8: <acceptedUsername> needs direction, type and one username template; ignored"});
    const auto& p = r.providers[0];
    REQUIRE(p.incoming.size() == 2);
    CHECK_FALSE(p.incoming[0].accepted);
    CHECK(p.incoming[0].source.empty());
    CHECK(p.incoming[1].accepted);
    CHECK(p.incoming[1].port == 143);
    CHECK(p.incoming[1].security == core::Security::StartTls);
    CHECK(p.incoming[1].auths == std::vector<core::Auth>{core::Auth::OAuth2});  // from the recommended server
    CHECK(p.incoming[1].username == "%EMAILADDRESS%");
    CHECK(p.incoming[1].source == "help page");
    for (const auto& s : p.incoming) CHECK(s.accepted_usernames == std::vector<std::string>{"%EMAILLOCALPART%"});
    REQUIRE(p.notes.size() == 2);
    CHECK(p.notes[0].fact == "incoming_accepted_server");
    CHECK(p.notes[0].value == "imap.example.com:143 starttls");
    CHECK(p.notes[1].fact == "incoming_accepted_username");
    CHECK(p.notes[1].value == "imap %EMAILLOCALPART%");
    CHECK(p.last_checked == "2026-12-06");

    // Carried through the database file unchanged.
    providers::write_database(r, "p.sqlite");
    auto back = providers::Database::open("p.sqlite").by_domain("example.com");
    REQUIRE(back);
    REQUIRE(back->incoming.size() == 2);
    CHECK_FALSE(back->incoming[0].accepted);
    CHECK(back->incoming[1].accepted);
    CHECK(back->incoming[1].source == "help page");
    CHECK(back->incoming[0].accepted_usernames == std::vector<std::string>{"%EMAILLOCALPART%"});
    CHECK(back->incoming[1].accepted_usernames == std::vector<std::string>{"%EMAILLOCALPART%"});
  }

  TEST_CASE("a fact file can add a provider the ISPDB lacks") {
    write_base();
    testutil::write_bytes("in/new.xml",
                          "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n"
                          "<provider domain=\"new.example\" create=\"true\" id=\"newmail\" name=\"New Mail\">\n"
                          "<server direction=\"incoming\" type=\"imap\" hostname=\"imap.new.example\" port=\"993\" "
                          "socketType=\"SSL\" auth=\"password-cleartext\" username=\"%EMAILADDRESS%\" source=\"s\" lastChecked=\"2026-01\"/>\n"
                          "</provider>\n</providerFacts>\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(r.warnings.empty());
    REQUIRE(r.providers.size() == 3);
    CHECK(r.providers[2].id == "newmail");
    CHECK(r.providers[2].name == "New Mail");
    CHECK(r.providers[2].source == "new.xml");
    CHECK(r.providers[2].domains == std::vector<std::string>{"new.example"});
    CHECK(r.providers[2].incoming[0].hostname == "imap.new.example");
    CHECK(r.domain_count() == 4);
  }

  TEST_CASE("problems in a fact file are reported with line and reason") {
    write_base();
    testutil::write_bytes("in/facts.xml",
                          "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n"
                          "<provider domain=\"nobody.example\"><oauth2Only value=\"true\" source=\"s\" lastChecked=\"d\"/></provider>\n"
                          "<provider domain=\"example.com\">\n"
                          "<oauth2Only value=\"yes\" smtpFrom=\"end of 2026\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<appPasswordRequired value=\"true\"/>\n"
                          "<server direction=\"incoming\" type=\"imap\" hostname=\"imap.example.com\" port=\"x\" socketType=\"SSL\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<domain source=\"s\" lastChecked=\"2024\">other.example</domain>\n"
                          "<retiredHost replacement=\"x\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<colour value=\"blue\"/>\n"
                          "</provider>\n</providerFacts>\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(lines(r.warnings) ==
          std::vector<std::string>{
              testutil::native("in/facts.xml") + ":3: no provider holds the domain \"nobody.example\"; facts ignored",
              testutil::native("in/facts.xml") + ":5: value of <oauth2Only> must be true or false",
              testutil::native("in/facts.xml") + ":5: smtpFrom of <oauth2Only> must be a date YYYY-MM-DD",
              testutil::native("in/facts.xml") + ":6: fact <appPasswordRequired> lacks source or lastChecked",
              testutil::native("in/facts.xml") + ":7: <server> needs type, hostname, port and socketType; ignored",
              testutil::native("in/facts.xml") +
                  ":8: domain \"other.example\" already belongs to other.example; not moved",
              testutil::native("in/facts.xml") + ":9: <retiredHost> without host ignored",
              testutil::native("in/facts.xml") + ":10: unknown fact <colour> ignored",
          });
    CHECK(r.providers[0].app_password_required);
    CHECK(r.providers[1].domains == std::vector<std::string>{"other.example"});
  }

  TEST_CASE("list facts (status, OAuth2, maximum TLS, disagreements) and unverified marks become notes") {
    write_base();
    testutil::write_bytes("in/lists.xml",
                          "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n<provider domain=\"example.com\">\n"
                          "<status list=\"Delta Chat\" value=\"BROKEN\" source=\"dc\" lastChecked=\"2024-11\"/>\n"
                          "<oauth2Supported value=\"true\" source=\"fe\" lastChecked=\"2026-08-22\"/>\n"
                          "<maxTls value=\"1.2\" source=\"fe\" lastChecked=\"2026-08-22\"/>\n"
                          "<listDisagrees list=\"FairEmail\" servers=\"imap other.example:993 SSL\" follows=\"the ISPDB (example.com.xml)\" "
                          "source=\"fe\" lastChecked=\"2026-08-22\"/>\n"
                          "<server direction=\"incoming\" type=\"pop3\" hostname=\"pop.example.com\" port=\"995\" socketType=\"SSL\" "
                          "unverified=\"true\" source=\"none found\" lastChecked=\"2026-12-06\"/>\n"
                          "<appPasswordRequired value=\"true\" unverified=\"true\" source=\"brief\" lastChecked=\"2026-12-06\"/>\n"
                          "<status value=\"ok\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<status list=\"Delta Chat\" value=\"fine\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<maxTls value=\"2\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<listDisagrees list=\"FairEmail\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "<documentation url=\"https://example.com/h\" unverified=\"maybe\" source=\"s\" lastChecked=\"2024\"/>\n"
                          "</provider>\n</providerFacts>\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(lines(r.warnings) ==
          std::vector<std::string>{
              testutil::native("in/lists.xml") + ":10: <status> needs list (the provider list that rates it); ignored",
              testutil::native("in/lists.xml") + ":11: value of <status> must be one of ok, preparation, broken; ignored",
              testutil::native("in/lists.xml") + ":12: value of <maxTls> must be one of 1.0, 1.1, 1.2, 1.3; ignored",
              testutil::native("in/lists.xml") + ":13: <listDisagrees> needs list, servers and follows; ignored",
              testutil::native("in/lists.xml") + ":14: unverified of <documentation> must be true or false",
          });
    const auto& p = r.providers[0];
    std::vector<std::string> notes;
    for (const auto& n : p.notes) notes.push_back(n.fact + " = " + n.value);
    CHECK(notes == std::vector<std::string>{
                       "list_status = broken (Delta Chat)",
                       "oauth2_supported = true",
                       "max_tls = 1.2",
                       "list_disagrees = FairEmail lists imap other.example:993 SSL; mailmend follows the ISPDB (example.com.xml)",
                       "incoming_server = pop.example.com:995 (unverified)",
                       "app_password_required = true (unverified)",
                       "documentation_url = https://example.com/h",
                   });
    CHECK(providers::listed_as_broken(p));
    CHECK(providers::is_unverified(p, "app_password_required"));
    CHECK_FALSE(providers::is_unverified(p, "max_tls"));
    CHECK(providers::has_unverified_server(p, true, core::Protocol::Pop3));
    CHECK_FALSE(providers::has_unverified_server(p, true, core::Protocol::Imap));
    CHECK_FALSE(providers::has_unverified_server(p, false, core::Protocol::Pop3));

    // The notes travel through the database file, and with them the status and the marks.
    providers::write_database(r, "p.sqlite");
    auto back = providers::Database::open("p.sqlite").by_domain("example.com");
    REQUIRE(back);
    CHECK(providers::listed_as_broken(*back));
    CHECK(providers::has_unverified_server(*back, true, core::Protocol::Pop3));
    CHECK(providers::is_unverified(*back, "app_password_required"));
  }

  TEST_CASE("a malformed fact file is one error and changes nothing") {
    write_base();
    testutil::write_bytes("in/facts.xml", "<providerFacts>\n<provider domain=\"example.com\">\n<oauth2Only value=\"true\"\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(lines(r.errors) == std::vector<std::string>{testutil::native("in/facts.xml") +
                                                      ":3:25: malformed XML: Error parsing start element tag"});
    CHECK_FALSE(r.providers[0].oauth2_only);
    CHECK(r.files_read == 2);
  }

  TEST_CASE("<mxHost> names the provider an MX host reveals; the database answers by exact host, then the longest *. suffix") {
    write_base();
    testutil::write_bytes("in/mx.xml",
                          "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n"
                          "<provider domain=\"example.com\">\n"
                          "<mxHost pattern=\"mx1.other.example\" service=\"Example Business\" source=\"s\" lastChecked=\"2026-12-06\"/>\n"
                          "<mxHost pattern=\"*.mail.example.net\" source=\"s\" lastChecked=\"2026-12-06\"/>\n"
                          "<mxHost pattern=\"*.example\" source=\"s\" lastChecked=\"2026-12-06\"/>\n"
                          "<mxHost pattern=\"mx one.example\" source=\"s\" lastChecked=\"2026-12-06\"/>\n"
                          "</provider>\n"
                          "<provider domain=\"other.example\">\n"
                          "<mxHost pattern=\"MX1.other.example\" source=\"s\" lastChecked=\"2026-12-06\"/>\n"
                          "<mxHost pattern=\"*.deep.mail.example.net\" source=\"s\" lastChecked=\"2026-12-06\"/>\n"
                          "</provider>\n</providerFacts>\n");
    auto r = import_ispdb({fs::path("in")});
    CHECK(lines(r.warnings) ==
          std::vector<std::string>{
              testutil::native("in/mx.xml") + ":6: <mxHost> pattern \"*.example\" is neither a host name nor *.suffix; ignored",
              testutil::native("in/mx.xml") + ":7: <mxHost> pattern \"mx one.example\" is neither a host name nor *.suffix; ignored",
              testutil::native("in/mx.xml") + ":10: <mxHost> mx1.other.example already belongs to example.com; ignored",
          });
    REQUIRE(r.providers[0].mx_hosts.size() == 2);
    CHECK(r.providers[0].mx_hosts[0].service == "Example Business");
    providers::write_database(r, "p.sqlite");
    const auto db = providers::Database::open("p.sqlite");
    auto mx = db.by_mx_host("MX1.Other.Example.");
    REQUIRE(mx.has_value());
    CHECK(mx->provider.id == "example.com");
    CHECK(mx->pattern == "mx1.other.example");
    CHECK(mx->service == "Example Business");
    CHECK(mx->provider.mx_hosts.size() == 2);
    // The longest suffix wins; a pattern's service defaults to the provider's name.
    CHECK(db.by_mx_host("a.deep.mail.example.net")->provider.id == "other.example");
    mx = db.by_mx_host("a.b.mail.example.net");
    REQUIRE(mx.has_value());
    CHECK(mx->provider.id == "example.com");
    CHECK(mx->pattern == "*.mail.example.net");
    CHECK(mx->service == "Example");
    // "*." needs one label or more before the suffix; other hosts under the provider are not named.
    CHECK_FALSE(db.by_mx_host("mail.example.net").has_value());
    CHECK_FALSE(db.by_mx_host("mx2.other.example").has_value());
    CHECK_FALSE(db.by_mx_host("").has_value());
  }

  TEST_CASE("the project's MX list: company domains reveal their hosted provider, Tencent Exmail not QQ Mail") {
    const auto data = testutil::source_dir() / "data";
    providers::write_database(import_ispdb({data / "ispdb", data / "overrides", data / "lists"}), "all.sqlite");
    const auto db = providers::Database::open("all.sqlite");
    const std::vector<std::tuple<std::string, std::string, std::string>> expected{
        {"corp-example-com.mail.protection.outlook.com", "office365.com", "Microsoft 365"},
        {"corp-example-com.o-v1.mx.microsoft", "office365.com", "Microsoft 365"},
        {"aspmx.l.google.com", "googlemail.com", "Google Workspace"},
        {"alt3.aspmx.l.google.com", "googlemail.com", "Google Workspace"},
        {"smtp.google.com", "googlemail.com", "Google Workspace"},
        {"mxbiz1.qq.com", "exmail.qq.com", "Tencent Exmail"},
        {"mxbiz2.qq.com", "exmail.qq.com", "Tencent Exmail"},
        {"mx.zoho.com", "zoho.com", "Zoho Mail"},
        {"mx3.zoho.eu", "zoho.eu", "Zoho Mail (EU)"},
        {"mxhz.qiye.aliyun.com", "qiye.aliyun.com", "Alibaba Mail Enterprise"},
        {"mx1.qiye.aliyun.com", "qiye.aliyun.com", "Alibaba Mail Enterprise"},
        {"mx.qiye.163.com", "qiye.163.com", "NetEase Enterprise Mail"},
    };
    for (const auto& [host, id, service] : expected) {
      const auto mx = db.by_mx_host(host);
      REQUIRE_MESSAGE(mx.has_value(), host);
      CHECK_MESSAGE(mx->provider.id == id, host);
      CHECK_MESSAGE(mx->service == service, host);
    }
    CHECK_FALSE(db.by_mx_host("mx3.qq.com").has_value());  // QQ Mail's own MX: the parent domain qq.com decides
  }

  TEST_CASE("the project's data imports without errors and every fact has a source and a date") {
    auto data = testutil::source_dir() / "data";
    auto r = import_ispdb({data / "ispdb", data / "overrides", data / "lists"});
    CHECK(lines(r.errors).empty());
    CHECK(r.files_read == 169);
    CHECK(r.providers.size() == 257);
    CHECK(r.domain_count() == 1331);
    for (const auto& w : r.warnings) {
      CHECK_MESSAGE(w.file.find("overrides") == std::string::npos, w.text());
      CHECK_MESSAGE(w.file.find("lists") == std::string::npos, w.text());
    }
    for (const auto& p : r.providers) {
      for (const auto& n : p.notes) {
        if (n.source.rfind("ISPDB <enable", 0) == 0) continue;
        CHECK_MESSAGE(!n.source.empty(), p.id);
        CHECK_MESSAGE(n.last_checked.size() >= 7, (p.id + " " + n.fact));
      }
    }
  }

  TEST_CASE("the project's fact files are well-formed for a second XML parser too") {
    int checked = 0;
    for (const char* folder : {"overrides", "lists"}) {
      for (const auto& e : fs::directory_iterator(testutil::source_dir() / "data" / folder)) {
        if (e.path().extension() != ".xml") continue;
        CHECK_MESSAGE(testutil::tinyxml2_error(testutil::read_bytes(e.path())) == "", e.path().filename().string());
        ++checked;
      }
    }
    CHECK(checked == 6);
  }

  TEST_CASE("data/ispdb is the unmodified ISPDB snapshot with its licence") {
    REQUIRE_SHARED();
    auto ours = testutil::source_dir() / "data" / "ispdb";
    int compared = 0;
    for (const auto& e : fs::directory_iterator(testutil::shared_dir() / "ispdb")) {
      if (e.path().extension() != ".xml" && e.path().filename() != "LICENSE") continue;
      CHECK_MESSAGE(testutil::read_bytes(ours / e.path().filename()) == testutil::read_bytes(e.path()), e.path().filename().string());
      ++compared;
    }
    CHECK(compared == 164);
  }
}
