// A read-only reader of one table of a SQLite file image, without SQLite: for a hot path that needs
// a few columns of a small, plainly declared table (NSS's nssPublic in cert9.db), where loading
// SQLite and parsing a 130-column schema cost more than the rows themselves.
//
// It follows only what it can follow exactly: a rowid table declared as
// `CREATE TABLE name (column, column ...)` whose wanted columns are bare names, in a UTF-8 file of
// whole pages with SQLite's fixed payload fractions, and b-tree and overflow pages that are
// consistent (no page used twice, cells inside their page, chains of the right length). Anything
// else (a -wal the caller knows of, WITHOUT ROWID, a generated or defaulted column, a number where
// bytes are wanted, a page it can't make sense of) is `not_followed`, and the caller asks SQLite.
// When it answers, the rows are what `SELECT wanted... FROM name ORDER BY rowid` gives;
// SQLite may refuse a file whose other tables or schema rows are damaged where this reader does not
// look (tests/fuzz's sqlite_table target compares the two).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string_view>

namespace util {

// A wanted column's value: the bytes of a BLOB or TEXT value, std::nullopt for NULL.
using SqliteBytes = std::optional<std::string_view>;

enum class SqliteTableRead {
  read,          // every row was passed to the callback
  stopped,       // the callback returned false
  not_followed,  // the file is not one this reader follows: discard the rows seen, ask SQLite
};

// Calls `row` with the wanted columns' values (in the order of `columns`) for each row of `table`
// (its name as the schema spells it), in rowid order (a table b-tree's key order). The views are valid during the call only.
SqliteTableRead read_sqlite_table(std::string_view image, std::string_view table,
                                  std::span<const std::string_view> columns,
                                  const std::function<bool(std::span<const SqliteBytes>)>& row);

}  // namespace util
