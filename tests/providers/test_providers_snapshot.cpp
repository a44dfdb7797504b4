// Tests for the embedded provider snapshot (providers/snapshot.hpp): it answers every question
// exactly as the SQLite database the build wrote it from, and bad snapshot bytes are refused or
// read without crashing.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>

#include "core/error.hpp"
#include "providers/database.hpp"
#include "providers/embedded.hpp"

using providers::Database;

namespace {

// Every field of a provider, in one line per part (the test's own spelling, not the snapshot's).
std::string describe(const providers::Provider& p) {
  std::string out = p.id + "|" + p.name + "|" + p.short_name + "|" + p.documentation_url + "|" +
                    std::to_string(p.oauth2_only) + std::to_string(p.app_password_required) +
                    std::to_string(p.imap_must_be_enabled) + "|" + p.oauth2_only_smtp_from + "|" + p.last_checked +
                    "|" + p.source + "|" + p.origin + "\n";
  for (const auto& d : p.domains) out += "domain " + d + "\n";
  for (const auto* servers : {&p.incoming, &p.outgoing}) {
    for (const auto& s : *servers) {
      out += std::string(servers == &p.incoming ? "in " : "out ") + std::string(core::to_string(s.protocol)) + " " +
             s.type + " " + s.hostname + ":" + std::to_string(s.port) + " " + std::string(core::to_string(s.security)) + " [";
      for (auto a : s.auths) out += std::string(core::to_string(a)) + ",";
      out += "] " + s.username + " " + s.url + " " + std::to_string(s.accepted) + " [";
      for (const auto& u : s.accepted_usernames) out += u + ",";
      out += "] " + s.source + " " + std::to_string(s.unverified) + "\n";
    }
  }
  for (const auto& r : p.retired) out += "retired " + r.host + "|" + r.replacement + "|" + r.since + "|" + r.note + "\n";
  for (const auto& m : p.mx_hosts) out += "mx " + m.pattern + "|" + m.service + "\n";
  for (const auto& n : p.notes) out += "note " + n.fact + "|" + n.value + "|" + n.source + "|" + n.last_checked + "\n";
  return out;
}

std::string describe(const std::optional<providers::Provider>& p) { return p ? describe(*p) : "none"; }

std::string describe(const std::optional<providers::MxMatch>& m) {
  return m ? m->pattern + " " + m->service + " " + std::to_string(m->unverified) + " " + describe(m->provider) : "none";
}

std::vector<std::string> column(SQLite::Database& db, const char* sql) {
  SQLite::Statement st(db, sql);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

// The SQLite database the build imported data/ into and wrote the embedded snapshot from.
const char* const kBuiltDatabase = MAILMEND_PROVIDERS_SQLITE;

}  // namespace

TEST_SUITE("providers.snapshot") {
  TEST_CASE("the embedded snapshot answers every domain, host and MX pattern as its SQLite database does") {
    const auto sql = Database::open(kBuiltDatabase);
    const auto embedded = Database::embedded();
    // Both name their origin the same for the comparison; the embedded one says "embedded".
    const auto same_origin = Database::from_snapshot(providers::embedded_snapshot_bytes(), kBuiltDatabase);
    SQLite::Database raw(kBuiltDatabase, SQLite::OPEN_READONLY);
    const auto domains = column(raw, "SELECT domain FROM domains");
    const auto hosts = column(raw, "SELECT DISTINCT host FROM hosts");
    const auto patterns = column(raw, "SELECT pattern FROM mx_hosts");
    REQUIRE(domains.size() == sql.domain_count());
    REQUIRE(hosts.size() > 100);
    REQUIRE(patterns.size() > 10);
    std::size_t compared = 0;
    for (const auto& d : domains) {
      const auto expected = describe(sql.by_domain(d));
      REQUIRE(expected != "none");
      CHECK_MESSAGE(describe(same_origin.by_domain(d)) == expected, d);
      ++compared;
    }
    for (const auto& h : hosts) {
      CHECK_MESSAGE(describe(same_origin.by_host(h)) == describe(sql.by_host(h)), h);
      ++compared;
    }
    for (const auto& p : patterns) {
      // A "*." pattern is matched by a host under it.
      const std::string host = p.rfind("*.", 0) == 0 ? "mx1" + p.substr(1) : p;
      CHECK_MESSAGE(describe(same_origin.by_mx_host(host)) == describe(sql.by_mx_host(host)), host);
      ++compared;
    }
    // Names the database does not hold, and names only a parent domain or a normalisation finds.
    for (std::string miss : {"nowhere.invalid", "", "gmail.co", "mail.hoster-unknown.example", "Imap.GMAIL.com.",
                             "smtp.sub.outlook.com", "a", "zzzz.zz", "-", "*.google.com"}) {
      CHECK_MESSAGE(describe(same_origin.by_domain(miss)) == describe(sql.by_domain(miss)), miss);
      CHECK_MESSAGE(describe(same_origin.by_host(miss)) == describe(sql.by_host(miss)), miss);
      CHECK_MESSAGE(describe(same_origin.by_mx_host(miss)) == describe(sql.by_mx_host(miss)), miss);
    }
    CHECK(compared == domains.size() + hosts.size() + patterns.size());
    CHECK(embedded.provider_count() == sql.provider_count());
    CHECK(embedded.domain_count() == sql.domain_count());
    CHECK(embedded.by_domain("gmail.com")->origin == "embedded");
  }

  TEST_CASE("a snapshot read back writes the same bytes, and the build embedded exactly that") {
    const auto sql = Database::open(kBuiltDatabase);
    const std::string written = sql.snapshot();
    const auto bytes = providers::embedded_snapshot_bytes();
    CHECK(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()) == written);
    CHECK(Database::embedded().snapshot() == written);
    CHECK(written.compare(0, 4, "MMPS") == 0);
  }

