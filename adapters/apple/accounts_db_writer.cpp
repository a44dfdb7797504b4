#include "adapters/apple/accounts_db_writer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <set>

#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/keyed_archive.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace adapters::apple {
namespace {

struct Target {
  std::string identifier;  // ZACCOUNT.ZIDENTIFIER
  std::string key;         // ZACCOUNTPROPERTY.ZKEY, or ZUSERNAME
};

std::optional<Target> parse_target(const std::string& origin_key) {
  // "ZACCOUNT[<identifier>].<key>"
  if (!origin_key.starts_with("ZACCOUNT[")) return std::nullopt;
  std::size_t close = origin_key.rfind("].");
  if (close == std::string::npos || close < 9) return std::nullopt;
  return Target{origin_key.substr(9, close - 9), origin_key.substr(close + 2)};
}

// Identifiers of rows that belong to unmanaged, non-provider accounts.
util::Result<std::set<std::string>> editable_rows(const fs::path& db) {
  auto read = read_accounts_db(db);
  if (!read) return read.error();
  std::set<std::string> rows;
  for (const auto& a : read->accounts) {
    if (a.managed) continue;
    rows.insert(a.key);
    if (a.outgoing) {
      if (auto t = parse_target(a.outgoing->host.origin.key)) rows.insert(t->identifier);
    }
  }
  return rows;
}

// The new value in the archived type of the old one.
util::Result<ArchivedScalar> same_type(const std::optional<ArchivedScalar>& old, const core::Edit& e) {
  std::string text = core::field_value_text(e.value);
  auto field = core::parse_field_path(e.field);
  if (field && field->second == core::Field::Security) {
    auto security = core::parse_security(text);
    if (!security || *security == core::Security::Unknown) return util::make_error("unknown security \"" + text + "\"");
    text = *security == core::Security::None ? "0" : "1";
    if (e.target.key.ends_with(".SSLIsDirect")) text = *security == core::Security::Tls ? "1" : "0";
  }
  if (!old) return util::make_error("the stored value is not a plain archived scalar");
  ArchivedScalar out;
  if (std::holds_alternative<std::string>(*old)) {
    if (field && field->second == core::Field::Security) text = text == "1" ? "YES" : "NO";
    out.emplace<std::string>(text);
  } else {
    auto number = util::parse_int(text, -(1LL << 62), 1LL << 62);
    if (!number) return util::make_error("\"" + text + "\" is not a number");
    if (std::holds_alternative<bool>(*old)) out.emplace<bool>(*number != 0);
    else out.emplace<std::int64_t>(static_cast<std::int64_t>(*number));
  }
  return out;
}

class Transaction {
 public:
  explicit Transaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  SQLite::Database& db_;
  bool done_ = false;
};

util::Status apply(SQLite::Database& db, const fs::path& path, const core::Edit& e, const Target& t) {
  auto fail = [&](const std::string& why) { return util::make_error(path.string() + ": " + e.target.key + ": " + why); };
  if (t.key == "ZUSERNAME") {
    SQLite::Statement q(db, "UPDATE ZACCOUNT SET ZUSERNAME = ?, Z_OPT = Z_OPT + 1 WHERE ZIDENTIFIER = ?");
    q.bind(1, core::field_value_text(e.value));
    q.bind(2, t.identifier);
    if (q.exec() != 1) return fail("no such account row");
    return {};
  }
  SQLite::Statement find(db,
                         "SELECT p.Z_PK, p.ZVALUE FROM ZACCOUNTPROPERTY p JOIN ZACCOUNT a ON p.ZOWNER = a.Z_PK "
                         "WHERE a.ZIDENTIFIER = ? AND p.ZKEY = ?");
  find.bind(1, t.identifier);
  find.bind(2, t.key);
  if (!find.executeStep()) return fail("no such property row; mailmend never inserts rows");
  std::int64_t pk = find.getColumn(0).getInt64();
  SQLite::Column blob = find.getColumn(1);
  auto old = decode_archived_scalar(
      std::string_view(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes())));
  if (find.executeStep()) return fail("more than one property row; not changed");
  if (!old) return fail(old.error().message);
  auto value = same_type(*old, e);
  if (!value) return fail(value.error().message);
  std::string encoded = encode_archived_scalar(*value);
  SQLite::Statement update(db, "UPDATE ZACCOUNTPROPERTY SET ZVALUE = ?, Z_OPT = Z_OPT + 1 WHERE Z_PK = ?");
  update.bind(1, encoded.data(), static_cast<int>(encoded.size()));
  update.bind(2, pk);
  update.exec();
  return {};
}

}  // namespace

util::Status update_accounts_db(const fs::path& path, const std::vector<core::Edit>& edits,
                                const AccountsDbWriteOptions& options) {
  auto editable = editable_rows(path);
  if (!editable) return editable.error();
  std::vector<std::pair<core::Edit, Target>> planned;
  for (const auto& e : edits) {
    auto t = parse_target(e.target.key);
    if (!t) return util::make_error(path.string() + ": " + e.target.key + ": not an Accounts database location");
    if (!editable->count(t->identifier))
      return util::make_error(path.string() + ": " + e.target.key +
                              ": belongs to a managed or provider account, or to no mail account; not changed");
    planned.emplace_back(e, *t);
  }
  try {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(static_cast<int>(options.busy_timeout.count()));
    Transaction tx(db);
    for (const auto& [e, t] : planned)
      if (auto s = apply(db, path, e, t); !s) return s;
    tx.commit();
  } catch (const std::exception& ex) {
    return util::make_error(path.string() + ": " + util::printable(ex.what()) + "; nothing changed");
  }
  return {};
}

util::Result<fs::path> backup_accounts_folder(const fs::path& db, const fs::path& backup_root) {
  std::error_code ec;
  fs::path folder = db.parent_path().empty() ? fs::path(".") : db.parent_path();
  auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
  fs::path target = backup_root / ("Accounts-" + std::to_string(stamp));
  fs::create_directories(target, ec);
  if (ec) return util::make_error(target.string() + ": cannot create backup folder: " + ec.message());
  fs::copy(folder, target, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return util::make_error(folder.string() + ": backup failed: " + ec.message());
  return target;
}

}  // namespace adapters::apple
