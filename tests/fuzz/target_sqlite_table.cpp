// The page reader of one SQLite table (nssPublic's a0, a3, a11, as trust::read_nss_certificates
// asks) against SQLite itself on the same bytes: total on any input; when the reader answers, its
// rows are exactly what SQLite's SELECT gives, or SQLite refuses the file (it checks pages and
// schema rows the reader never looks at). Write versions 2 (WAL) are given to SQLite as 1: the
// reader reads the main file alone, as SQLite does when no -wal is beside it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "fuzz/targets.hpp"
#include "util/sqlite_table.hpp"

namespace fuzz {
namespace detail_sqlite_table {

using Row = std::vector<std::optional<std::string>>;

// SQLite's rows for the same SELECT, or nullopt when it refuses the file at any point.
std::optional<std::vector<Row>> sqlite_rows(std::string image) {
  if (image.size() > 19) {
    if (image[18] == 2) image[18] = 1;
    if (image[19] == 2) image[19] = 1;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return std::nullopt;
  }
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(image.size() + 1));
  std::optional<std::vector<Row>> rows;
  if (copy != nullptr) {
    std::copy(image.begin(), image.end(), copy);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_deserialize(db, "main", copy, static_cast<sqlite3_int64>(image.size()),
                            static_cast<sqlite3_int64>(image.size() + 1),
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT a0, a3, a11 FROM nssPublic ORDER BY rowid", -1, &statement, nullptr) == SQLITE_OK) {
      rows.emplace();
      int step = SQLITE_ROW;
      while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        Row row;
        for (int i = 0; i < 3; ++i) {
          if (sqlite3_column_type(statement, i) == SQLITE_NULL) {
            row.push_back(std::nullopt);
          } else {
            const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, i));
            row.push_back(std::string(bytes == nullptr ? "" : bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, i))));
          }
        }
        rows->push_back(std::move(row));
      }
      if (step != SQLITE_DONE) rows.reset();
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return rows;
}

}  // namespace detail_sqlite_table

int sqlite_table(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  const std::string_view image(reinterpret_cast<const char*>(data), size);
  static constexpr std::string_view kColumns[] = {"a0", "a3", "a11"};
  std::vector<detail_sqlite_table::Row> rows;
  const auto read = util::read_sqlite_table(image, "nssPublic", kColumns, [&](std::span<const util::SqliteBytes> values) {
    check(values.size() == 3);
    detail_sqlite_table::Row row;
    for (const auto& value : values) {
      if (value) {
        check(value->size() <= image.size());
        row.push_back(std::string(*value));
      } else {
        row.push_back(std::nullopt);
      }
    }
    rows.push_back(std::move(row));
    return true;
  });
  check(read != util::SqliteTableRead::stopped);
  if (read == util::SqliteTableRead::not_followed) return 0;
  const auto expected = detail_sqlite_table::sqlite_rows(std::string(image));
  if (expected) check(*expected == rows);
  return 0;
}

}  // namespace fuzz
