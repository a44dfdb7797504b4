// Online discovery end to end: the mailmend binary against real servers on loopback (dnsmasq, an
// HTTPS and an HTTP server; tests/discovery/servers). Each step of the chain, the order between
// them, every failure mode, the cache, and the audit with --online.
#include <doctest/doctest.h>

#include <cstdlib>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "discovery/discovery_servers.hpp"
#include "support/testutil.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

testutil::DiscoveryServers& servers() { return testutil::DiscoveryServers::shared(); }

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::filesystem::path cache_dir() { return testutil::scratch() / "cache"; }

struct Discovered {
  int exit_code = -1;
  json out;
  std::string err;
};

Discovered discover(const std::string& query, const std::vector<std::string>& extra = {}, const std::string& timeout = "2") {
  const auto r = testutil::run_mailmend(with(with({"providers", "discover", query, "--format", "json", "--timeout", timeout,
                                                   "--cache-dir", cache_dir().string()},
                                                  servers().options()),
                                             extra));
  INFO(r.err);
  INFO(r.out);
  REQUIRE(!r.out.empty());
  return {r.exit_code, json::parse(r.out), r.err};
}

std::vector<std::string> tried(const json& out) { return out["discovery"]["tried"].get<std::vector<std::string>>(); }

std::string servers_text(const json& list) {
  std::string s;
  for (const auto& server : list) {
    s += server["type"].get<std::string>() + " " + server["host"].get<std::string>() + ":" + std::to_string(server["port"].get<int>()) +
         " " + server["security"].get<std::string>() + "\n";
  }
  return s;
}

// The requests the servers saw while `run` ran.
template <class F>
std::string requests_during(F run) {
  const std::string before = servers().requests();
  run();
  return servers().requests().substr(before.size());
}

}  // namespace