  TEST_CASE("bytes that are not a snapshot are refused; cut or altered ones never crash") {
    const auto error_of = [](std::span<const unsigned char> bytes) {
      try {
        Database::from_snapshot(bytes, "snap");
      } catch (const core::AppError& e) {
        return std::to_string(static_cast<int>(e.code())) + " " + e.what();
      }
      return std::string("opened");
    };
    const unsigned char junk[] = {'S', 'Q', 'L', 'i', 't', 'e'};
    CHECK(error_of(junk) == "2 snap: not a usable provider database: provider snapshot: not a provider snapshot");
    const unsigned char version2[] = {'M', 'M', 'P', 'S', 2, 0, 0, 0};
    CHECK(error_of(version2) == "2 snap: not a usable provider database: provider snapshot: version 2, expected 1");
    const unsigned char empty[] = {'M', 'M', 'P', 'S', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK(error_of(empty) == "opened");
    CHECK(error_of(std::span<const unsigned char>(empty, 20)) ==
          "2 snap: not a usable provider database: provider snapshot: key tables cut short");

    const auto whole = providers::embedded_snapshot_bytes();
    // Every question a run can ask, of a snapshot that opened: each answer is a provider, none, or
    // (a record cut or altered past its table) a std::runtime_error; never a read outside the bytes.
    const auto ask_everything = [](const Database& db) {
      std::size_t answers = 0;
      for (const char* name : {"gmail.com", "outlook.com", "qq.com", "163.com", "imap.gmail.com", "pop3.live.com",
                               "aspmx.l.google.com", "mx1.qq.com", "t-online.de", "nowhere.invalid"}) {
        for (auto ask : {std::function<bool()>([&] { return db.by_domain(name).has_value(); }),
                         std::function<bool()>([&] { return db.by_host(name).has_value(); }),
                         std::function<bool()>([&] { return db.by_mx_host(name).has_value(); })}) {
          try {
            answers += ask() ? 1 : 0;
          } catch (const std::runtime_error&) {
          }
        }
      }
      return answers;
    };
    std::size_t opened = 0, refused = 0;
    // Cut at every length up to 4 KiB (the header and tables), then in steps through the data.
    std::vector<std::size_t> sizes;
    for (std::size_t size = 0; size < whole.size(); size += size < 4096 ? 1 : 997) sizes.push_back(size);
    sizes.push_back(whole.size());
    for (std::size_t size : sizes) {
      try {
        const auto db = Database::from_snapshot(whole.first(size), "cut");
        ask_everything(db);
        ++opened;
      } catch (const core::AppError&) {
        ++refused;
      }
    }
    CHECK(refused > 4000);  // the header and the tables (their extents are checked when opened)
    CHECK(opened > 10);  // cut in the data: opened, and what lies past the cut throws when it is read
    // One byte altered at a time, at positions spread over the header, the tables and the data.
    std::vector<unsigned char> altered(whole.begin(), whole.end());
    std::size_t alterations = 0;
    for (std::size_t at = 0; at < altered.size(); at += at < 64 ? 1 : 211) {
      for (unsigned char value : {0x00, 0x7f, 0xff}) {
        const unsigned char kept = altered[at];
        altered[at] = value;
        try {
          ask_everything(Database::from_snapshot(altered, "altered"));
        } catch (const core::AppError&) {
        }
        altered[at] = kept;
        ++alterations;
      }
    }
    CHECK(alterations > 1000);
    CHECK(ask_everything(Database::from_snapshot(altered, "restored")) == ask_everything(Database::embedded()));
  }
}
