#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/sqlite_image.hpp"
#include "support/testutil.hpp"
#include "util/file.hpp"

TEST_SUITE("sqlite file image") {
  TEST_CASE("the image of an in-memory database is a rollback-journal file another reader opens read-only") {
    const std::string image = util::sqlite_file_image([](SQLite::Database& db) {
      db.exec("CREATE TABLE findings (rule TEXT NOT NULL, line INTEGER)");
      db.exec("INSERT INTO findings VALUES ('retired-host', 12), ('plaintext-password', NULL)");
    });
    REQUIRE(image.size() >= 100);
    CHECK(image.rfind(std::string("SQLite format 3\0", 16), 0) == 0);
    CHECK(static_cast<int>(image[18]) == 1);
    CHECK(static_cast<int>(image[19]) == 1);
    REQUIRE(util::write_file_atomic("out.sqlite", image));
    SQLite::Database db("out.sqlite", SQLite::OPEN_READONLY);
    SQLite::Statement rows(db, "SELECT rule, coalesce(line, -1) FROM findings ORDER BY rowid");
    std::string seen;
    while (rows.executeStep()) seen += rows.getColumn(0).getString() + ":" + std::to_string(rows.getColumn(1).getInt()) + " ";
    CHECK(seen == "retired-host:12 plaintext-password:-1 ");
  }

  TEST_CASE("a failure while filling the database reaches the caller") {
    CHECK_THROWS_AS(util::sqlite_file_image([](SQLite::Database& db) { db.exec("NOT SQL"); }), SQLite::Exception);
  }

  TEST_CASE("holds only its schema: tables and indexes without a row, and nothing else") {
    const auto image_of = [](const std::string& sql) {
      return util::sqlite_file_image([&](SQLite::Database& db) { db.exec(sql); });
    };
    const std::string schema = "CREATE TABLE t (id PRIMARY KEY, a, b); CREATE INDEX ta ON t (a); "
                               "CREATE TABLE w (k TEXT PRIMARY KEY, v) WITHOUT ROWID;";
    const std::string empty = image_of(schema);
    REQUIRE(empty.size() >= 4 * 1024);  // page 1 and a root page for each table and index
    CHECK(util::sqlite_image_holds_only_schema(empty));
    // A row in a table, in a WITHOUT ROWID table (an index b-tree), rows enough for interior pages.
    CHECK_FALSE(util::sqlite_image_holds_only_schema(image_of(schema + "INSERT INTO t VALUES (1, 'x', NULL);")));
    CHECK_FALSE(util::sqlite_image_holds_only_schema(image_of(schema + "INSERT INTO w VALUES ('k', 1);")));
    CHECK_FALSE(util::sqlite_image_holds_only_schema(
        image_of(schema + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                          "INSERT INTO t SELECT i, hex(randomblob(40)), i FROM n;")));
    // Rows that were deleted again leave empty pages: only the schema.
    CHECK(util::sqlite_image_holds_only_schema(image_of(schema + "INSERT INTO t VALUES (1, 'x', NULL); DELETE FROM t;")));
    // A schema of more than one page.
    std::string many;
    for (int i = 0; i < 200; ++i) many += "CREATE TABLE table_with_a_long_name_" + std::to_string(i) + " (a, b, c);";
    CHECK_FALSE(util::sqlite_image_holds_only_schema(image_of(many)));
    // Not a whole SQLite file: cut, another page size than a power of two, no magic, nothing.
    CHECK_FALSE(util::sqlite_image_holds_only_schema(empty.substr(0, empty.size() - 1)));
    CHECK_FALSE(util::sqlite_image_holds_only_schema(empty.substr(0, 100)));
    std::string odd_page = empty;
    odd_page[16] = 0x03;
    odd_page[17] = static_cast<char>(0xE8);  // 1000
    CHECK_FALSE(util::sqlite_image_holds_only_schema(odd_page));
    std::string no_magic = empty;
    no_magic[0] = 'T';
    CHECK_FALSE(util::sqlite_image_holds_only_schema(no_magic));
    CHECK_FALSE(util::sqlite_image_holds_only_schema(""));
    CHECK_FALSE(util::sqlite_image_holds_only_schema(std::string(8192, '\0')));
  }
}