TEST_SUITE("discovery (real servers)") {
  TEST_CASE("step 1: autoconfig.<domain> over https, asked with the address, which the answer never keeps") {
    Discovered d;
    const auto requests = requests_during([&] { d = discover("alice@auto.test"); });
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "autoconfig");
    CHECK(d.out["discovery"]["where"] == "https://autoconfig.auto.test/mail/config-v1.1.xml");
    CHECK(d.out["discovery"]["authenticated"] == true);
    CHECK(d.out["discovery"]["ttl_seconds"] == 600);  // the answer's Cache-Control: max-age=600
    CHECK(d.out["provider"]["id"] == "online:auto.test");
    CHECK(d.out["provider"]["name"] == "Auto Test Mail");
    CHECK(d.out["origin"] == "online autoconfig");
    CHECK(servers_text(d.out["incoming"]) == "imap imap.auto.test:993 tls\n");
    CHECK(servers_text(d.out["outgoing"]) == "smtp smtp.auto.test:465 tls\n");
    CHECK(d.out["incoming"][0]["username"] == "alice@auto.test");
    CHECK(requests == "GET https autoconfig.auto.test /mail/config-v1.1.xml\n");
    CHECK(testutil::read_bytes(cache_dir() / "discovery.sqlite").find("alice") == std::string::npos);
  }

  TEST_CASE("step 2: .well-known after autoconfig.<domain> gave nothing") {
    Discovered d;
    const auto requests = requests_during([&] { d = discover("wk.test"); });
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "well-known");
    CHECK(d.out["discovery"]["where"] == "https://wk.test/.well-known/autoconfig/mail/config-v1.1.xml");
    CHECK(tried(d.out) == std::vector<std::string>{"autoconfig: https://autoconfig.wk.test/mail/config-v1.1.xml: HTTP 404"});
    CHECK(requests ==
          "GET https autoconfig.wk.test /mail/config-v1.1.xml\n"
          "GET https wk.test /.well-known/autoconfig/mail/config-v1.1.xml\n");
  }

  TEST_CASE("plain http only after both https URLs, as Thunderbird falls back; marked unauthenticated") {
    const auto d = discover("plain.test");
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "autoconfig");
    CHECK(d.out["discovery"]["where"] == "http://autoconfig.plain.test/mail/config-v1.1.xml");
    CHECK(d.out["discovery"]["authenticated"] == false);
    CHECK(d.out["origin"] == "online autoconfig (unauthenticated)");
    CHECK(tried(d.out).size() == 2);
  }

  TEST_CASE("step 3: the online ISPDB after the domain's own URLs") {
    const auto d = discover("listed.test");
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "ispdb");
    CHECK(d.out["discovery"]["where"] == "https://autoconfig.thunderbird.net/v1.1/listed.test");
    CHECK(d.out["provider"]["name"] == "Listed in the ISPDB");
    CHECK(tried(d.out).size() == 4);
  }

  TEST_CASE("step 4: the lowest-preference MX host in the embedded MX list (data/overrides <mxHost>)") {
    const auto m365 = discover("m365.test");
    CHECK(m365.exit_code == 0);
    CHECK(m365.out["discovery"]["step"] == "mx");
    CHECK(m365.out["discovery"]["where"] ==
          "MX m365.test 10 corp-test.mail.protection.outlook.com → Microsoft 365 (embedded MX list: *.mail.protection.outlook.com)");
    CHECK(m365.out["provider"]["id"] == "office365.com");
    CHECK(m365.out["discovery"]["ttl_seconds"] == 300);  // dnsmasq's --local-ttl
    const auto google = discover("google.test");
    CHECK(google.out["discovery"]["where"] == "MX google.test 1 aspmx.l.google.com → Google Workspace (embedded MX list: aspmx.l.google.com)");
    CHECK(google.out["provider"]["id"] == "googlemail.com");
    // mxbiz1.qq.com (preference 5, listed after mxbiz2) is Tencent Exmail, not QQ Mail of qq.com.
    const auto exmail = discover("exmail.test");
    CHECK(exmail.out["discovery"]["where"] == "MX exmail.test 5 mxbiz1.qq.com → Tencent Exmail (embedded MX list: mxbiz1.qq.com)");
    CHECK(exmail.out["provider"]["id"] == "exmail.qq.com");
    CHECK(servers_text(exmail.out["incoming"]).rfind("imap imap.exmail.qq.com:993 tls\n", 0) == 0);
    const auto zoho = discover("zohoeu.test");
    CHECK(zoho.out["discovery"]["where"] == "MX zohoeu.test 10 mx.zoho.eu → Zoho Mail (EU) (embedded MX list: mx.zoho.eu)");
    CHECK(zoho.out["provider"]["id"] == "zoho.eu");
    // No source names NetEase Enterprise Mail's MX hosts: the data marks the pattern, and so does the answer.
    const auto qiye = discover("qiye.test");
    CHECK(qiye.out["discovery"]["where"] ==
          "MX qiye.test 10 mx.qiye.163.com → NetEase Enterprise Mail (embedded MX list: *.qiye.163.com, unverified)");
    CHECK(qiye.out["provider"]["id"] == "qiye.163.com");
  }

  TEST_CASE("step 4: an MX host the list does not name: its parent domains in the embedded database") {
    const auto qq = discover("qqmx.test");
    CHECK(qq.out["discovery"]["where"] == "MX qqmx.test 10 mx3.qq.com → qq.com (embedded database)");
    CHECK(qq.out["provider"]["id"] == "qq.com");
  }

  TEST_CASE("step 4: an MX domain the database does not know is looked up online (autoconfig of the MX domain)") {
    const auto d = discover("hosted.test");
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "mx");
    CHECK(d.out["discovery"]["where"] == "MX hosted.test 10 mx1.mail.hoster.test → https://autoconfig.hoster.test/mail/config-v1.1.xml");
    CHECK(d.out["provider"]["name"] == "Hoster Mail");
    CHECK(tried(d.out).back() == "mx: MX hosted.test 10 mx1.mail.hoster.test: hoster.test is not in the embedded database");
  }

  TEST_CASE("step 5: RFC 6186 SRV in priority and weight order; a '.' target is a service not offered") {
    const auto d = discover("srv.test");
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "srv");
    CHECK(d.out["discovery"]["authenticated"] == false);
    CHECK(servers_text(d.out["incoming"]) == "imap imap.srv.test:993 tls\nimap imap.srv.test:143 starttls\n");
    CHECK(servers_text(d.out["outgoing"]) == "smtp smtp.srv.test:587 starttls\n");
    CHECK(d.out["discovery"]["where"] ==
          "SRV _imaps._tcp.srv.test 0 10 993 imap.srv.test; SRV _submission._tcp.srv.test 0 1 587 smtp.srv.test; "
          "SRV _imap._tcp.srv.test 10 1 143 imap.srv.test");
  }

  TEST_CASE("step 6: Exchange Autodiscover (POX) names Microsoft 365, at autodiscover.<domain> or through _autodiscover._tcp") {
    Discovered d;
    const auto requests = requests_during([&] { d = discover("carol@exch.test"); });
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "autodiscover");
    CHECK(d.out["discovery"]["where"] == "https://autodiscover.exch.test/autodiscover/autodiscover.xml → Exchange server outlook.office365.com");
    CHECK(d.out["provider"]["id"] == "office365.com");
    CHECK(requests.find("POST https autodiscover.exch.test /autodiscover/autodiscover.xml\n") != std::string::npos);
    const auto by_srv = discover("exsrv.test");
    CHECK(by_srv.out["discovery"]["where"] == "https://ews.exsrv.test/autodiscover/autodiscover.xml → Exchange server outlook.office365.com");
    const auto onprem = discover("onprem.test");
    CHECK(onprem.exit_code == 1);
    CHECK(tried(onprem.out).back() ==
          "autodiscover: https://autodiscover.onprem.test/autodiscover/autodiscover.xml: Exchange server mail.onprem.test "
          "(on-premises; the answer publishes no IMAP, POP or SMTP settings to judge accounts by)");
  }

  TEST_CASE("step 6: an Autodiscover answer's own IMAP and SMTP entries are the settings; its login name never reaches the cache") {
    const auto d = discover("dave@poxmail.test");
    CHECK(d.exit_code == 0);
    CHECK(d.out["discovery"]["step"] == "autodiscover");
    CHECK(d.out["discovery"]["authenticated"] == true);
    CHECK(d.out["discovery"]["where"] ==
          "https://autodiscover.poxmail.test/autodiscover/autodiscover.xml → its IMAP, SMTP settings (Exchange server exch01.poxmail.test)");
    // SSL on at 993: TLS; Encryption TLS at 587: STARTTLS (Thunderbird's reading).
    CHECK(servers_text(d.out["incoming"]) == "imap mail.poxmail.test:993 tls\n");
    CHECK(servers_text(d.out["outgoing"]) == "smtp mail.poxmail.test:587 starttls\n");
    CHECK(d.out["incoming"][0]["username"] == "dave@poxmail.test");
    CHECK(d.out["incoming"][0]["auth"] == json::array({"password-cleartext"}));
    const std::string cache = testutil::read_bytes(cache_dir() / "discovery.sqlite");
    CHECK(cache.find("poxmail.test") != std::string::npos);
    CHECK(cache.find("dave") == std::string::npos);
    CHECK(cache.find("%EMAILADDRESS%") != std::string::npos);
  }

  TEST_CASE("the first step that answers wins: autoconfig before .well-known, MX before SRV") {
    Discovered both;
    const auto requests = requests_during([&] { both = discover("both.test"); });
    CHECK(both.out["provider"]["name"] == "Both by autoconfig");
    CHECK(requests == "GET https autoconfig.both.test /mail/config-v1.1.xml\n");
    const auto mx_first = discover("mxsrv.test");
    CHECK(mx_first.out["discovery"]["step"] == "mx");
  }

  TEST_CASE("each failure gives its own reason and the chain goes on") {
    const auto broken = discover("broken.test");
    CHECK(broken.out["discovery"]["step"] == "well-known");
    CHECK(tried(broken.out) == std::vector<std::string>{"autoconfig: not an autoconfig file: https://autoconfig.broken.test/mail/config-v1.1.xml:3:29: malformed XML: Start-end tags mismatch"});

    const auto started = Clock::now();
    const auto big = discover("big.test");
    CHECK(Clock::now() - started < std::chrono::seconds(10));
    CHECK(big.exit_code == 1);
    CHECK(tried(big.out)[0] == "autoconfig: https://autoconfig.big.test/mail/config-v1.1.xml: the answer is larger than 1024 KB; not read");

    const auto loop = discover("loop.test");
    CHECK(tried(loop.out)[0] == "autoconfig: https://autoconfig.loop.test/mail/config-v1.1.xml: redirect loop (https://autoconfig.loop.test/mail/config-v1.1.xml again)");

    Discovered down;
    const auto requests = requests_during([&] { down = discover("downgrade.test"); });
    CHECK(tried(down.out)[0] == "autoconfig: https://autoconfig.downgrade.test/mail/config-v1.1.xml: redirect to "
                                "http://autoconfig.downgrade.test/elsewhere.xml refused (from https to plain http)");
    CHECK(requests.find("elsewhere.xml") == std::string::npos);

    const auto servfail = discover("servfail.test");
    CHECK(servfail.exit_code == 1);
    CHECK(tried(servfail.out)[5] == "mx: servfail.test: DNS server failure (SERVFAIL)");
    CHECK(tried(servfail.out)[6] == "srv: _imaps._tcp.servfail.test: DNS server failure (SERVFAIL)");

    const auto nothing = discover("unknown.test");
    CHECK(nothing.exit_code == 1);
    CHECK(tried(nothing.out)[5] == "mx: unknown.test has no MX record");
    CHECK(tried(nothing.out)[6] == "srv: no RFC 6186 record for unknown.test");
  }

  TEST_CASE("a timeout costs one timeout: the chain stops there and says so") {
    auto started = Clock::now();
    const auto stall = discover("stall.test", {}, "1");  // the server stalls 30 s
    CHECK(Clock::now() - started < std::chrono::seconds(5));
    CHECK(stall.out["discovery"]["stopped_by_timeout"] == true);
    CHECK(tried(stall.out) == std::vector<std::string>{"autoconfig: https://autoconfig.stall.test/mail/config-v1.1.xml: no complete answer within 1 s"});

    started = Clock::now();
    const auto dns = discover("dnsstall.test", {}, "1");  // dnsmasq forwards it to a server that never answers
    CHECK(Clock::now() - started < std::chrono::seconds(5));
    CHECK(dns.out["discovery"]["stopped_by_timeout"] == true);
    CHECK(tried(dns.out).back() == "mx: dnsstall.test: no DNS answer within 1 s");
  }

  TEST_CASE("cache: a hit asks no server, --refresh asks again, an expired answer is asked again, no-store is not kept") {
    std::string requests = requests_during([&] { CHECK(discover("auto.test").out["discovery"]["from_cache"] == false); });
    CHECK(requests.size() > 0);
    requests = requests_during([&] {
      const auto hit = discover("auto.test");
      CHECK(hit.out["discovery"]["from_cache"] == true);
      CHECK(hit.out["discovery"]["where"] == "https://autoconfig.auto.test/mail/config-v1.1.xml");
      CHECK(servers_text(hit.out["incoming"]) == "imap imap.auto.test:993 tls\n");
    });
    CHECK(requests == "");
    requests = requests_during([&] { CHECK(discover("auto.test", {"--refresh"}).out["discovery"]["from_cache"] == false); });
    CHECK(requests == "GET https autoconfig.auto.test /mail/config-v1.1.xml\n");
    {
      SQLite::Database db((cache_dir() / "discovery.sqlite").string(), SQLite::OPEN_READWRITE);
      CHECK(db.exec("UPDATE answers SET expires_at = strftime('%s','now') - 1 WHERE domain = 'auto.test'") == 1);
    }
    requests = requests_during([&] { CHECK(discover("auto.test").out["discovery"]["from_cache"] == false); });
    CHECK(requests == "GET https autoconfig.auto.test /mail/config-v1.1.xml\n");
    // An MX answer is kept for the DNS TTL (300 s) and rebuilt from the database.
    CHECK(discover("m365.test").out["discovery"]["from_cache"] == false);
    const auto m365 = discover("m365.test");
    CHECK(m365.out["discovery"]["from_cache"] == true);
    CHECK(m365.out["provider"]["id"] == "office365.com");
    discover("nocache.test");
    CHECK(discover("nocache.test").out["discovery"]["from_cache"] == false);
    SQLite::Database db((cache_dir() / "discovery.sqlite").string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT domain, step, expires_at - stored_at FROM answers ORDER BY domain");
    std::string rows;
    while (st.executeStep()) rows += st.getColumn(0).getString() + " " + st.getColumn(1).getString() + " " + st.getColumn(2).getString() + "\n";
    CHECK(rows == "auto.test autoconfig 600\nm365.test mx 300\n");
  }

  TEST_CASE("zh_CN: providers discover says what it found and why each step gave nothing in Chinese; JSON keeps English") {
    const std::vector<std::string> args{"--lang", "zh-CN", "providers", "discover", "unknown.test", "--timeout", "2",
                                        "--cache-dir", cache_dir().string()};
    const auto nothing = testutil::run_mailmend(with(args, servers().options()));
    INFO(nothing.out << nothing.err);
    CHECK(nothing.exit_code == 1);
    CHECK(nothing.out.starts_with("unknown.test：在线发现没有找到设置\n"));
    CHECK(nothing.out.find("\n  已尝试：mx：unknown.test 没有 MX 记录\n  已尝试：srv：unknown.test 没有 RFC 6186 记录\n") !=
          std::string::npos);
    const auto found = testutil::run_mailmend(with({"--lang", "zh-CN", "providers", "discover", "wk.test", "--refresh",
                                                     "--cache-dir", cache_dir().string()},
                                                    servers().options()));
    CHECK(found.out.starts_with("wk.test：通过 well-known 在 https://wk.test/.well-known/autoconfig/mail/config-v1.1.xml 找到 "
                                "Well-Known Mail\n"));
    const auto json = discover("unknown.test", {"--lang", "zh-CN"});
    CHECK(tried(json.out)[5] == "mx: unknown.test has no MX record");
  }

  TEST_CASE("providers lookup --online: the database first, discovery for a domain it does not know") {
    const auto known = testutil::run_mailmend(with({"providers", "lookup", "gmail.com", "--online", "--cache-dir", cache_dir().string()}, servers().options()));
    CHECK(known.exit_code == 0);
    CHECK(known.err.empty());
    const auto found = testutil::run_mailmend(with({"providers", "lookup", "wk.test", "--online", "--cache-dir", cache_dir().string()}, servers().options()));
    CHECK(found.exit_code == 0);
    CHECK(found.err == "mailmend: wk.test: Well-Known Mail found by well-known at https://wk.test/.well-known/autoconfig/mail/config-v1.1.xml\n");
    CHECK(found.out.find("Data: online well-known (https://wk.test/.well-known/autoconfig/mail/config-v1.1.xml)\n") != std::string::npos);
  }
}

