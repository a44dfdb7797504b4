#include "providers/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>


#include "core/error.hpp"
#include "providers/schema.hpp"
#include "util/file.hpp"
#include "util/sqlite_image.hpp"
#include "util/text.hpp"

namespace providers {
namespace fs = std::filesystem;

int host_rank(const std::string& host, const std::vector<std::string>& provider_domains) {
  int best = 0;
  for (const auto& d : provider_domains) {
    bool inside = host == d || (host.size() > d.size() && util::ends_with_icase(host, "." + d));
    if (inside && static_cast<int>(d.size()) > best) best = static_cast<int>(d.size());
  }
  return best;
}

namespace {

std::string auth_list(const std::vector<core::Auth>& auths) {
  std::vector<std::string> names;
  for (auto a : auths) names.emplace_back(core::to_string(a));
  return util::join(names, " ");
}

// Binds the arguments in order, runs the statement and readies it for the next row.
template <class... Args>
void insert_row(SQLite::Statement& st, const Args&... args) {
  SQLite::bind(st, args...);
  st.exec();
  st.reset();
}

void insert_servers(SQLite::Database& db, const Provider& p, const char* direction, const std::vector<ServerSpec>& servers) {
  SQLite::Statement st(db,
                       "INSERT INTO servers(provider_id,direction,position,protocol,hostname,port,socket_type,auth,"
                       "username,url,accepted,accepted_usernames,source) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  SQLite::Statement host(db, "INSERT OR IGNORE INTO hosts(host,provider_id,role,rank) VALUES(?,?,?,?)");
  int position = 0;
  for (const auto& s : servers) {
    insert_row(st, p.id, direction, position++, s.type.empty() ? std::string(core::to_string(s.protocol)) : s.type,
               s.hostname, s.port, std::string(core::to_string(s.security)), auth_list(s.auths), s.username, s.url,
               s.accepted ? 1 : 0, util::join(s.accepted_usernames, " "), s.source);
    std::string h = util::to_lower(s.hostname);
    if (h.empty() || !is_literal(h)) continue;
    insert_row(host, h, p.id, direction, host_rank(h, p.domains));
  }
}

void insert_provider(SQLite::Database& db, const Provider& p) {
  SQLite::Statement st(db,
                       "INSERT INTO providers(id,name,short_name,documentation_url,oauth2_only,app_password_required,"
                       "imap_must_be_enabled,last_checked,origin,oauth2_only_smtp_from) VALUES(?,?,?,?,?,?,?,?,?,?)");
  insert_row(st, p.id, p.name, p.short_name, p.documentation_url, p.oauth2_only ? 1 : 0,
             p.app_password_required ? 1 : 0, p.imap_must_be_enabled ? 1 : 0, p.last_checked, p.source,
             p.oauth2_only_smtp_from);

  SQLite::Statement dom(db, "INSERT INTO domains(domain,provider_id) VALUES(?,?)");
  for (const auto& d : p.domains) {
    insert_row(dom, d, p.id);
  }
  insert_servers(db, p, "incoming", p.incoming);
  insert_servers(db, p, "outgoing", p.outgoing);

  SQLite::Statement ret(db, "INSERT OR REPLACE INTO retired_hosts(provider_id,host,replacement,since,note) VALUES(?,?,?,?,?)");
  SQLite::Statement host(db, "INSERT OR IGNORE INTO hosts(host,provider_id,role,rank) VALUES(?,?,'retired',?)");
  for (const auto& r : p.retired) {
    insert_row(ret, p.id, r.host, r.replacement, r.since, r.note);
    insert_row(host, util::to_lower(r.host), p.id, host_rank(util::to_lower(r.host), p.domains));
  }
  SQLite::Statement mx(db, "INSERT INTO mx_hosts(pattern,provider_id,service) VALUES(?,?,?)");
  for (const auto& m : p.mx_hosts) {
    insert_row(mx, m.pattern, p.id, m.service);
  }
  SQLite::Statement fact(db, "INSERT INTO facts(provider_id,fact,value,source,last_checked) VALUES(?,?,?,?,?)");
  for (const auto& n : p.notes) {
    insert_row(fact, p.id, n.fact, n.value, n.source, n.last_checked);
  }
}

void fill_database(SQLite::Database& db, const ImportResult& imported) {
  db.exec("PRAGMA page_size=1024");
  SQLite::Transaction tx(db);
  db.exec(kSchemaSql);
  SQLite::Statement meta(db, "INSERT INTO meta(key,value) VALUES(?,?)");
  auto put = [&meta](const std::string& k, const std::string& v) { insert_row(meta, k, v); };
  put("format", kDatabaseFormat);
  put("providers", std::to_string(imported.providers.size()));
  put("domains", std::to_string(imported.domain_count()));
  for (const auto& p : imported.providers) insert_provider(db, p);
  tx.commit();
  db.exec("VACUUM");
}

}  // namespace

// Built in memory and written whole by util::write_file_atomic: a reader sees the old database or
// the new one, and an output that is not a regular file (a device such as /dev/null, a FIFO, a
// folder) is refused instead of being replaced.
void write_database(const ImportResult& imported, const fs::path& out) {
  std::string image;
  try {
    image = util::sqlite_file_image([&](SQLite::Database& db) { fill_database(db, imported); });
  } catch (const std::exception& e) {
    throw core::AppError(core::ExitCode::Usage, i18n::msg("{1}: cannot write the provider database: {2}",
                                                          {util::printable(out.string()), std::string(e.what())}));
  }
  if (auto written = util::write_file_atomic(out, image); !written) {
    throw core::AppError(core::ExitCode::Usage, written.error());
  }
}

ImportSummary import_to_database(const std::vector<fs::path>& inputs, const fs::path& out) {
  ImportResult imported = import_ispdb(inputs);
  if (imported.files_read == 0) {
    const i18n::Text why = imported.errors.empty() ? i18n::msg("no .xml file found") : i18n::Text(imported.errors.front().text());
    throw core::AppError(core::ExitCode::Usage, i18n::msg("providers import: no provider file could be read ({1})", {why}));
  }
  write_database(imported, out);
  ImportSummary s;
  s.files = imported.files_read;
  s.providers = imported.providers.size();
  s.domains = imported.domain_count();
  s.incoming = imported.incoming_count();
  s.outgoing = imported.outgoing_count();
  s.warnings = std::move(imported.warnings);
  s.errors = std::move(imported.errors);
  return s;
}

}  // namespace providers
