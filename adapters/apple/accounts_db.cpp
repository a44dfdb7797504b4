#include "adapters/apple/accounts_db.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "adapters/apple/auth_scheme.hpp"
#include "adapters/apple/client_id.hpp"
#include "adapters/apple/findings.hpp"
#include "adapters/apple/keyed_archive.hpp"
#include "util/private_copy.hpp"
#include "adapters/apple/tls_mode.hpp"
#include "util/text.hpp"

namespace adapters::apple {
namespace {

constexpr std::size_t kMaxRows = 200'000;

using Columns = std::set<std::string>;
using Properties = std::map<std::string, std::optional<ArchivedScalar>>;

struct AccountRow {
  std::int64_t pk = 0;
  std::string type;  // ZACCOUNTTYPE.ZIDENTIFIER, e.g. com.apple.account.IMAP
  std::string identifier;
  std::optional<std::int64_t> parent;
  std::optional<std::string> username;
  std::string description;
  Properties properties;
};

Columns columns_of(SQLite::Database& db, const std::string& table) {
  Columns out;
  SQLite::Statement q(db, "PRAGMA table_info(\"" + table + "\")");
  while (q.executeStep()) out.insert(q.getColumn("name").getString());
  return out;
}

std::string select_list(const Columns& have, const std::vector<std::string>& wanted) {
  std::string out;
  for (const auto& c : wanted) {
    if (!out.empty()) out += ", ";
    out += have.count(c) ? "\"" + c + "\"" : "NULL";
  }
  return out;
}

std::optional<std::string> text_column(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

// ZPARENTACCOUNT is INTEGER in the real Accounts3 and VARCHAR per plaso's Accounts4 schema.
std::optional<std::int64_t> parent_column(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  if (c.isInteger()) return c.getInt64() != 0 ? std::optional<std::int64_t>(c.getInt64()) : std::nullopt;
  std::string s = c.getString();
  if (s.empty() || s == "0") return std::nullopt;
  try {
    return std::stoll(s);
  } catch (...) {
    return -1;  // a parent that is not a row number: still a child account
  }
}

class DbReader {
 public:
  DbReader(SQLite::Database& db, std::string file) : db_(db), file_(std::move(file)) {}

  util::Result<core::ReadOutput> run() {
    for (const char* table : {"ZACCOUNT", "ZACCOUNTTYPE", "ZACCOUNTPROPERTY", "Z_PRIMARYKEY"}) {
      if (columns_of(db_, table).empty()) return util::make_error(file_ + ": no table " + table + ": not an Accounts database");
      // A planted view (a recursive one never ends) or virtual table is not what Core Data writes.
      if (!ordinary_table(table)) {
        return util::make_error(file_ + ": " + table + " is a view or virtual table, not a table: not an Accounts database");
      }
    }
    read_entities();
    if (auto s = read_types(); !s) return s.error();
    if (auto s = read_accounts(); !s) return s.error();
    read_properties();
    build_accounts();
    return std::move(out_);
  }

 private:
  bool ordinary_table(const char* name) {
    SQLite::Statement q(db_, "SELECT type, sql FROM sqlite_master WHERE name = ? COLLATE NOCASE");
    q.bind(1, name);
    // SQLite builds the object from its CREATE statement (kept with "CREATE TABLE" normalised), not from `type`.
    if (!q.executeStep() || q.getColumn(0).getString() != "table") return false;
    return util::to_lower(q.getColumn(1).getString()).starts_with("create table");
  }

  void read_entities() {
    SQLite::Statement q(db_, "SELECT Z_ENT, Z_NAME FROM Z_PRIMARYKEY");
    while (q.executeStep()) entities_[q.getColumn(1).getString()] = q.getColumn(0).getInt64();
  }

  // "AND Z_ENT = n" when the table has Z_ENT and Z_PRIMARYKEY names the entity.
  std::string entity_filter(const Columns& cols, const std::string& entity) const {
    auto it = entities_.find(entity);
    if (!cols.count("Z_ENT") || it == entities_.end()) return "";
    return " AND Z_ENT = " + std::to_string(it->second);
  }

  util::Status require(const Columns& cols, const std::string& table, std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (!cols.count(n)) return util::make_error(file_ + ": table " + table + " has no column " + n);
    return {};
  }

  util::Status read_types() {
    Columns cols = columns_of(db_, "ZACCOUNTTYPE");
    if (auto s = require(cols, "ZACCOUNTTYPE", {"Z_PK", "ZIDENTIFIER"}); !s) return s;
    SQLite::Statement q(db_, "SELECT Z_PK, ZIDENTIFIER FROM ZACCOUNTTYPE WHERE 1" + entity_filter(cols, "AccountType"));
    while (q.executeStep()) types_[q.getColumn(0).getInt64()] = q.getColumn(1).getString();
    return {};
  }

  util::Status read_accounts() {
    Columns cols = columns_of(db_, "ZACCOUNT");
    if (auto s = require(cols, "ZACCOUNT", {"Z_PK", "ZACCOUNTTYPE"}); !s) return s;
    SQLite::Statement q(db_, "SELECT " +
                                 select_list(cols, {"Z_PK", "ZACCOUNTTYPE", "ZIDENTIFIER", "ZPARENTACCOUNT", "ZUSERNAME",
                                                    "ZACCOUNTDESCRIPTION"}) +
                                 " FROM ZACCOUNT WHERE 1" + entity_filter(cols, "Account") + " ORDER BY Z_PK");
    while (q.executeStep() && rows_.size() < kMaxRows) {
      AccountRow r;
      r.pk = q.getColumn(0).getInt64();
      r.type = types_.count(q.getColumn(1).getInt64()) ? types_[q.getColumn(1).getInt64()] : "";
      r.identifier = text_column(q.getColumn(2)).value_or("Z_PK=" + std::to_string(r.pk));
      r.parent = parent_column(q.getColumn(3));
      r.username = text_column(q.getColumn(4));
      r.description = text_column(q.getColumn(5)).value_or("");
      index_[r.pk] = rows_.size();
      by_identifier_.emplace(r.identifier, rows_.size());
      rows_.push_back(std::move(r));
    }
    return {};
  }

  void read_properties() {
    Columns cols = columns_of(db_, "ZACCOUNTPROPERTY");
    if (!cols.count("ZOWNER") || !cols.count("ZKEY") || !cols.count("ZVALUE")) return;
    SQLite::Statement q(db_, "SELECT ZOWNER, ZKEY, ZVALUE FROM ZACCOUNTPROPERTY WHERE 1" +
                                 entity_filter(cols, "AccountProperty"));
    std::size_t n = 0;
    while (q.executeStep() && ++n <= kMaxRows) {
      auto row = index_.find(q.getColumn(0).getInt64());
      if (row == index_.end() || q.getColumn(1).isNull()) continue;
      SQLite::Column value = q.getColumn(2);
      std::string_view blob(static_cast<const char*>(value.getBlob()), static_cast<std::size_t>(value.getBytes()));
      std::optional<ArchivedScalar> decoded;
      if (auto d = decode_archived_scalar(blob)) decoded = *d;
      rows_[row->second].properties[q.getColumn(1).getString()] = decoded;
    }
  }

  const AccountRow* row_by_pk(std::optional<std::int64_t> pk) const {
    if (!pk) return nullptr;
    auto it = index_.find(*pk);
    return it == index_.end() ? nullptr : &rows_[it->second];
  }

  const AccountRow* row_by_identifier(const std::string& id) const {
    auto it = by_identifier_.find(id);
    return it == by_identifier_.end() ? nullptr : &rows_[it->second];
  }

  core::Origin origin(const AccountRow& r, const std::string& key, bool present) const {
    return core::Origin{file_, "ZACCOUNT[" + r.identifier + "]." + key, 0, !present};
  }

  static const std::optional<ArchivedScalar>* prop(const AccountRow& r, const std::string& key) {
    auto it = r.properties.find(key);
    return it == r.properties.end() ? nullptr : &it->second;
  }
  static std::optional<ArchivedScalar> value(const AccountRow& r, const std::string& key) {
    auto p = prop(r, key);
    return p ? *p : std::nullopt;
  }

  core::Endpoint endpoint(const AccountRow& r, core::Protocol protocol) const {
    core::Endpoint e;
    e.protocol = protocol;
    e.host = {scalar_text(value(r, "Hostname")).value_or(""), origin(r, "Hostname", prop(r, "Hostname"))};
    std::int64_t raw_port = scalar_int(value(r, "PortNumber")).value_or(0);
    if (raw_port < 0 || raw_port > 65535) raw_port = 0;
    bool ssl = scalar_bool(value(r, "SSLEnabled")).value_or(false);
    auto direct = scalar_bool(value(r, "SSLIsDirect"));
    core::Security security = account_store_security(protocol, ssl, direct, raw_port);
    const char* security_key = ssl && direct ? "SSLIsDirect" : "SSLEnabled";
    e.security = {security, origin(r, security_key, prop(r, security_key))};
    int port = raw_port > 0 ? static_cast<int>(raw_port) : default_port(protocol, security == core::Security::Tls);
    e.port = {port, origin(r, "PortNumber", prop(r, "PortNumber"))};
    e.auth = {auth_from_scheme(scalar_text(value(r, "AuthenticationScheme"))),
              origin(r, "AuthenticationScheme", prop(r, "AuthenticationScheme"))};
    if (r.username) {
      e.username = {*r.username, origin(r, "ZUSERNAME", true)};
    } else {
      e.username = {scalar_text(value(r, "Username")).value_or(""), origin(r, "Username", prop(r, "Username"))};
    }
    return e;
  }

  // The managed marker of a row, if any (reference §4.3).
  static std::optional<std::string> managed_marker(const AccountRow& r) {
    for (const auto& [key, v] : r.properties) {
      bool marker = (key == "MCAccountIsManaged" && scalar_bool(v) == true) ||
                    ((key == "mcProfileUUID" || key == "ManagedTag" || key.starts_with("RemoteManagement")) &&
                     !scalar_text(v).value_or("").empty());
      if (marker) return key == "mcProfileUUID" ? "configuration profile " + *scalar_text(v) : key;
    }
    return std::nullopt;
  }

  void build_accounts() {
    for (const auto& r : rows_) {
      core::Protocol protocol;
      if (r.type == "com.apple.account.IMAP" || r.type == "com.apple.account.IMAPMail") protocol = core::Protocol::Imap;
      else if (r.type == "com.apple.account.POP") protocol = core::Protocol::Pop3;
      else continue;
      build_account(r, protocol);
    }
  }

  void build_account(const AccountRow& r, core::Protocol protocol) {
    core::Account a;
    a.client = std::string(kClient);
    a.source = file_;
    a.key = r.identifier;
    a.id = core::make_account_id(kClient, file_, a.key);
    a.name = r.description;
    a.email = scalar_text(value(r, "IdentityEmailAddress")).value_or(r.username.value_or(""));
    a.incoming = endpoint(r, protocol);
    const AccountRow* smtp = link_smtp(a, r);
    if (smtp) a.outgoing = endpoint(*smtp, core::Protocol::Smtp);
    mark_managed(a, r, smtp);
    out_.accounts.push_back(std::move(a));
  }

  const AccountRow* link_smtp(const core::Account& a, const AccountRow& r) {
    auto sending = scalar_text(value(r, "SendingAccountIdentifier"));
    if (!sending || sending->empty()) return nullptr;
    const AccountRow* smtp = row_by_identifier(*sending);
    if (smtp && smtp->type == "com.apple.account.SMTP") return smtp;
    out_.findings.push_back(make_finding(
        rule::kMissingDeliveryAccount, core::Severity::Warning, a.id,
        i18n::msg("SendingAccountIdentifier \"{1}\" names no SMTP account in {2}, so this account has no outgoing "
                  "server; choose one in Mail > Settings > Accounts > Server Settings",
                  {*sending, file_}),
        origin(r, "SendingAccountIdentifier", true)));
    return nullptr;
  }

  void mark_managed(core::Account& a, const AccountRow& r, const AccountRow* smtp) {
    if (const AccountRow* parent = row_by_pk(r.parent); parent || r.parent) {
      a.managed = true;
      const i18n::Text owner = parent ? i18n::msg("{1} account {2}", {parent->type, parent->identifier})
                                      : i18n::msg("a parent account");
      out_.findings.push_back(make_finding(rule::kInternetAccount, core::Severity::Info, a.id,
                                           i18n::msg("servers of this account come from {1} (System Settings > "
                                                     "Internet Accounts); they are not edited here",
                                                     {owner}),
                                           origin(r, "ZPARENTACCOUNT", true)));
    }
    std::optional<std::string> marker = managed_marker(r);
    if (!marker && smtp) marker = managed_marker(*smtp);
    if (!marker) {
      if (const AccountRow* parent = row_by_pk(r.parent)) marker = managed_marker(*parent);
    }
    if (marker) {
      a.managed = true;
      out_.findings.push_back(make_finding(rule::kManaged, core::Severity::Info, a.id,
                                           i18n::msg("managed by {1}: change it in the MDM or profile, not on this "
                                                     "Mac (mailmend profile writes a corrected profile)",
                                                     {*marker}),
                                           origin(r, "", true)));
    }
  }

  SQLite::Database& db_;
  std::string file_;
  std::map<std::string, std::int64_t> entities_;
  std::map<std::int64_t, std::string> types_;
  std::vector<AccountRow> rows_;
  std::map<std::int64_t, std::size_t> index_;
  std::map<std::string, std::size_t> by_identifier_;  // first row with each ZIDENTIFIER
  core::ReadOutput out_;
};

}  // namespace

bool is_accounts_db_name(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  return name.find("Accounts") != std::string::npos && name.ends_with(".sqlite");
}

util::Result<core::ReadOutput> read_accounts_db(const std::filesystem::path& db) {
  auto copy = util::PrivateCopy::make(db, kMaxAccountsDbBytes, "mailmend-accounts-");
  if (!copy) return copy.error();
  try {
    SQLite::Database conn(copy->path().string(), SQLite::OPEN_READONLY);
    conn.exec("PRAGMA trusted_schema=OFF");  // a planted database's views and triggers stay inert
    return DbReader(conn, db.string()).run();
  } catch (const std::exception& e) {
    return util::make_error(db.string() + ": " + util::printable(e.what()));
  }
}

}  // namespace adapters::apple
