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
}
