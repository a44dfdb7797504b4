#include "providers/database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/error.hpp"
#include "providers/ispdb.hpp"
#include "providers/schema.hpp"
#include "providers/snapshot.hpp"
#include "providers/source.hpp"
#include "providers/xmlload.hpp"
#include "util/text.hpp"

// Database::embedded() lives in the generated mm_providers_data library, so that this library
// (and the generator that builds the embedded bytes) does not depend on them.
namespace providers {

struct Database::Impl {
  std::unique_ptr<detail::Source> source;
  std::string origin;
  std::vector<Provider> policy;                   // from --policy files, they win
  std::map<std::string, std::size_t> policy_domains;
  std::vector<PolicyFile> policy_files;            // one per policy, same order
  // Providers loaded so far, by id (null: no such id): the accounts of many homes mostly name a few
  // providers, each read from the source once and copied after.
  mutable std::unordered_map<std::string, std::shared_ptr<const Provider>> loaded;
  mutable std::mutex loaded_mutex;

  std::optional<Provider> load(const std::string& id) const;
  std::optional<Provider> from_source_domain(const std::string& domain) const;
  std::optional<Provider> policy_by_domain(const std::string& domain) const;
  std::optional<Provider> by_literal_host(const std::string& host) const;
};

namespace {

core::AppError unusable_database(const std::string& origin, const i18n::Text& why) {
  return core::AppError(core::ExitCode::Usage, i18n::msg("{1}: not a usable provider database: {2}", {origin, why}));
}

std::string normalise_host(std::string_view host) {
  std::string h = util::to_lower(util::trim(host));
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

void check_format(SQLite::Database& db) {
  SQLite::Statement st(db, "SELECT value FROM meta WHERE key='format'");
  if (!st.executeStep() || st.getColumn(0).getString() != kDatabaseFormat) {
    throw std::runtime_error("unknown format (expected " + std::string(kDatabaseFormat) + ")");
  }
}

bool host_in(const std::vector<ServerSpec>& servers, const std::string& host) {
  return std::any_of(servers.begin(), servers.end(), [&](const ServerSpec& s) {
    return is_literal(s.hostname) && normalise_host(s.hostname) == host;
  });
}

}  // namespace

std::optional<Provider> Database::Impl::load(const std::string& id) const {
  std::shared_ptr<const Provider> kept;
  bool known = false;
  {
    std::lock_guard lock(loaded_mutex);
    if (auto it = loaded.find(id); it != loaded.end()) {
      kept = it->second;
      known = true;
    }
  }
  if (known) return kept ? std::optional<Provider>(*kept) : std::nullopt;  // copied without the lock
  std::optional<Provider> p = source->provider(id);
  if (p) p->origin = origin;
  std::lock_guard lock(loaded_mutex);
  loaded.emplace(id, p ? std::make_shared<const Provider>(*p) : nullptr);
  return p;
}

std::optional<Provider> Database::Impl::from_source_domain(const std::string& domain) const {
  const auto id = source->provider_of_domain(domain);
  return id ? load(*id) : std::nullopt;
}

std::optional<Provider> Database::Impl::policy_by_domain(const std::string& domain) const {
  auto it = policy_domains.find(domain);
  if (it == policy_domains.end()) return std::nullopt;
  return policy[it->second];
}

std::optional<Provider> Database::Impl::by_literal_host(const std::string& host) const {
  for (auto it = policy.rbegin(); it != policy.rend(); ++it) {
    bool retired = std::any_of(it->retired.begin(), it->retired.end(), [&](const RetiredHost& r) { return r.host == host; });
    if (host_in(it->incoming, host) || host_in(it->outgoing, host) || retired) return *it;
  }
  const auto id = source->provider_of_host(host);
  return id ? load(*id) : std::nullopt;
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

Database Database::open(const std::filesystem::path& file) {
  auto impl = std::make_unique<Impl>();
  impl->origin = file.string();
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw unusable_database(file.string(), i18n::msg("no such file"));
  if (!std::filesystem::is_regular_file(file, ec)) throw unusable_database(file.string(), i18n::msg("not a regular file"));
  try {
    auto db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READONLY);
    check_format(*db);
    impl->source = detail::sqlite_source(std::move(db));
  } catch (const std::exception& e) {
    throw unusable_database(file.string(), std::string(e.what()));
  }
  return Database(std::move(impl));
}

Database Database::from_bytes(std::span<const unsigned char> bytes, const std::string& origin) {
  auto impl = std::make_unique<Impl>();
  impl->origin = origin;
  try {
    auto db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE);
    // READONLY without FREEONCLOSE/RESIZEABLE: SQLite reads the caller's bytes in place, never writes them.
    auto* data = const_cast<unsigned char*>(bytes.data());
    auto size = static_cast<sqlite3_int64>(bytes.size());
    int rc = sqlite3_deserialize(db->getHandle(), "main", data, size, size, SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK) throw std::runtime_error(sqlite3_errstr(rc));
    // Pages are read where they lie (SQLite's memory-mapped access) instead of being copied into
    // its page cache: every copied page cost the run a fresh heap page (README "Performance").
    db->exec("PRAGMA mmap_size=" + std::to_string(size));
    check_format(*db);
    impl->source = detail::sqlite_source(std::move(db));
  } catch (const std::exception& e) {
    throw unusable_database(origin, std::string(e.what()));
  }
  return Database(std::move(impl));
}

Database Database::from_snapshot(std::span<const unsigned char> bytes, const std::string& origin) {
  auto impl = std::make_unique<Impl>();
  impl->origin = origin;
  auto source = detail::open_snapshot(bytes);
  if (!source) throw unusable_database(origin, i18n::text_of(source.error()));
  impl->source = std::move(*source);
  return Database(std::move(impl));
}

bool PolicyFile::usable_to_fix() const {
  return std::all_of(problems.begin(), problems.end(), [](const ImportIssue& i) { return i.harmless; });
}

void Database::add_policy(const std::filesystem::path& xml_file) {
  std::string file = xml_file.string();
  auto bytes = detail::read_xml_bytes(file);
  if (!bytes) throw core::AppError(core::ExitCode::Usage, bytes.error());
  auto parsed = parse_client_config(*bytes, file, false);
  if (!parsed) throw core::AppError(core::ExitCode::Usage, parsed.error());
  Provider p = std::move(parsed->provider);
  p.origin = "policy:" + file;
  PolicyFile loaded{file, p.domains, p.incoming.size() + p.outgoing.size(), std::move(parsed->warnings)};
  if (p.domains.empty()) {
    loaded.problems.push_back(
        ImportIssue::of(file, 0, i18n::msg("policy lists no <domain>; it can match only by server host"), true));
  }
  // (A server without a host, port or known socketType has its own problem line already.)
  if (p.incoming.empty() && p.outgoing.empty()) {
    loaded.problems.push_back(ImportIssue::of(
        file, 0, i18n::msg("policy lists no <incomingServer> or <outgoingServer>: nothing to judge accounts by")));
  }
  for (const auto& d : p.domains) impl_->policy_domains[d] = impl_->policy.size();
  impl_->policy.push_back(std::move(p));
  impl_->policy_files.push_back(std::move(loaded));
}

std::optional<Provider> Database::by_domain(const std::string& domain) const {
  std::string d = normalise_host(domain);
  if (d.empty()) return std::nullopt;
  if (auto p = impl_->policy_by_domain(d)) return p;
  return impl_->from_source_domain(d);
}

std::optional<Provider> Database::lookup(const std::string& address_or_domain) const {
  auto at = address_or_domain.rfind('@');
  return by_domain(at == std::string::npos ? address_or_domain : address_or_domain.substr(at + 1));
}

std::optional<Provider> Database::by_host(const std::string& host) const {
  std::string h = normalise_host(host);
  if (h.empty() || !is_literal(h)) return std::nullopt;
  if (auto p = impl_->by_literal_host(h)) return p;
  // A host inside a provider's own domain (mail.hoster.example under hoster.example).
  for (auto dot = h.find('.'); dot != std::string::npos; dot = h.find('.', dot + 1)) {
    std::string parent = h.substr(dot + 1);
    if (parent.find('.') == std::string::npos) break;
    if (auto p = by_domain(parent)) return p;
  }
  return std::nullopt;
}

std::optional<MxMatch> Database::by_mx_host(const std::string& host) const {
  const std::string h = normalise_host(host);
  if (h.empty()) return std::nullopt;
  std::vector<std::string> patterns{h};
  for (auto dot = h.find('.'); dot != std::string::npos; dot = h.find('.', dot + 1)) patterns.push_back("*" + h.substr(dot));
  for (const auto& pattern : patterns) {
    auto row = impl_->source->mx_pattern(pattern);
    if (!row) continue;
    std::string service = std::move(row->service);
    auto p = impl_->load(row->provider_id);
    if (!p) return std::nullopt;
    if (service.empty()) service = p->name;
    const bool unverified = is_unverified_mx_host(*p, pattern);
    return MxMatch{std::move(*p), pattern, std::move(service), unverified};
  }
  return std::nullopt;
}

std::optional<Match> Database::match(const core::Account& account) const {
  std::string email = account.email;
  for (const auto* ep : {&account.incoming, &account.outgoing}) {
    if (email.find('@') == std::string::npos && *ep && (*ep)->username.value.find('@') != std::string::npos) {
      email = (*ep)->username.value;
    }
  }
  auto mark = [](Provider p, MatchedBy by, std::string on) {
    bool from_policy = p.origin.rfind("policy:", 0) == 0;
    return Match{std::move(p), by, std::move(on), from_policy};
  };
  std::string domain = util::email_domain(email);
  if (!domain.empty()) {
    if (auto p = by_domain(domain)) return mark(std::move(*p), MatchedBy::EmailDomain, domain);
  }
  for (const auto* ep : {&account.incoming, &account.outgoing}) {
    if (!*ep || (*ep)->host.value.empty()) continue;
    if (auto p = by_host((*ep)->host.value)) return mark(std::move(*p), MatchedBy::ServerHost, normalise_host((*ep)->host.value));
  }
  return std::nullopt;
}

std::vector<std::string> Database::warnings() const {
  std::vector<std::string> out;
  for (const auto& f : impl_->policy_files) {
    for (const auto& issue : f.problems) out.push_back(issue.text());
  }
  return out;
}

const std::vector<PolicyFile>& Database::policy_files() const { return impl_->policy_files; }

i18n::Text Database::fix_hold_reason(const Provider& provider) const {
  for (const auto& f : impl_->policy_files) {
    if (provider.origin == "policy:" + f.file && !f.usable_to_fix()) {
      return i18n::msg("the policy {1} it is judged against has problems (listed with the sources)", {f.file});
    }
  }
  return {};
}
std::string Database::origin() const { return impl_->origin; }

std::size_t Database::provider_count() const { return impl_->source->provider_count() + impl_->policy.size(); }

std::size_t Database::domain_count() const { return impl_->source->domain_count(); }

std::string Database::snapshot() const { return detail::write_snapshot(*impl_->source); }

}  // namespace providers