namespace {

// alice's domain moved to Microsoft 365 (its MX says so) while her Thunderbird still uses the old
// host; bob's domain publishes autoconfig and his settings match it; carol's server stalls; dave's
// domain publishes its autoconfig over plain http only, and his host is not in it.
std::string online_prefs() {
  auto account = [](int n, const std::string& email, const std::string& host, int port, int socket_type) {
    const std::string a = "account" + std::to_string(n), s = "server" + std::to_string(n), i = "id" + std::to_string(n);
    return "user_pref(\"mail.account." + a + ".identities\", \"" + i + "\");\n"
           "user_pref(\"mail.account." + a + ".server\", \"" + s + "\");\n"
           "user_pref(\"mail.identity." + i + ".useremail\", \"" + email + "\");\n"
           "user_pref(\"mail.server." + s + ".authMethod\", 3);\n"
           "user_pref(\"mail.server." + s + ".hostname\", \"" + host + "\");\n"
           "user_pref(\"mail.server." + s + ".port\", " + std::to_string(port) + ");\n"
           "user_pref(\"mail.server." + s + ".socketType\", " + std::to_string(socket_type) + ");\n"
           "user_pref(\"mail.server." + s + ".type\", \"imap\");\n"
           "user_pref(\"mail.server." + s + ".userName\", \"" + email + "\");\n";
  };
  return "// Mozilla User Preferences\n" + account(1, "alice@m365.test", "mail.m365.test", 993, 3) +
         account(2, "bob@auto.test", "imap.auto.test", 993, 3) + account(3, "carol@stall.test", "imap.stall.test", 993, 3) +
         account(4, "dave@plain.test", "mail.plain.test", 993, 3) +
         "user_pref(\"mail.accountmanager.accounts\", \"account1,account2,account3,account4\");\n";
}

json account_named(const json& report, const std::string& email) {
  for (const auto& a : report["accounts"]) {
    if (a["email"] == email) return a;
  }
  return json();
}

json finding_of(const json& report, const std::string& account_id, const std::string& rule) {
  for (const auto& f : report["findings"]) {
    if (f["account"] == account_id && f["rule"] == rule) return f;
  }
  return json();
}

std::vector<std::string> finding_rules(const json& report, const std::string& account_id) {
  std::vector<std::string> out;
  for (const auto& f : report["findings"]) {
    if (f["account"] == account_id) out.push_back(f["rule"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_SUITE("audit --online (real servers)") {
  TEST_CASE("the discovered provider judges the account as a known one would; a failing domain is one source line") {
    const auto home = cli_test::make_home("online-home", online_prefs());
    const auto r = testutil::run_mailmend(with({"audit", "--home", home.string(), "--format", "json", "--online", "--timeout", "1",
                                                "--cache-dir", cache_dir().string()},
                                               servers().options()));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const json report = json::parse(r.out);
    const json alice = account_named(report, "alice@m365.test");
    CHECK(alice["provider"]["id"] == "office365.com");
    CHECK(alice["provider"]["matched_by"] == "discovered");
    CHECK(alice["provider"]["matched_on"] == "m365.test");
    const json moved = finding_of(report, alice["id"], "host-not-provider");
    CHECK(moved["fixable"] == true);
    CHECK(moved["expected"] == "outlook.office365.com");
    const json bob = account_named(report, "bob@auto.test");
    CHECK(bob["provider"]["matched_by"] == "discovered");
    CHECK(finding_rules(report, bob["id"]).empty());
    const json carol = account_named(report, "carol@stall.test");
    CHECK(carol["provider"].is_null());
    std::vector<std::string> sources;
    for (const auto& s : report["sources"]) {
      if (s["client"] == "discovery") sources.push_back(s["path"].get<std::string>() + " " + s["status"].get<std::string>() + ": " + s["message"].get<std::string>());
    }
    const json dave = account_named(report, "dave@plain.test");
    const json unauthenticated = finding_of(report, dave["id"], "host-not-provider");
    CHECK(unauthenticated["fixable"] == false);
    CHECK(unauthenticated["message"].get<std::string>().find(
              "Not fixed automatically: the settings it is judged against were discovered without authentication "
              "(http://autoconfig.plain.test/mail/config-v1.1.xml).") != std::string::npos);
    REQUIRE(sources.size() == 4);
    CHECK(sources[0].rfind("m365.test ok: m365.test: Microsoft 365 found by mx at MX m365.test 10 corp-test.mail.protection.outlook.com", 0) == 0);
    CHECK(sources[1] == "auto.test ok: auto.test: Auto Test Mail found by autoconfig at https://autoconfig.auto.test/mail/config-v1.1.xml");
    CHECK(sources[2] == "stall.test skipped: stall.test: online discovery found no settings (stopped after a timeout): "
                        "autoconfig: https://autoconfig.stall.test/mail/config-v1.1.xml: no complete answer within 1 s");
  }

  TEST_CASE("fix --online plans the change the discovered provider calls for, and says what it found") {
    const auto home = cli_test::make_home("online-fix-home", online_prefs());
    const auto r = testutil::run_mailmend(with({"fix", "--home", home.string(), "--format", "json", "--online", "--timeout", "1",
                                                "--cache-dir", cache_dir().string()},
                                               servers().options()));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("mailmend: discovery: m365.test: Microsoft 365 found by mx at MX m365.test 10 corp-test.mail.protection.outlook.com") == 0);
    CHECK(r.out.find("\"outlook.office365.com\"") != std::string::npos);
    CHECK(r.out.find("imap.plain.test") == std::string::npos);  // dave's unauthenticated settings fix nothing
  }

  TEST_CASE("without --online no network socket is opened (strace)") {
    if (testutil::run_program({"strace", "-V"}).exit_code != 0) {
      MESSAGE("strace is not installed: skipped");
      return;
    }
    const auto home = cli_test::make_home("offline-home", online_prefs());
    const auto log = testutil::scratch() / "strace.log";
    auto traced = [&](std::vector<std::string> extra) {
      std::vector<std::string> argv{"strace", "-f", "-qq", "-e", "trace=socket", "-o", log.string(),
                                    testutil::mailmend_binary().string(), "audit", "--home", home.string(), "--format", "json"};
      argv.insert(argv.end(), extra.begin(), extra.end());
      // LeakSanitizer cannot run under ptrace (the ASan pass): strace'd runs go without it.
      const char* asan = std::getenv("ASAN_OPTIONS");
      const std::string asan_options = std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "detect_leaks=0";
      return testutil::run_program(argv, {}, testutil::kProgramTimeout, {{"ASAN_OPTIONS", asan_options}});
    };
    const auto offline = traced({});
    REQUIRE(offline.exit_code == 0);  // unknown domains: info findings only
    const std::string without = testutil::read_bytes(log);
    CHECK(without.find("AF_INET") == std::string::npos);
    CHECK(without.find("AF_INET6") == std::string::npos);
    CHECK(json::parse(offline.out)["accounts"][0]["provider"].is_null());
    const auto online = traced(with({"--online", "--timeout", "1", "--cache-dir", cache_dir().string()}, servers().options()));
    CHECK(online.exit_code == 1);
    CHECK(testutil::read_bytes(log).find("AF_INET") != std::string::npos);  // the check can see a socket
  }
}
