#include "adapters/apple/accounts_db_writer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <optional>
#include <set>

#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/accounts_db_check.hpp"
#include "adapters/apple/keyed_archive.hpp"
#include "util/private_copy.hpp"
#include "core/adapter.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace adapters::apple {
namespace {

constexpr std::string_view kUsernameColumn = "ZUSERNAME";

struct Location {
  std::string identifier;  // ZACCOUNT.ZIDENTIFIER
  std::string key;         // ZACCOUNTPROPERTY.ZKEY, or ZUSERNAME
};

std::optional<Location> parse_location(const std::string& origin_key) {
  // "ZACCOUNT[<identifier>].<key>"
  if (!origin_key.starts_with("ZACCOUNT[")) return std::nullopt;
  std::size_t close = origin_key.rfind("].");
  if (close == std::string::npos || close < 9) return std::nullopt;
  return Location{origin_key.substr(9, close - 9), origin_key.substr(close + 2)};
}

// The only cells mailmend writes; a manifest naming anything else is refused.
bool writable_cell(const core::CellChange& c) {
  return (c.table == "ZACCOUNTPROPERTY" && c.column == "ZVALUE" && c.blob) ||
         (c.table == "ZACCOUNT" && c.column == kUsernameColumn && !c.blob);
}

// Identifiers of rows that belong to unmanaged, non-provider mail accounts.
util::Result<std::set<std::string>> editable_rows(const fs::path& db) {
  auto read = read_accounts_db(db);
  if (!read) return read.error();
  std::set<std::string> rows;
  for (const auto& a : read->accounts) {
    if (a.managed) continue;
    rows.insert(a.key);
    if (a.outgoing) {
      if (auto t = parse_location(a.outgoing->host.origin.key)) rows.insert(t->identifier);
    }
  }
  return rows;
}

// The new value in the archived type of the old one.
util::Result<ArchivedScalar> same_type(const std::optional<ArchivedScalar>& old, const core::Edit& e) {
  std::string text = core::field_value_text(e.value);
  auto field = core::parse_field_path(e.field);
  const bool security = field && field->second == core::Field::Security;
  if (security) {
    auto mode = core::parse_security(text);
    if (!mode || *mode == core::Security::Unknown) return i18n::error(i18n::msg("unknown security \"{1}\"", {text}));
    text = *mode == core::Security::None ? "0" : "1";
    if (e.target.key.ends_with(".SSLIsDirect")) text = *mode == core::Security::Tls ? "1" : "0";
  }
  if (!old) return i18n::error(i18n::msg("the stored value is not a plain archived scalar"));
  ArchivedScalar out;
  if (std::holds_alternative<std::string>(*old)) {
    if (security) text = text == "1" ? "YES" : "NO";
    out.emplace<std::string>(text);
  } else {
    auto number = util::parse_int(text, -(1LL << 62), 1LL << 62);
    if (!number) return i18n::error(i18n::msg("\"{1}\" is not a number", {text}));
    if (std::holds_alternative<bool>(*old)) out.emplace<bool>(*number != 0);
    else out.emplace<std::int64_t>(static_cast<std::int64_t>(*number));
  }
  return out;
}

std::string scalar_display(const ArchivedScalar& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return "\"" + util::printable(std::get<std::string>(v)) + "\"";
}

std::string column_bytes(const SQLite::Column& c) {
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

class CellReader {
 public:
  CellReader(SQLite::Database& db, std::string file) : db_(db), file_(std::move(file)) {}

  util::Result<core::CellChange> username(const core::Edit& e, const Location& at) {
    SQLite::Statement q(db_, "SELECT Z_PK, ZUSERNAME FROM ZACCOUNT WHERE ZIDENTIFIER = ?");
    q.bind(1, at.identifier);
    if (!q.executeStep()) return fail(e, i18n::msg("no such account row"));
    core::CellChange c = cell(e, "ZACCOUNT", std::string(kUsernameColumn), q.getColumn(0).getInt64(), false);
    if (q.getColumn(1).isNull()) return fail(e, i18n::msg("no stored user name; mailmend never adds values"));
    c.before = q.getColumn(1).getString();
    c.after = core::field_value_text(e.value);
    c.before_text = "\"" + util::printable(c.before) + "\"";
    c.after_text = "\"" + util::printable(c.after) + "\"";
    if (q.executeStep()) return fail(e, more_than_one_account_row());
    return c;
  }

  // Whether the account row stores the property at all (Mail deletes some that equal the default).
  bool has_property(const Location& at) {
    SQLite::Statement q(db_,
                        "SELECT 1 FROM ZACCOUNTPROPERTY p JOIN ZACCOUNT a ON p.ZOWNER = a.Z_PK "
                        "WHERE a.ZIDENTIFIER = ? AND p.ZKEY = ? LIMIT 1");
    q.bind(1, at.identifier);
    q.bind(2, at.key);
    return q.executeStep();
  }

  util::Result<core::CellChange> property(const core::Edit& e, const Location& at) {
    SQLite::Statement rows(db_, "SELECT count(*) FROM ZACCOUNT WHERE ZIDENTIFIER = ?");
    rows.bind(1, at.identifier);
    if (rows.executeStep() && rows.getColumn(0).getInt64() > 1)
      return fail(e, more_than_one_account_row());
    SQLite::Statement q(db_,
                        "SELECT p.Z_PK, p.ZVALUE FROM ZACCOUNTPROPERTY p JOIN ZACCOUNT a ON p.ZOWNER = a.Z_PK "
                        "WHERE a.ZIDENTIFIER = ? AND p.ZKEY = ?");
    q.bind(1, at.identifier);
    q.bind(2, at.key);
    if (!q.executeStep()) return fail(e, i18n::msg("no such property row; mailmend never inserts rows"));
    core::CellChange c = cell(e, "ZACCOUNTPROPERTY", "ZVALUE", q.getColumn(0).getInt64(), true);
    c.before = column_bytes(q.getColumn(1));
    if (q.executeStep()) return fail(e, i18n::msg("more than one property row; not changed"));
    auto old = decode_archived_scalar(c.before);
    if (!old) return fail(e, i18n::text_of(old.error()));
    auto value = same_type(*old, e);
    if (!value) return fail(e, i18n::text_of(value.error()));
    c.after = encode_archived_scalar(*value);
    c.before_text = scalar_display(**old);
    c.after_text = scalar_display(*value);
    return c;
  }

 private:
  static core::CellChange cell(const core::Edit& e, std::string table, std::string column, std::int64_t row,
                               bool blob) {
    core::CellChange c;
    c.location = e.target.key;
    c.table = std::move(table);
    c.column = std::move(column);
    c.row = row;
    c.blob = blob;
    return c;
  }
  util::Error fail(const core::Edit& e, const i18n::Text& why) const {
    return i18n::error(i18n::msg("{1}: {2}: {3}", {file_, e.target.key, why}));
  }
  static i18n::Text more_than_one_account_row() {
    return i18n::msg("more than one account row with this identifier; not changed");
  }

  SQLite::Database& db_;
  std::string file_;
};

class Transaction {
 public:
  explicit Transaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (done_) return;
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
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

// A cell record's values are what prepare makes: archived scalars in ZVALUE (never empty or
// arbitrary bytes, which a damaged or edited manifest could otherwise put there).
bool plausible_values(const core::CellChange& c) {
  if (!c.blob) return true;
  for (const std::string* bytes : {&c.before, &c.after}) {
    auto v = decode_archived_scalar(*bytes);
    if (!v || !v->has_value()) return false;
  }
  return true;
}

// Where the row of a cell is now ("ZACCOUNT[<identifier>].<key>"), nullopt when there is no such
// row; an identifier on several account rows shows as "ZACCOUNT[?]...", which matches nothing.
std::optional<std::string> row_location(SQLite::Database& db, const core::CellChange& c) {
  const std::string ident =
      "CASE WHEN (SELECT count(*) FROM ZACCOUNT b WHERE b.ZIDENTIFIER = a.ZIDENTIFIER) = 1 THEN a.ZIDENTIFIER "
      "ELSE '?' END";
  SQLite::Statement q(db, c.table == "ZACCOUNT"
                              ? "SELECT " + ident + ", 'ZUSERNAME' FROM ZACCOUNT a WHERE a.Z_PK = ?"
                              : "SELECT " + ident + ", p.ZKEY FROM ZACCOUNTPROPERTY p JOIN ZACCOUNT a "
                                "ON p.ZOWNER = a.Z_PK WHERE p.Z_PK = ?");
  q.bind(1, c.row);
  if (!q.executeStep()) return std::nullopt;
  return "ZACCOUNT[" + q.getColumn(0).getString() + "]." + q.getColumn(1).getString();
}

// What a cell holds now (nullopt: no such row, or NULL).
std::optional<std::string> current_bytes(SQLite::Database& db, const core::CellChange& c) {
  SQLite::Statement q(db, "SELECT \"" + c.column + "\" FROM \"" + c.table + "\" WHERE Z_PK = ?");
  q.bind(1, c.row);
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return column_bytes(q.getColumn(0));
}

// The change's `before` made what the cell holds now (NULL or a missing row: no bytes).
void found_as(core::CellChange& c, const std::optional<std::string>& now) {
  c.before = now.value_or("");
  if (!c.blob) {
    c.before_text = now ? "\"" + util::printable(*now) + "\"" : "(none)";
    return;
  }
  auto scalar = decode_archived_scalar(c.before);
  c.before_text = scalar && scalar->has_value() ? scalar_display(**scalar) : std::to_string(c.before.size()) + " bytes";
}

void write_cell(SQLite::Database& db, const core::CellChange& c) {
  SQLite::Statement q(db, "UPDATE \"" + c.table + "\" SET \"" + c.column + "\" = ?, Z_OPT = Z_OPT + 1 WHERE Z_PK = ?");
  if (c.blob) q.bind(1, c.after.data(), static_cast<int>(c.after.size()));
  else q.bind(1, c.after);
  q.bind(2, c.row);
  if (q.exec() != 1) throw std::runtime_error("row " + std::to_string(c.row) + " of " + c.table + " is gone");
}

}  // namespace

util::Result<std::vector<core::CellChange>> AccountsDbStore::prepare(const fs::path& path,
                                                                     const std::vector<core::Edit>& edits) const {
  auto editable = editable_rows(path);
  if (!editable) return editable.error();
  std::vector<std::pair<const core::Edit*, Location>> located;
  for (const auto& e : edits) {
    auto at = parse_location(e.target.key);
    if (!at) return i18n::error(i18n::msg("{1}: {2}: not an Accounts database location", {path.string(), e.target.key}));
    if (!editable->count(at->identifier)) {
      return i18n::error(i18n::msg("{1}: {2}: belongs to a managed or provider account, or to no mail account; not changed",
                                   {path.string(), e.target.key}));
    }
    located.emplace_back(&e, *at);
  }
  try {
    auto copy = util::PrivateCopy::make(path, kMaxAccountsDbBytes, "mailmend-accounts-");
    if (!copy) return copy.error();
    // Read-write: the read-back check below writes the planned cells into this private copy.
    SQLite::Database db(copy->path().string(), SQLite::OPEN_READWRITE);
    CellReader reader(db, path.string());
    std::vector<core::CellChange> out;
    for (const auto& [e, at] : located) {
      // A value the row does not store gets no cell: the read-back check below decides whether the
      // other cells make its default right (mailmend never inserts a row).
      if (at.key != kUsernameColumn && e->target.is_default && !reader.has_property(at)) continue;
      auto c = at.key == kUsernameColumn ? reader.username(*e, at) : reader.property(*e, at);
      if (!c) return c.error();
      out.push_back(std::move(c.value()));
    }
    if (auto s = check_cells_read_back(copy->path(), path, edits, out); !s) return s.error();
    return out;
  } catch (const std::exception& ex) {
    return i18n::error(i18n::msg("{1}: {2}", {path.string(), util::printable(ex.what())}));
  }
}

util::Result<core::WriteOutcome> AccountsDbStore::write(const fs::path& path,
                                                        const std::vector<core::CellChange>& changes,
                                                        core::CellCheck check,
                                                        const core::WhileLocked& while_locked) const {
  for (const auto& c : changes) {
    if (!writable_cell(c))
      return i18n::error(i18n::msg("{1}: {2} is not a cell mailmend writes", {path.string(), c.table + "." + c.column}));
    if (!plausible_values(c)) {
      return i18n::error(i18n::msg("{1}: {2}: the recorded values are not archived scalars; nothing changed",
                                   {path.string(), util::printable(c.location)}));
    }
  }
  try {
    // SQLITE_OPEN_NOFOLLOW: no symbolic link anywhere in the database's path.
    SQLite::Database db(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW);
    // Closing never checkpoints: a refused write leaves the files as they were (a -wal that does
    // not belong to the database is never copied into it), and a written one only adds frames.
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    db.exec("PRAGMA trusted_schema=OFF");
    db.setBusyTimeout(static_cast<int>(busy_timeout_.count()));
    Transaction tx(db);
    bool all_before = true, all_after = true;
    std::vector<core::CellChange> found = changes;
    for (auto& c : found) {
      // The row must still be the cell's location: a database swapped since planning, or a
      // manifest naming another row, never writes into another account or key.
      if (auto at = row_location(db, c); at && *at != c.location) {
        return i18n::error(i18n::msg("{1}: row {2} of {3} is {4}, not {5}; nothing changed",
                                     {path.string(), std::to_string(c.row), c.table, util::printable(*at),
                                      util::printable(c.location)}));
      }
      const auto now = current_bytes(db, c);
      all_before = all_before && now == c.before;
      all_after = all_after && now == c.after;
      if (now != c.before) found_as(c, now);
    }
    if (check == core::CellCheck::Before && !all_before)
      return all_after ? core::WriteOutcome::AlreadyDone : core::WriteOutcome::Changed;
    if (while_locked) {
      if (auto s = while_locked(found); !s) return s.error();
    }
    const int changed_before = db.getTotalChanges();
    for (const auto& c : changes) write_cell(db, c);
    // Only the planned cells: a trigger that changes or deletes other rows undoes the write.
    if (db.getTotalChanges() - changed_before != static_cast<int>(changes.size()))
      throw std::runtime_error("a trigger in the database changes other rows");
    tx.commit();
    return core::WriteOutcome::Written;
  } catch (const SQLite::Exception& ex) {
    if (ex.getErrorCode() == SQLITE_BUSY || ex.getErrorCode() == SQLITE_LOCKED) return core::WriteOutcome::Busy;
    return i18n::error(i18n::msg("{1}: {2}; nothing changed", {path.string(), util::printable(ex.what())}));
  } catch (const std::exception& ex) {
    return i18n::error(i18n::msg("{1}: {2}; nothing changed", {path.string(), util::printable(ex.what())}));
  }
}

}  // namespace adapters::apple
