// The rows of an SQLite provider database (schemas/providers.sql), for providers::Database.
#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <mutex>
#include <unordered_map>

#include "providers/source.hpp"
#include "util/text.hpp"

namespace providers::detail {
namespace {

std::vector<core::Auth> parse_auths(const std::string& text) {
  std::vector<core::Auth> out;
  for (const auto& a : util::split(text, ' ', true)) out.push_back(core::parse_auth(a).value_or(core::Auth::Unknown));
  return out;
}

ServerSpec server_from_row(SQLite::Statement& st) {
  ServerSpec s;
  s.type = st.getColumn(0).getString();
  s.protocol = core::parse_protocol(s.type).value_or(core::Protocol::Unknown);
  s.hostname = st.getColumn(1).getString();
  s.port = st.getColumn(2).getInt();
  s.security = core::parse_security(st.getColumn(3).getString()).value_or(core::Security::Unknown);
  s.auths = parse_auths(st.getColumn(4).getString());
  s.username = st.getColumn(5).getString();
  s.url = st.getColumn(6).getString();
  s.accepted = st.getColumn(8).getInt() != 0;
  s.accepted_usernames = util::split(st.getColumn(9).getString(), ' ', true);
  s.source = st.getColumn(10).getString();
  return s;
}

constexpr const char* kDomainQuery = "SELECT provider_id FROM domains WHERE domain=?";
constexpr const char* kHostQuery =
    "SELECT provider_id FROM hosts WHERE host=? ORDER BY rank DESC, role='retired', provider_id LIMIT 1";

class SqliteSource final : public Source {
 public:
  explicit SqliteSource(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

  std::optional<std::string> provider_of_domain(const std::string& domain) const override {
    return provider_id(kDomainQuery, domain);
  }
  std::optional<std::string> provider_of_host(const std::string& host) const override {
    return provider_id(kHostQuery, host);
  }
  std::optional<MxRow> mx_pattern(const std::string& pattern) const override {
    std::lock_guard lock(sql_mutex_);
    SQLite::Statement& st = statement("SELECT provider_id,service FROM mx_hosts WHERE pattern=?");
    st.bind(1, pattern);
    if (!st.executeStep()) return std::nullopt;
    return MxRow{st.getColumn(0).getString(), st.getColumn(1).getString()};
  }
  std::optional<Provider> provider(const std::string& id) const override {
    std::lock_guard lock(sql_mutex_);
    return load(id);
  }
  std::size_t provider_count() const override { return count("SELECT count(*) FROM providers"); }
  std::size_t domain_count() const override { return count("SELECT count(*) FROM domains"); }
  SourceKeys keys() const override {
    return {column("SELECT id FROM providers ORDER BY id"), column("SELECT domain FROM domains ORDER BY domain"),
            column("SELECT DISTINCT host FROM hosts ORDER BY host"),
            column("SELECT pattern FROM mx_hosts ORDER BY pattern")};
  }

 private:
  std::unique_ptr<SQLite::Database> db_;
  // Each query is prepared once and reused (reset, bindings cleared): preparing was most of a
  // lookup's cost. Declared after `db_`, so destroyed before it. The connection and its statements
  // serve one thread at a time (sql_mutex_, held only while a query runs): the audit matches
  // accounts on several.
  mutable std::map<const char*, std::unique_ptr<SQLite::Statement>> prepared_;
  mutable std::mutex sql_mutex_;
  // Provider ids looked up so far, per query and value: the accounts of many homes ask for the
  // same few domains and hosts.
  mutable std::map<const char*, std::unordered_map<std::string, std::optional<std::string>>> ids_found_;
  mutable std::mutex ids_mutex_;

  SQLite::Statement& statement(const char* sql) const {
    auto& st = prepared_[sql];
    if (!st) {
      st = std::make_unique<SQLite::Statement>(*db_, sql);
    } else {
      st->reset();
      st->clearBindings();
    }
    return *st;
  }

  // The provider_id column of the first row `sql` gives for `value`.
  std::optional<std::string> provider_id(const char* sql, const std::string& value) const {
    {
      std::lock_guard lock(ids_mutex_);
      const auto& found = ids_found_[sql];
      if (auto it = found.find(value); it != found.end()) return it->second;
    }
    std::optional<std::string> id;
    {
      std::lock_guard lock(sql_mutex_);
      SQLite::Statement& st = statement(sql);
      st.bind(1, value);
      if (st.executeStep()) id = st.getColumn(0).getString();
    }
    std::lock_guard lock(ids_mutex_);
    ids_found_[sql].emplace(value, id);
    return id;
  }

  std::size_t count(const char* sql) const {
    std::lock_guard lock(sql_mutex_);
    SQLite::Statement st(*db_, sql);
    st.executeStep();
    return static_cast<std::size_t>(st.getColumn(0).getInt64());
  }

  std::vector<std::string> column(const char* sql) const {
    std::lock_guard lock(sql_mutex_);
    SQLite::Statement st(*db_, sql);
    std::vector<std::string> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
  }

  std::optional<Provider> load(const std::string& id) const;
};

std::optional<Provider> SqliteSource::load(const std::string& id) const {
  SQLite::Statement& p = statement("SELECT name,short_name,documentation_url,oauth2_only,app_password_required,imap_must_be_enabled,"
                                   "last_checked,origin,oauth2_only_smtp_from FROM providers WHERE id=?");
  p.bind(1, id);
  if (!p.executeStep()) return std::nullopt;
  Provider out;
  out.id = id;
  out.name = p.getColumn(0).getString();
  out.short_name = p.getColumn(1).getString();
  out.documentation_url = p.getColumn(2).getString();
  out.oauth2_only = p.getColumn(3).getInt() != 0;
  out.app_password_required = p.getColumn(4).getInt() != 0;
  out.imap_must_be_enabled = p.getColumn(5).getInt() != 0;
  out.last_checked = p.getColumn(6).getString();
  out.source = p.getColumn(7).getString();
  out.oauth2_only_smtp_from = p.getColumn(8).getString();

  SQLite::Statement& d = statement("SELECT domain FROM domains WHERE provider_id=? ORDER BY rowid");
  d.bind(1, id);
  while (d.executeStep()) out.domains.push_back(d.getColumn(0).getString());

  SQLite::Statement& s = statement("SELECT protocol,hostname,port,socket_type,auth,username,url,direction,accepted,accepted_usernames,source "
                                   "FROM servers "
                                   "WHERE provider_id=? ORDER BY direction,position");
  s.bind(1, id);
  while (s.executeStep()) {
    (s.getColumn(7).getString() == "incoming" ? out.incoming : out.outgoing).push_back(server_from_row(s));
  }
  SQLite::Statement& r = statement("SELECT host,replacement,since,note FROM retired_hosts WHERE provider_id=? ORDER BY rowid");
  r.bind(1, id);
  while (r.executeStep()) {
    out.retired.push_back({r.getColumn(0).getString(), r.getColumn(1).getString(), r.getColumn(2).getString(),
                           r.getColumn(3).getString()});
  }
  SQLite::Statement& m = statement("SELECT pattern,service FROM mx_hosts WHERE provider_id=? ORDER BY rowid");
  m.bind(1, id);
  while (m.executeStep()) out.mx_hosts.push_back({m.getColumn(0).getString(), m.getColumn(1).getString()});
  SQLite::Statement& f = statement("SELECT fact,value,source,last_checked FROM facts WHERE provider_id=? ORDER BY rowid");
  f.bind(1, id);
  while (f.executeStep()) {
    out.notes.push_back({f.getColumn(0).getString(), f.getColumn(1).getString(), f.getColumn(2).getString(),
                         f.getColumn(3).getString()});
  }
  return out;
}

}  // namespace

std::unique_ptr<Source> sqlite_source(std::unique_ptr<SQLite::Database> db) {
  return std::make_unique<SqliteSource>(std::move(db));
}

}  // namespace providers::detail
