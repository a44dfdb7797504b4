// The provider data generated from FairEmail's and Delta Chat's lists (data/lists, made by
// scripts/gen-provider-lists from ../shared/provider-facts) and China's providers
// (data/overrides/china.xml), as the embedded database answers for them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "providers/database.hpp"
#include "providers/lookup.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using providers::Database;
using providers::Provider;

namespace {

// Domains the generator leaves out on purpose (data/lists/README.md): Delta Chat's test entry.
const std::set<std::string> kExcluded{"example.com", "example.org", "example.net"};

struct ListServer {
  std::string type;  // imap, pop3, smtp
  std::string host;
  int port = 0;
  core::Security security = core::Security::Unknown;
};

struct ListEntry {
  std::string list;  // "FairEmail" or "Delta Chat"
  std::string name;
  std::vector<std::string> domains;
  std::vector<ListServer> servers;
};

// A FairEmail domain_regex that is a plain domain ("gmail\\.com"), as the generator reads it.
std::optional<std::string> plain_domain(std::string regex) {
  for (const char* escaped : {"\\\\.", "\\."}) {
    for (std::size_t at; (at = regex.find(escaped)) != std::string::npos;) regex.replace(at, std::strlen(escaped), ".");
  }
  std::transform(regex.begin(), regex.end(), regex.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::regex domain(R"([a-z0-9-]+(\.[a-z0-9-]+)+)");
  if (std::regex_match(regex, domain)) return regex;
  return std::nullopt;
}

std::vector<ListEntry> fairemail_entries() {
  auto doc = nlohmann::json::parse(testutil::read_bytes(testutil::shared_dir() / "provider-facts" / "fairemail.json"));
  std::vector<ListEntry> out;
  for (const auto& p : doc["providers"]) {
    ListEntry e{"FairEmail", p["name"].get<std::string>(), {}, {}};
    for (const auto& r : p["domain_regex"]) {
      if (auto d = plain_domain(r.get<std::string>()); d && std::find(e.domains.begin(), e.domains.end(), *d) == e.domains.end()) {
        e.domains.push_back(*d);
      }
    }
    for (auto [key, type] : {std::pair{"imap", "imap"}, {"pop", "pop3"}, {"smtp", "smtp"}}) {
      if (!p.contains(key)) continue;
      const auto& s = p[key];
      e.servers.push_back({type, s["host"].get<std::string>(), s["port"].get<int>(),
                           s["starttls"].get<bool>() ? core::Security::StartTls : core::Security::Tls});
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ListEntry> deltachat_entries() {
  auto doc = nlohmann::json::parse(testutil::read_bytes(testutil::shared_dir() / "provider-facts" / "deltachat.json"));
  std::vector<ListEntry> out;
  for (const auto& p : doc["providers"]) {
    ListEntry e{"Delta Chat", p["file"].get<std::string>(), p["domains"].get<std::vector<std::string>>(), {}};
    for (const auto& s : p["servers"]) {
      const std::string socket = s["socket"].get<std::string>();
      e.servers.push_back({s["type"].get<std::string>(), s["hostname"].get<std::string>(),
                           std::stoi(s["port"].get<std::string>()),
                           socket == "SSL" ? core::Security::Tls
                           : socket == "STARTTLS" ? core::Security::StartTls
                                                  : core::Security::None});
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool has_note(const Provider& p, std::string_view fact, std::string_view value_prefix) {
  return std::any_of(p.notes.begin(), p.notes.end(),
                     [&](const auto& n) { return n.fact == fact && n.value.starts_with(value_prefix); });
}

// The provider lists this server (protocol, host, port), with the list's TLS mode or, where the
// generator read the list's mode differently, a note that marks that server unverified.
bool serves(const Provider& p, const ListServer& s) {
  const auto& list = s.type == "smtp" ? p.outgoing : p.incoming;
  for (const auto& spec : list) {
    if (spec.type != s.type || spec.hostname != s.host || spec.port != s.port) continue;
    if (spec.security == s.security) return true;
    const std::string place = s.host + ":" + std::to_string(s.port);
    return std::any_of(p.notes.begin(), p.notes.end(), [&](const auto& n) {
      return n.fact.ends_with("_server") && n.value.starts_with(place) && n.value.ends_with(providers::kUnverifiedSuffix);
    });
  }
  return false;
}

// Every domain of the entries: lookup answers, with the list's servers or a note saying that the
// list disagrees and which data mailmend follows. Returns the number of domains that answered.
int check_entries(const Database& db, const std::vector<ListEntry>& entries, int& domains) {
  int answered = 0;
  for (const auto& e : entries) {
    for (const auto& d : e.domains) {
      ++domains;
      if (kExcluded.count(d)) {
        CHECK_MESSAGE(!db.lookup(d), d);
        continue;
      }
      auto p = db.lookup(d);
      CHECK_MESSAGE(p.has_value(), e.list << " " << e.name << ": " << d << " has no provider");
      if (!p) continue;
      ++answered;
      if (has_note(*p, providers::kListDisagreesFact, e.list)) continue;
      for (const auto& s : e.servers) {
        CHECK_MESSAGE(serves(*p, s), e.list << " " << e.name << ": " << d << " -> " << p->id << " lacks " << s.type
                                            << " " << s.host << ":" << s.port);
      }
    }
  }
  return answered;
}

}  // namespace

TEST_SUITE("providers.lists") {
  TEST_CASE("every Delta Chat domain answers lookup with Delta Chat's servers or a documented disagreement") {
    REQUIRE_SHARED();
    const auto db = Database::embedded();
    int domains = 0;
    const int answered = check_entries(db, deltachat_entries(), domains);
    CHECK(domains == 283);
    CHECK(answered == 280);  // all but example.com, .org, .net (Delta Chat's test entry)
  }

  TEST_CASE("every FairEmail plain domain answers lookup with FairEmail's servers or a documented disagreement") {
    REQUIRE_SHARED();
#if MAILMEND_EMBEDS_FAIREMAIL
    const auto db = Database::embedded();
    int domains = 0;
    const int answered = check_entries(db, fairemail_entries(), domains);
    CHECK(domains == 341);  // 341 plain domain_regex entries (337 distinct: 4 are in two entries)
    CHECK(answered == 341);
#else
    MESSAGE("skipped: built with MAILMEND_EMBED_FAIREMAIL_FACTS=OFF");
#endif
  }

  TEST_CASE("data/lists is what scripts/gen-provider-lists makes from ../shared today") {
    REQUIRE_SHARED();
    if (!testutil::host_tools_available()) {
      MESSAGE(testutil::host_tool_skipped("python3 scripts/gen-provider-lists"));
      return;
    }
    auto r = testutil::run_program({"/usr/bin/python3", (testutil::source_dir() / "scripts/gen-provider-lists").string(),
                                    testutil::shared_dir().string(), "out"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    for (const char* file : {"deltachat.xml", "fairemail.xml"}) {
      CHECK_MESSAGE(testutil::read_bytes(fs::path("out") / file) ==
                        testutil::read_bytes(testutil::source_dir() / "data" / "lists" / file),
                    file << " is stale: run scripts/gen-provider-lists and commit data/lists");
    }
  }

  TEST_CASE("the embedded database answers for as many domains as it did, and no fewer") {
    const auto db = Database::embedded();
#if MAILMEND_EMBEDS_FAIREMAIL
    CHECK(db.domain_count() == 1331);  // 1082 before China's providers and the two lists
    CHECK(db.provider_count() == 257);
#else
    CHECK(db.domain_count() == 1165);
#endif
  }

  TEST_CASE("Delta Chat's BROKEN rating is carried and shown by lookup") {
    const auto db = Database::embedded();
    auto outlook = db.lookup("outlook.com");
    REQUIRE(outlook);
    CHECK(providers::listed_as_broken(*outlook));
    const std::string text = providers::render_lookup_text(*outlook, "outlook.com");
    CHECK(text.find("Status in a client's provider list: broken (Delta Chat) (checked 2024-11)\n") != std::string::npos);
    CHECK(providers::lookup_json(*outlook, "outlook.com")["list_status"] == "broken (Delta Chat)");
    auto iua = db.lookup("i.ua");
    REQUIRE(iua);
    CHECK(iua->id == "deltachat:i.ua");
    CHECK(iua->incoming.empty());
    CHECK(providers::listed_as_broken(*iua));
    auto gmail = db.lookup("gmail.com");
    REQUIRE(gmail);
    CHECK_FALSE(providers::listed_as_broken(*gmail));
  }

  TEST_CASE("a list that gives other servers than the ISPDB is noted, and the ISPDB's servers stay") {
    const auto db = Database::embedded();
    auto netease = db.lookup("163.com");
    REQUIRE(netease);
    CHECK(netease->incoming[0].hostname == "imap.163.com");
    CHECK(has_note(*netease, providers::kListDisagreesFact,
                   "FairEmail lists imap imaphz.qiye.163.com:993 SSL, smtp smtphz.qiye.163.com:465 SSL; mailmend "
                   "follows the ISPDB (163.com.xml)"));
  }
}

TEST_SUITE("providers.china") {
  TEST_CASE("China's providers answer lookup with their servers, help links and unverified marks") {
    const auto db = Database::embedded();
    struct Expect {
      const char* domain;
      const char* id;
      const char* first_incoming;
      const char* first_outgoing;
      bool app_password;
    };
    for (const auto& e : std::vector<Expect>{
             {"qq.com", "qq.com", "imap.qq.com", "smtp.qq.com", true},
             {"foxmail.com", "qq.com", "imap.qq.com", "smtp.qq.com", true},
             {"vip.qq.com", "qq.com", "imap.qq.com", "smtp.qq.com", true},
             {"exmail.qq.com", "exmail.qq.com", "imap.exmail.qq.com", "smtp.exmail.qq.com", false},
             {"163.com", "163.com", "imap.163.com", "smtp.163.com", true},
             {"126.com", "126.com", "imap.126.com", "smtp.126.com", true},
             {"yeah.net", "yeah.net", "imap.yeah.net", "smtp.yeah.net", true},
             {"188.com", "netease-vip", "imap.%EMAILDOMAIN%", "smtp.%EMAILDOMAIN%", true},
             {"vip.163.com", "netease-vip", "imap.%EMAILDOMAIN%", "smtp.%EMAILDOMAIN%", true},
             {"vip.126.com", "netease-vip", "imap.%EMAILDOMAIN%", "smtp.%EMAILDOMAIN%", true},
             {"qiye.163.com", "qiye.163.com", "imaphz.qiye.163.com", "smtphz.qiye.163.com", false},
             {"aliyun.com", "aliyun.com", "imap.aliyun.com", "smtp.aliyun.com", true},
             {"qiye.aliyun.com", "qiye.aliyun.com", "imap.qiye.aliyun.com", "smtp.qiye.aliyun.com", false},
             {"sina.com", "sina.com", "pop.sina.com", "smtp.sina.com", false},
             {"sina.cn", "sina.com", "pop.sina.com", "smtp.sina.com", false},
             {"vip.sina.com", "vip.sina.com", "pop3.vip.sina.com", "smtp.vip.sina.com", false},
             {"sohu.com", "sohu.com", "imap.sohu.com", "smtp.sohu.com", true},
             {"139.com", "139.com", "imap.139.com", "smtp.139.com", false},
             {"189.cn", "189.cn", "imap.189.cn", "smtp.189.cn", false},
             {"21cn.com", "21cn.com", "imap.21cn.com", "smtp.21cn.com", false},
             {"tom.com", "tom.com", "imap.tom.com", "smtp.tom.com", false},
             {"263.net", "263.net", "imap.263.net", "smtp.263.net", false},
         }) {
      CAPTURE(e.domain);
      auto p = db.lookup(e.domain);
      REQUIRE(p);
      CHECK(p->id == e.id);
      REQUIRE_FALSE(p->incoming.empty());
      REQUIRE_FALSE(p->outgoing.empty());
      CHECK(p->incoming[0].hostname == e.first_incoming);
      CHECK(p->outgoing[0].hostname == e.first_outgoing);
      CHECK(p->app_password_required == e.app_password);
      for (const auto& n : p->notes) CHECK_MESSAGE(!n.source.empty(), n.fact);
    }
    // Company domains at Tencent Exmail, NetEase and Alibaba enterprise mail: by server host.
    CHECK(db.by_host("imap.exmail.qq.com")->id == "exmail.qq.com");
    CHECK(db.by_host("smtp.exmail.qq.com")->id == "exmail.qq.com");
    CHECK(db.by_host("imaphz.qiye.163.com")->id == "qiye.163.com");
    CHECK(db.by_host("smtp.qiye.aliyun.com")->id == "qiye.aliyun.com");
    // POP over TLS where the sources give it; unverified facts say so.
    auto qq = db.lookup("qq.com");
    CHECK(qq->incoming[1].hostname == "pop.qq.com");
    CHECK(qq->incoming[1].port == 995);
    CHECK(qq->documentation_url == "https://service.mail.qq.com/cgi-bin/help?subtype=1&id=28&no=1001256");
    CHECK_FALSE(providers::has_unverified_server(*qq, true, core::Protocol::Pop3));
    CHECK(providers::has_unverified_server(*db.lookup("tom.com"), true, core::Protocol::Pop3));
    CHECK(providers::has_unverified_server(*db.lookup("126.com"), true, core::Protocol::Pop3));
    CHECK_FALSE(providers::has_unverified_server(*db.lookup("126.com"), true, core::Protocol::Imap));
    CHECK(providers::is_unverified(*db.lookup("yeah.net"), "app_password_required"));
    CHECK_FALSE(providers::is_unverified(*qq, "app_password_required"));
    const std::string text = providers::render_lookup_text(*db.lookup("tom.com"), "tom.com");
    CHECK(text.find("  2. pop3  pop.tom.com  port 995  tls  (unverified)\n") != std::string::npos);
    auto json = providers::lookup_json(*db.lookup("126.com"), "126.com");
    CHECK(json["incoming"][0]["unverified"] == false);
    CHECK(json["outgoing"][1]["host"] == "smtp.126.com");
    CHECK(json["outgoing"][1]["port"] == 587);
    CHECK(json["outgoing"][1]["unverified"] == true);
    CHECK(text.find("  incoming_server = pop.tom.com:995 (unverified): no source found (searched 2026-12-06) (checked "
                    "2026-12-06)\n") != std::string::npos);
  }
}
