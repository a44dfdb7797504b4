#include "discovery/cache.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "i18n/text.hpp"
#include "util/system.hpp"

namespace discovery {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS answers("
    " domain TEXT PRIMARY KEY,"
    " step TEXT NOT NULL,"
    " location TEXT NOT NULL,"
    " authenticated INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " payload TEXT NOT NULL,"
    " stored_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL)";

const char* kind_name(Recipe::Kind k) {
  switch (k) {
    case Recipe::Kind::Config: return "config";
    case Recipe::Kind::DatabaseDomain: return "database-domain";
    case Recipe::Kind::DatabaseHost: return "database-host";
    case Recipe::Kind::DatabaseMx: return "database-mx";
  }
  return "config";
}

std::optional<Recipe::Kind> kind_of(const std::string& name) {
  for (auto k : {Recipe::Kind::Config, Recipe::Kind::DatabaseDomain, Recipe::Kind::DatabaseHost, Recipe::Kind::DatabaseMx}) {
    if (name == kind_name(k)) return k;
  }
  return std::nullopt;
}

std::optional<Step> step_of(const std::string& name) {
  for (auto s : {Step::Autoconfig, Step::WellKnown, Step::Ispdb, Step::Mx, Step::Srv, Step::Autodiscover}) {
    if (name == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace

struct Cache::Impl {
  std::filesystem::path file;
  std::unique_ptr<SQLite::Database> db;
};

Cache::Cache(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Cache::~Cache() = default;
Cache::Cache(Cache&&) noexcept = default;
Cache& Cache::operator=(Cache&&) noexcept = default;

util::Result<Cache> Cache::open(const std::filesystem::path& dir) {
  auto impl = std::make_unique<Impl>();
  impl->file = dir / "discovery.sqlite";
  try {
    std::error_code ec;
    if (std::filesystem::create_directories(dir, ec)) {
      std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    }
    impl->db = std::make_unique<SQLite::Database>(impl->file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    impl->db->setBusyTimeout(2000);
    impl->db->exec(kSchema);
  } catch (const std::exception& e) {
    return i18n::error(i18n::msg("{1}: cannot use the discovery cache: {2}", {impl->file.string(), std::string(e.what())}));
  }
  return Cache(std::move(impl));
}

std::optional<Found> Cache::get(const std::string& domain, const providers::Database& db, std::int64_t now) const {
  try {
    SQLite::Statement st(*impl_->db,
                         "SELECT step,location,authenticated,kind,payload,expires_at FROM answers WHERE domain=? AND expires_at>?");
    st.bind(1, domain);
    st.bind(2, static_cast<std::int64_t>(now));
    if (!st.executeStep()) return std::nullopt;
    const auto step = step_of(st.getColumn(0).getString());
    const auto kind = kind_of(st.getColumn(3).getString());
    if (!step || !kind) return std::nullopt;
    Found f;
    f.step = *step;
    f.where = st.getColumn(1).getString();
    f.authenticated = st.getColumn(2).getInt() != 0;
    f.recipe = {*kind, st.getColumn(4).getString()};
    f.ttl = std::chrono::seconds(st.getColumn(5).getInt64() - now);
    auto provider = rebuild(domain, f.recipe, f.step, f.where, f.authenticated, db);
    if (!provider) return std::nullopt;
    f.provider = std::move(*provider);
    return f;
  } catch (const std::exception&) {
    return std::nullopt;  // an unreadable cache is a miss
  }
}

util::Status Cache::put(const std::string& domain, const Found& found, std::int64_t now) {
  const auto ttl = std::min(found.ttl, kMaxTtl).count();
  try {
    if (ttl <= 0) {
      SQLite::Statement del(*impl_->db, "DELETE FROM answers WHERE domain=?");
      del.bind(1, domain);
      del.exec();
      return {};
    }
    SQLite::Statement st(*impl_->db, "INSERT OR REPLACE INTO answers VALUES(?,?,?,?,?,?,?,?)");
    st.bind(1, domain);
    st.bind(2, std::string(to_string(found.step)));
    st.bind(3, found.where);
    st.bind(4, found.authenticated ? 1 : 0);
    st.bind(5, kind_name(found.recipe.kind));
    st.bind(6, found.recipe.payload);
    st.bind(7, static_cast<std::int64_t>(now));
    st.bind(8, static_cast<std::int64_t>(now + ttl));
    st.exec();
  } catch (const std::exception& e) {
    return i18n::error(i18n::msg("{1}: cannot write the discovery cache: {2}", {impl_->file.string(), std::string(e.what())}));
  }
  return {};
}

std::filesystem::path Cache::file() const { return impl_->file; }

std::filesystem::path default_cache_dir() { return util::user_cache_folder() / "mailmend"; }

}  // namespace discovery
