// util::read_sqlite_table against SQLite itself: databases made by SQLite (page sizes, reserved
// bytes, payloads on both sides of every spill boundary, interior pages, deleted rows, a column
// added later, VACUUM, auto_vacuum, NSS's own schema) give exactly the rows SQLite's SELECT gives;
// what the reader does not follow says so, and a damaged tree never loops.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "support/testutil.hpp"
#include "util/sqlite_table.hpp"

namespace {

using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

struct ReaderAnswer {
  util::SqliteTableRead read;
  Rows rows;
};

ReaderAnswer reader_rows(std::string_view image, std::string_view table, std::vector<std::string_view> columns) {
  ReaderAnswer answer{util::SqliteTableRead::not_followed, {}};
  answer.read = util::read_sqlite_table(image, table, columns, [&](std::span<const util::SqliteBytes> values) {
    Row row;
    for (const auto& value : values) row.push_back(value ? std::optional<std::string>(std::string(*value)) : std::nullopt);
    answer.rows.push_back(std::move(row));
    return true;
  });
  return answer;
}

Rows sqlite_rows(const std::string& file, const std::string& select) {
  SQLite::Database db(file, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, select);
  Rows rows;
  while (query.executeStep()) {
    Row row;
    for (int i = 0; i < query.getColumnCount(); ++i) {
      const auto column = query.getColumn(i);
      row.push_back(column.isNull() ? std::nullopt
                                    : std::optional<std::string>(std::string(static_cast<const char*>(column.getBlob()),
                                                                             static_cast<std::size_t>(column.getBytes()))));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// A database file made by SQLite from `setup` (pragmas first, then the statements), closed.
std::string made_by_sqlite(const std::string& file, const std::string& setup, int reserved_bytes = 0) {
  {
    SQLite::Database db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (reserved_bytes > 0) {
      int n = reserved_bytes;
      REQUIRE(sqlite3_file_control(db.getHandle(), "main", SQLITE_FCNTL_RESERVE_BYTES, &n) == SQLITE_OK);
    }
    db.exec(setup);
  }
  return testutil::read_bytes(file);
}

// Deterministic bytes of every value, so a payload cut or shifted by one is seen.
std::string bytes_of(std::size_t length, unsigned seed) {
  std::string out(length, '\0');
  for (std::size_t i = 0; i < length; ++i) out[i] = static_cast<char>((i * 31 + seed * 7 + (i >> 8)) & 0xff);
  return out;
}

void insert_rows(const std::string& file, const std::vector<std::size_t>& lengths) {
  SQLite::Database db(file, SQLite::OPEN_READWRITE);
  SQLite::Transaction transaction(db);
  SQLite::Statement insert(db, "INSERT INTO t (id, a, b) VALUES (?, ?, ?)");
  unsigned seed = 0;
  for (auto length : lengths) {
    const auto blob = bytes_of(length, ++seed);
    insert.bind(1, static_cast<int>(seed));
    insert.bind(2, blob.data(), static_cast<int>(blob.size()));
    if (seed % 5 == 0) {
      insert.bind(3);  // NULL
    } else {
      insert.bind(3, "text " + std::to_string(seed));
    }
    insert.exec();
    insert.reset();
  }
  transaction.commit();
}

void check_same_as_sqlite(const std::string& file, const std::string& select, std::vector<std::string_view> columns) {
  const auto answer = reader_rows(testutil::read_bytes(file), "t", columns);
  REQUIRE(answer.read == util::SqliteTableRead::read);
  const auto expected = sqlite_rows(file, select);
  CHECK(answer.rows.size() == expected.size());
  CHECK(answer.rows == expected);
}

}  // namespace

TEST_SUITE("sqlite table reader") {
  TEST_CASE("payloads on both sides of every spill boundary, at each page size and with reserved bytes") {
    for (const auto& [page_size, reserved] : std::vector<std::pair<std::size_t, int>>{
             {512, 0}, {1024, 0}, {4096, 0}, {4096, 32}, {65536, 0}, {1024, 8}}) {
      CAPTURE(page_size);
      CAPTURE(reserved);
      const std::string file = "p" + std::to_string(page_size) + "-" + std::to_string(reserved) + ".db";
      const auto image = made_by_sqlite(file, "PRAGMA page_size=" + std::to_string(page_size) +
                                                  "; CREATE TABLE t (id PRIMARY KEY UNIQUE ON CONFLICT ABORT, a, b);",
                                        reserved);
      REQUIRE(static_cast<unsigned char>(image[20]) == reserved);
      const std::size_t usable = page_size - static_cast<std::size_t>(reserved);
      const std::size_t max_local = usable - 35, min_local = (usable - 12) * 32 / 255 - 23;
      std::vector<std::size_t> lengths{0, 1, 2};
      for (std::size_t around : {max_local, min_local, usable - 4, 2 * (usable - 4), max_local + (usable - 4)}) {
        for (std::size_t d = 0; d < 24; ++d) lengths.push_back(around + d - 12);
      }
      lengths.push_back(3 * page_size + 17);
      insert_rows(file, lengths);
      check_same_as_sqlite(file, "SELECT b, a FROM t ORDER BY rowid", {"b", "A"});
      check_same_as_sqlite(file, "SELECT a, b, a FROM t ORDER BY rowid", {"a", "b", "a"});
      // id is declared PRIMARY KEY (and holds numbers here): not a column the reader hands over.
      CHECK(reader_rows(testutil::read_bytes(file), "t", {"id"}).read == util::SqliteTableRead::not_followed);
    }
  }

  TEST_CASE("interior pages, deleted rows, a column added later, VACUUM, auto_vacuum") {
    for (const std::string vacuum_mode : {"NONE", "FULL", "INCREMENTAL"}) {
      CAPTURE(vacuum_mode);
      const std::string file = "many-" + vacuum_mode + ".db";
      made_by_sqlite(file, "PRAGMA page_size=512; PRAGMA auto_vacuum=" + vacuum_mode +
                               "; CREATE TABLE t (id PRIMARY KEY, a, b); CREATE INDEX ta ON t (a);");
      std::vector<std::size_t> lengths;
      for (std::size_t i = 0; i < 3000; ++i) lengths.push_back(20 + (i * 37) % 700);
      insert_rows(file, lengths);
      {
        SQLite::Database db(file, SQLite::OPEN_READWRITE);
        db.exec("DELETE FROM t WHERE id % 7 = 0; ALTER TABLE t ADD COLUMN c; UPDATE t SET c = x'00ff' WHERE id % 11 = 0;"
                "INSERT INTO t (id, a, b, c) VALUES (5000, x'01', NULL, 'late');");
      }
      check_same_as_sqlite(file, "SELECT c, a, b FROM t ORDER BY rowid", {"c", "a", "b"});
      {
        SQLite::Database db(file, SQLite::OPEN_READWRITE);
        db.exec("VACUUM");
      }
      check_same_as_sqlite(file, "SELECT c, a, b FROM t ORDER BY rowid", {"c", "a", "b"});
    }
  }

  TEST_CASE("NSS's own nssPublic statement: the wanted columns among 130") {
    const std::string nss_columns =
        "a0, a1, a2, a3, a10, a11, a12, a80, a81, a82, a83, a84, a85, a86, a87, a88, a89, a8a, a8b, a90, a100, a101, "
        "a102, a103, a104, a105, a106, a107, a108, a109, a10a, a10b, a10c, a110, a111, a120, a121, a122, a123, a124, "
        "a125, a126, a127, a128, a129, a130, a131, a132, a133, a134, a160, a161, a162, a163, a164, a165, a166, a170, "
        "a180, a181, a200, a201, a202, a210, a300, a301, a302, a400, a401, a402, a403, a404, a405, a406, a480, a481, "
        "a482, a500, a501, a502, a503, a40000211, a40000212, a80000001, ace534351, ace534352, ace534353, ace534354, "
        "ace534355, ace534356, ace534357, ace534358, ace534364, ace534365, ace534366, ace534367, ace534368, ace534369, "
        "ace534373, ace534374, ace536351, ace536352, ace536353, ace536354, ace536355, ace536356, ace536357, ace536358, "
        "ace536359, ace53635a, ace53635b, ace53635c, ace53635d, ace53635e, ace53635f, ace536360, ace5363b4, ace5363b5, "
        "ad5a0db00";
    const std::string file = "cert9.db";
    made_by_sqlite(file, "CREATE TABLE nssPublic (id PRIMARY KEY UNIQUE ON CONFLICT ABORT, " + nss_columns +
                             "); CREATE INDEX label ON nssPublic (a3); CREATE TABLE metaData (id PRIMARY KEY UNIQUE ON "
                             "CONFLICT REPLACE, item1, item2);"
                             "INSERT INTO nssPublic (id, a0, a3, a11, ad5a0db00) VALUES (1, x'00000001', 'root one', "
                             "randomblob(1400), x'01'), (2, x'00000003', 'trust', NULL, NULL), (3, x'00000001', NULL, "
                             "randomblob(900), NULL);"
                             "INSERT INTO metaData VALUES ('password', x'00', x'01');");
    const auto answer = reader_rows(testutil::read_bytes(file), "nssPublic", {"a0", "a3", "a11"});
    REQUIRE(answer.read == util::SqliteTableRead::read);
    REQUIRE(answer.rows.size() == 3);
    CHECK(answer.rows == sqlite_rows(file, "SELECT a0, a3, a11 FROM nssPublic ORDER BY rowid"));
    CHECK(answer.rows[1][2] == std::nullopt);
    CHECK(answer.rows[2][1] == std::nullopt);
    CHECK(answer.rows[0][2]->size() == 1400);
  }

  TEST_CASE("a callback that stops is stopped at once") {
    const std::string file = "stop.db";
    made_by_sqlite(file, "CREATE TABLE t (id, a, b); INSERT INTO t VALUES (1, 'x', 'y'), (2, 'x', 'y'), (3, 'x', 'y');");
    int calls = 0;
    const std::vector<std::string_view> columns{"a"};
    const auto read = util::read_sqlite_table(testutil::read_bytes(file), "t", columns,
                                              [&](std::span<const util::SqliteBytes>) { return ++calls < 2; });
    CHECK(read == util::SqliteTableRead::stopped);
    CHECK(calls == 2);
  }

  TEST_CASE("what the reader does not follow, it says so: SQLite must answer") {
    const auto not_followed = [](const std::string& name, const std::string& setup, std::vector<std::string_view> columns,
                                 std::string_view table = "t") {
      CAPTURE(setup);
      const auto image = made_by_sqlite(name, setup);
      CHECK(reader_rows(image, table, columns).read == util::SqliteTableRead::not_followed);
    };
    not_followed("without-rowid.db", "CREATE TABLE t (a PRIMARY KEY, b) WITHOUT ROWID; INSERT INTO t VALUES ('k', 'v');", {"b"});
    not_followed("strict.db", "CREATE TABLE t (a BLOB, b TEXT) STRICT;", {"b"});
    not_followed("quoted.db", "CREATE TABLE \"t\" (a, b);", {"b"});
    not_followed("default.db", "CREATE TABLE t (a, b DEFAULT 'x');", {"a"});
    not_followed("added-default.db", "CREATE TABLE t (a); INSERT INTO t VALUES (1); ALTER TABLE t ADD COLUMN b DEFAULT 'x';", {"b"});
    not_followed("generated.db", "CREATE TABLE t (a, g AS (a || 'x'), b); INSERT INTO t (a, b) VALUES ('1', '2');", {"b"});
    not_followed("rowid-alias.db", "CREATE TABLE t (a INTEGER PRIMARY KEY, b);", {"a"});
    not_followed("constraint.db", "CREATE TABLE t (a, b, PRIMARY KEY (a, b));", {"b"});
    not_followed("number.db", "CREATE TABLE t (a, b); INSERT INTO t VALUES (x'01', 2);", {"b"});
    not_followed("real.db", "CREATE TABLE t (a, b); INSERT INTO t VALUES (x'01', 2.5);", {"b"});
    not_followed("utf16.db", "PRAGMA encoding='UTF-16le'; CREATE TABLE t (a, b);", {"b"});
    not_followed("missing.db", "CREATE TABLE other (a, b);", {"b"});
    not_followed("view.db", "CREATE TABLE other (a, b); CREATE VIEW t AS SELECT a, b FROM other;", {"b"});
    not_followed("other-case.db", "CREATE TABLE T (a, b);", {"b"});
    not_followed("no-column.db", "CREATE TABLE t (a, b);", {"c"});
    not_followed("non-ascii-name.db", "CREATE TABLE t (a, b\u00e9); INSERT INTO t VALUES ('1', '2');", {"b"});
    // Two columns of one name, which SQLite refuses to make: its statement bent in the file.
    std::string twice = made_by_sqlite("twice.db", "CREATE TABLE t (a, b, c); INSERT INTO t VALUES ('1', '2', '3');");
    const auto statement_at = twice.find("CREATE TABLE t (a, b, c)");
    REQUIRE(statement_at != std::string::npos);
    twice[statement_at + 22] = 'A';
    CHECK(reader_rows(twice, "t", {"b"}).read == util::SqliteTableRead::read);
    CHECK(reader_rows(twice, "t", {"a"}).read == util::SqliteTableRead::not_followed);
    CHECK(reader_rows("", "t", {"a"}).read == util::SqliteTableRead::not_followed);
    CHECK(reader_rows(std::string(4096, '\0'), "t", {"a"}).read == util::SqliteTableRead::not_followed);
  }

  TEST_CASE("damaged files: cut, a tree that loops, an overflow chain past the end; never a hang") {
    const std::string file = "damaged.db";
    made_by_sqlite(file, "PRAGMA page_size=512; CREATE TABLE t (id PRIMARY KEY, a, b);");
    std::vector<std::size_t> lengths;
    for (std::size_t i = 0; i < 400; ++i) lengths.push_back(i == 7 ? 2000 : 60);
    insert_rows(file, lengths);
    const std::string image = testutil::read_bytes(file);
    REQUIRE(reader_rows(image, "t", {"a"}).read == util::SqliteTableRead::read);
    CHECK(reader_rows(image.substr(0, image.size() - 1), "t", {"a"}).read == util::SqliteTableRead::not_followed);
    CHECK(reader_rows(image.substr(0, image.size() - 512), "t", {"a"}).read == util::SqliteTableRead::not_followed);

    SQLite::Database db(file, SQLite::OPEN_READONLY);
    const auto root = static_cast<std::size_t>(db.execAndGet("SELECT rootpage FROM sqlite_master WHERE name = 't'").getInt());
    const std::size_t root_at = (root - 1) * 512;
    REQUIRE(static_cast<unsigned char>(image[root_at]) == 0x05);  // interior: 400 rows do not fit one page
    // The root's right-most child made the root itself.
    std::string loop = image;
    for (int i = 0; i < 4; ++i) loop[root_at + 8 + static_cast<std::size_t>(i)] = static_cast<char>((root >> (24 - 8 * i)) & 0xff);
    CHECK(reader_rows(loop, "t", {"a"}).read == util::SqliteTableRead::not_followed);
    // The long row's first overflow page made one past the end. Its record: header 05 01 9F2C 19
    // (size, id, 2000-byte blob, 6-byte text), then id 08 and the blob (seed 8); 2012 bytes spill
    // all but 39 to overflow pages on 512-byte pages (K = 39 + 1973 % 508 = 488 > 477: M = 39).
    const std::string record_start = std::string("\x05\x01\x9f\x2c\x19\x08", 6) + bytes_of(2000, 8).substr(0, 16);
    const auto payload_at = image.find(record_start);
    REQUIRE(payload_at != std::string::npos);
    const std::size_t pointer_at = payload_at + 39;
    const auto page_named = [&](const std::string& bytes) {
      std::uint32_t page = 0;
      for (int i = 0; i < 4; ++i) page = (page << 8) | static_cast<unsigned char>(bytes[pointer_at + static_cast<std::size_t>(i)]);
      return page;
    };
    const std::uint32_t past_end = static_cast<std::uint32_t>(image.size() / 512 + 1);
    REQUIRE(page_named(image) >= 2);
    REQUIRE(page_named(image) < past_end);
    std::string bent = image;
    for (int i = 0; i < 4; ++i) bent[pointer_at + static_cast<std::size_t>(i)] = static_cast<char>((past_end >> (24 - 8 * i)) & 0xff);
    REQUIRE(page_named(bent) == past_end);
    CHECK(reader_rows(bent, "t", {"a"}).read == util::SqliteTableRead::not_followed);
  }
}
