// Tests for the provider database: writing (store.cpp), reading (database.cpp), policy files,
// matching accounts by domain and by host, and the embedded database built from data/.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <functional>

#include "core/error.hpp"
#include "providers/database.hpp"
#include "providers/embedded.hpp"
#include "providers/schema.hpp"
#include "providers/store.hpp"
#include "support/printers.hpp"
#include "support/testutil.hpp"
#include "util/parallel.hpp"

namespace fs = std::filesystem;
using providers::Database;
using providers::MatchedBy;

namespace {

std::string config(const std::string& id, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"" + id + "\">\n" +
         body + "</emailProvider>\n</clientConfig>\n";
}

std::string server(const std::string& dir, const std::string& type, const std::string& host, int port,
                   const std::string& socket, const std::string& auths, const std::string& user) {
  std::string out = "<" + dir + "Server type=\"" + type + "\"><hostname>" + host + "</hostname><port>" +
                    std::to_string(port) + "</port><socketType>" + socket + "</socketType>";
  for (const auto& a : {auths}) out += "<authentication>" + a + "</authentication>";
  return out + "<username>" + user + "</username></" + dir + "Server>\n";
}

// A hoster whose servers also appear in a reseller's file, and a provider with a placeholder host.
void write_sample_data() {
  testutil::write_bytes("in/hoster.example.xml",
                        config("hoster.example",
                               "<domain>hoster.example</domain><domain>hoster-mail.example</domain>\n"
                               "<displayName>Hoster Mail</displayName><displayShortName>Hoster</displayShortName>\n" +
                                   server("incoming", "imap", "imap.hoster.example", 993, "SSL", "password-cleartext", "%EMAILADDRESS%") +
                                   server("incoming", "pop3", "pop.hoster.example", 995, "SSL", "password-cleartext", "%EMAILADDRESS%") +
                                   server("outgoing", "smtp", "smtp.hoster.example", 465, "SSL", "password-cleartext", "%EMAILADDRESS%") +
                                   "<documentation url=\"https://hoster.example/help\"/>\n"));
  testutil::write_bytes("in/reseller.example.xml",
                        config("reseller.example",
                               "<domain>reseller.example</domain><displayName>Reseller</displayName>\n" +
                                   server("incoming", "imap", "imap.hoster.example", 993, "SSL", "OAuth2", "%EMAILLOCALPART%") +
                                   server("outgoing", "smtp", "mail.%EMAILDOMAIN%", 587, "STARTTLS", "password-cleartext", "%EMAILADDRESS%")));
  testutil::write_bytes("in/facts.xml",
                        "<providerFacts version=\"1\">\n<provider domain=\"hoster.example\">\n"
                        "<oauth2Only value=\"true\" source=\"hoster.example/news\" lastChecked=\"2026-05-01\"/>\n"
                        "<retiredHost host=\"pop3.old-hoster.example\" replacement=\"pop.hoster.example\" since=\"2025-01\" "
                        "note=\"old name\" source=\"hoster.example/news\" lastChecked=\"2026-04-01\"/>\n"
                        "</provider>\n</providerFacts>\n");
}

core::Account account(const std::string& email, const std::string& in_host, const std::string& out_host = "") {
  core::Account a;
  a.id = "test:1";
  a.email = email;
  if (!in_host.empty()) {
    a.incoming = core::Endpoint{};
    a.incoming->protocol = core::Protocol::Imap;
    a.incoming->host.value = in_host;
  }
  if (!out_host.empty()) {
    a.outgoing = core::Endpoint{};
    a.outgoing->protocol = core::Protocol::Smtp;
    a.outgoing->host.value = out_host;
  }
  return a;
}

std::string app_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::AppError& e) {
    return std::to_string(static_cast<int>(e.code())) + " " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("providers.database") {
  TEST_CASE("the schema compiled into the program is schemas/providers.sql") {
    CHECK(testutil::read_bytes(testutil::source_dir() / "schemas" / "providers.sql") == providers::kSchemaSql);
  }

  TEST_CASE("import then write then open gives back the same providers") {
    write_sample_data();
    auto summary = providers::import_to_database({fs::path("in")}, "p.sqlite");
    CHECK(summary.files == 3);
    CHECK(summary.providers == 2);
    CHECK(summary.domains == 3);
    CHECK(summary.incoming == 3);
    CHECK(summary.outgoing == 2);
    CHECK(summary.warnings.size() == 1);
    CHECK(summary.warnings[0].text() == testutil::native("in/facts.xml") + ":1: no <?xml?> declaration");
    CHECK(summary.errors.empty());

    auto db = Database::open("p.sqlite");
    CHECK(db.provider_count() == 2);
    CHECK(db.domain_count() == 3);
    auto p = db.by_domain("  Hoster-Mail.EXAMPLE ");
    REQUIRE(p);
    CHECK(p->id == "hoster.example");
    CHECK(p->name == "Hoster Mail");
    CHECK(p->short_name == "Hoster");
    CHECK(p->domains == std::vector<std::string>{"hoster.example", "hoster-mail.example"});
    CHECK(p->origin == "p.sqlite");
    CHECK(p->source == "hoster.example.xml + facts.xml");
    CHECK(p->documentation_url == "https://hoster.example/help");
    CHECK(p->oauth2_only);
    CHECK_FALSE(p->app_password_required);
    CHECK(p->last_checked == "2026-05-01");
    REQUIRE(p->incoming.size() == 2);
    CHECK(p->incoming[0].type == "imap");
    CHECK(p->incoming[0].protocol == core::Protocol::Imap);
    CHECK(p->incoming[0].hostname == "imap.hoster.example");
    CHECK(p->incoming[0].port == 993);
    CHECK(p->incoming[0].security == core::Security::Tls);
    CHECK(p->incoming[0].auths == std::vector<core::Auth>{core::Auth::PasswordCleartext});
    CHECK(p->incoming[0].username == "%EMAILADDRESS%");
    CHECK(p->incoming[1].protocol == core::Protocol::Pop3);
    REQUIRE(p->outgoing.size() == 1);
    CHECK(p->outgoing[0].port == 465);
    REQUIRE(p->retired.size() == 1);
    CHECK(p->retired[0].host == "pop3.old-hoster.example");
    CHECK(p->retired[0].replacement == "pop.hoster.example");
    CHECK(p->retired[0].since == "2025-01");
    CHECK(p->retired[0].note == "old name");
    REQUIRE(p->notes.size() == 2);
    CHECK(p->notes[0].fact == "oauth2_only");
    CHECK(p->notes[0].source == "hoster.example/news");
    CHECK(p->notes[1].value == "pop3.old-hoster.example -> pop.hoster.example");
    CHECK_FALSE(db.by_domain("unknown.example"));
    CHECK(db.lookup("Alice@Reseller.example")->id == "reseller.example");
  }

  TEST_CASE("a host listed by two providers belongs to the one whose domain it is in") {
    write_sample_data();
    providers::import_to_database({fs::path("in")}, "p.sqlite");
    auto db = Database::open("p.sqlite");
    CHECK(db.by_host("IMAP.hoster.example.")->id == "hoster.example");
    CHECK(db.by_host("pop3.old-hoster.example")->id == "hoster.example");  // retired
    CHECK(db.by_host("webmail.hoster-mail.example")->id == "hoster.example");  // inside its domain
    CHECK_FALSE(db.by_host("mail.%EMAILDOMAIN%"));  // templates are not host names
    CHECK_FALSE(db.by_host("mail.reseller-customer.example"));
    CHECK_FALSE(db.by_host(""));
    CHECK(providers::host_rank("imap.hoster.example", {"hoster.example", "example"}) == 14);
    CHECK(providers::host_rank("imap.hoster.example", {"oster.example"}) == 0);
  }

  TEST_CASE("an account matches by email domain first, then by server host") {
    write_sample_data();
    providers::import_to_database({fs::path("in")}, "p.sqlite");
    auto db = Database::open("p.sqlite");
    auto by_domain = db.match(account("bob@reseller.example", "imap.hoster.example"));
    REQUIRE(by_domain);
    CHECK(by_domain->provider.id == "reseller.example");
    CHECK(by_domain->by == MatchedBy::EmailDomain);
    CHECK(by_domain->matched_on == "reseller.example");
    CHECK_FALSE(by_domain->from_policy);

    auto by_host = db.match(account("bob@company.example", "Imap.Hoster.Example"));
    REQUIRE(by_host);
    CHECK(by_host->provider.id == "hoster.example");
    CHECK(by_host->by == MatchedBy::ServerHost);
    CHECK(by_host->matched_on == "imap.hoster.example");

    auto by_outgoing = db.match(account("bob@company.example", "mail.company.example", "smtp.hoster.example"));
    REQUIRE(by_outgoing);
    CHECK(by_outgoing->matched_on == "smtp.hoster.example");

    core::Account from_username = account("", "mail.company.example");
    from_username.incoming->username.value = "carol@hoster-mail.example";
    auto m = db.match(from_username);
    REQUIRE(m);
    CHECK(m->by == MatchedBy::EmailDomain);
    CHECK(m->matched_on == "hoster-mail.example");

    CHECK_FALSE(db.match(account("dave@company.example", "mail.company.example")));
  }

  TEST_CASE("a policy file overrides the database and is marked as the match's origin") {
    write_sample_data();
    providers::import_to_database({fs::path("in")}, "p.sqlite");
    testutil::write_bytes("policy.xml",
                          config("corp", "<domain>Reseller.example</domain><domain>corp.example</domain>\n"
                                         "<displayName>Corp mail</displayName>\n" +
                                             server("incoming", "imap", "mail.corp.example", 143, "STARTTLS", "password-encrypted", "%EMAILLOCALPART%") +
                                             "<displayNameShort>x</displayNameShort>\n"));
    auto db = Database::open("p.sqlite");
    db.add_policy("policy.xml");
    auto p = db.by_domain("reseller.example");
    REQUIRE(p);
    CHECK(p->name == "Corp mail");
    CHECK(p->origin == "policy:policy.xml");
    auto m = db.match(account("erin@corp.example", ""));
    REQUIRE(m);
    CHECK(m->from_policy);
    CHECK(m->provider.incoming[0].hostname == "mail.corp.example");
    auto h = db.match(account("erin@subsidiary.example", "MAIL.corp.example"));
    REQUIRE(h);
    CHECK(h->by == MatchedBy::ServerHost);
    CHECK(h->from_policy);
    CHECK(db.warnings() == std::vector<std::string>{
                               "policy.xml:7: unknown element <displayNameShort> ignored (a typo for <displayShortName>?)"});
    CHECK(db.by_domain("hoster.example")->origin == "p.sqlite");
  }

  TEST_CASE("an unusable policy file is a usage error naming the file and place") {
    auto db = Database::embedded();
    testutil::write_bytes("bad.xml", "<clientConfig>\n<emailProvider>\n</clientConfig>\n");
    CHECK(app_error([&] { db.add_policy("bad.xml"); }) == "2 bad.xml:3:3: malformed XML: Start-end tags mismatch");
    CHECK(app_error([&] { db.add_policy("missing.xml"); }) ==
          "2 missing.xml: cannot open: " + testutil::missing_file_error());
  }

  TEST_CASE("opening something that is not a provider database is a usage error") {
    CHECK(app_error([] { Database::open("missing.sqlite"); }) == "2 missing.sqlite: not a usable provider database: no such file");
    fs::create_directory("folder.sqlite");
    CHECK(app_error([] { Database::open("folder.sqlite"); }) == "2 folder.sqlite: not a usable provider database: not a regular file");
    testutil::write_bytes("text.sqlite", "hello, not a database\n");
    CHECK(app_error([] { Database::open("text.sqlite"); }) ==
          "2 text.sqlite: not a usable provider database: file is not a database");
    {
      SQLite::Database other("other.sqlite", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES('format','something-else')");
    }
    CHECK(app_error([] { Database::open("other.sqlite"); }) ==
          "2 other.sqlite: not a usable provider database: unknown format (expected mailmend-providers-4)");
    const unsigned char junk[] = {1, 2, 3};
    CHECK(app_error([&] { Database::from_bytes(junk, "junk"); }) == "2 junk: not a usable provider database: file is not a database");
  }

  TEST_CASE("writing replaces the old file only on success, and nothing readable writes nothing") {
    write_sample_data();
    testutil::write_bytes("p.sqlite", "old");
    providers::import_to_database({fs::path("in")}, "p.sqlite");
    CHECK(Database::open("p.sqlite").provider_count() == 2);
    testutil::write_bytes("empty/README", "no xml here");
    CHECK(app_error([] { providers::import_to_database({fs::path("empty")}, "q.sqlite"); }) ==
          "2 providers import: no provider file could be read (no .xml file found)");
    CHECK_FALSE(fs::exists("q.sqlite"));
    CHECK(app_error([] { providers::import_to_database({fs::path("in")}, "no-such-dir/q.sqlite"); })
              .rfind("2 no-such-dir/q.sqlite: cannot create a temporary file (", 0) == 0);
    CHECK(fs::directory_iterator(".") != fs::directory_iterator());
    for (const auto& e : fs::directory_iterator(".")) CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  }

  TEST_CASE("--out naming a folder, a pipe or a device is refused and left as it was (never replaced by a file)") {
    write_sample_data();
    fs::create_directory("folder");
    CHECK(app_error([] { providers::import_to_database({fs::path("in")}, "folder"); }) ==
          "2 folder: not a regular file (a device, pipe or folder): mailmend replaces only regular files; use - for "
          "standard output");
    CHECK(fs::is_directory("folder"));
    if (testutil::make_fifo("pipe")) {  // POSIX: a FIFO standing where the database should go
      CHECK(app_error([] { providers::import_to_database({fs::path("in")}, "pipe"); }).find("pipe: not a regular file") == 2);
      CHECK(fs::is_fifo(fs::symlink_status("pipe")));
    }
  }

  TEST_CASE("the whole ISPDB round-trips through SQLite") {
    REQUIRE_SHARED();
    auto summary = providers::import_to_database({testutil::shared_dir() / "ispdb"}, "ispdb.sqlite");
    CHECK(summary.providers == 163);
    CHECK(summary.domains == 962);
    CHECK(summary.warnings.size() == 50);
    auto db = Database::open("ispdb.sqlite");
    CHECK(db.provider_count() == 163);
    CHECK(db.domain_count() == 962);
    auto aruba = db.by_domain("arubapec.it");
    REQUIRE(aruba);
    bool pop3_on_993 = false;
    for (const auto& s : aruba->incoming) pop3_on_993 |= s.type == "pop3" && s.port == 993;
    CHECK(pop3_on_993);
    auto o365 = db.by_domain("onmicrosoft.com");
    REQUIRE(o365);
    CHECK(o365->incoming.size() == 6);
    CHECK(o365->incoming[2].username == "%EMAILADDRESS");
    CHECK(o365->incoming[4].url == "https://graph.microsoft.com/");
  }
}

TEST_SUITE("providers.embedded") {
  TEST_CASE("matching from several threads at once gives what one thread gives, loaded providers kept") {
    // The audit matches the accounts of many homes on several threads: by domain, by server host,
    // unknown ones, and the same providers again and again (each is loaded once, then copied).
    auto db = Database::embedded();
    const std::vector<core::Account> accounts{
        account("ann@gmail.com", "imap.gmail.com"),       account("bob@outlook.com", "outlook.office365.com"),
        account("cy@nowhere.invalid", "imap.gmx.net"),    account("dee@qq.com", "imap.qq.com"),
        account("eve@nowhere.invalid", "mail.invalid"),   account("", "pop3.live.com", "smtp.live.com"),
        account("fay@t-online.de", "secureimap.t-online.de")};
    std::vector<std::string> serial;
    const auto describe = [](const std::optional<providers::Match>& m) {
      return m ? m->provider.id + " " + m->matched_on + " " + std::to_string(m->provider.incoming.size()) + " " +
                     std::to_string(m->provider.outgoing.size()) + " " + std::to_string(m->provider.retired.size())
               : std::string("none");
    };
    for (const auto& a : accounts) serial.push_back(describe(db.match(a)));
    CHECK(serial[0].rfind("googlemail.com gmail.com ", 0) == 0);
    CHECK(serial[4] == "none");
    constexpr std::size_t kRounds = 300;
    std::vector<std::string> parallel(accounts.size() * kRounds);
    util::for_each_index(parallel.size(), 4, [&](std::size_t i) { parallel[i] = describe(db.match(accounts[i % accounts.size()])); });
    for (std::size_t i = 0; i < parallel.size(); ++i) CHECK(parallel[i] == serial[i % accounts.size()]);
  }

  TEST_CASE("the embedded database holds the ISPDB and the override facts") {
    auto db = Database::embedded();
    CHECK(db.origin() == "embedded");
    // 163 ISPDB files + mailbox.org and 13 of China's providers from data/overrides + 80 from
    // data/lists (30 from Delta Chat, 50 from FairEmail)
    CHECK(db.provider_count() == 257);
    CHECK(db.domain_count() == 1331);
    auto outlook = db.by_domain("outlook.com");
    REQUIRE(outlook);
    CHECK(outlook->id == "hotmail.com");
    CHECK(outlook->origin == "embedded");
    CHECK(outlook->oauth2_only);
    CHECK(outlook->imap_must_be_enabled);
    CHECK(outlook->last_checked == "2026-08-22");
    REQUIRE(outlook->retired.size() == 4);
    CHECK(outlook->retired[0].host == "pop3.live.com");
    CHECK(outlook->retired[0].replacement == "outlook.office365.com");
    CHECK(outlook->retired[3].host == "smtp.live.com");
    CHECK(outlook->retired[3].replacement == "smtp-mail.outlook.com");
    REQUIRE(outlook->outgoing.size() == 2);
    CHECK(outlook->outgoing[1].hostname == "smtp.office365.com");
    CHECK(db.by_domain("office365.com")->oauth2_only);
    CHECK(db.by_domain("office365.com")->oauth2_only_smtp_from == "2026-12-31");  // MC786329, revised 27 Jan 2026
    CHECK(outlook->oauth2_only_smtp_from.empty());  // Outlook.com: no passwords anywhere since Sep 2024
    CHECK(db.by_domain("gmail.com")->app_password_required);
    CHECK_FALSE(db.by_domain("gmail.com")->oauth2_only);
    CHECK(db.by_domain("icloud.com")->app_password_required);
    CHECK(db.by_domain("qq.com")->app_password_required);
    CHECK(db.by_domain("163.com")->imap_must_be_enabled);
    CHECK(db.by_domain("fastmail.fm")->id == "messagingengine.com");
    auto mailbox = db.by_domain("mailbox.org");
    REQUIRE(mailbox);
    CHECK(mailbox->incoming[0].hostname == "imap.mailbox.org");
    CHECK(mailbox->source == "others.xml + deltachat.xml + fairemail.xml");
  }

  TEST_CASE("the embedded database matches company domains by their Microsoft 365 or Google hosts") {
    auto db = Database::embedded();
    auto m365 = db.match(account("ann@contoso-example.com", "outlook.office365.com", "smtp.office365.com"));
    REQUIRE(m365);
    CHECK(m365->provider.id == "office365.com");
    CHECK(m365->provider.name == "Microsoft 365");
    CHECK(m365->by == MatchedBy::ServerHost);
    CHECK(m365->matched_on == "outlook.office365.com");
    auto google = db.match(account("ann@school-example.org", "imap.gmail.com"));
    REQUIRE(google);
    CHECK(google->provider.id == "googlemail.com");
    CHECK(google->by == MatchedBy::ServerHost);
    auto retired = db.by_host("pop3.live.com");
    REQUIRE(retired);
    CHECK(retired->id == "hotmail.com");
    CHECK(db.by_host("smtp.office365.com")->id == "office365.com");
    CHECK(db.by_host("smtp-mail.outlook.com")->id == "hotmail.com");
  }
}
