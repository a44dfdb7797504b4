#include "util/sqlite_image.hpp"

#include <memory>

#include <sqlite3.h>

namespace util {

std::string sqlite_file_image(const std::function<void(SQLite::Database&)>& fill) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  fill(db);
  sqlite3_int64 size = 0;
  std::unique_ptr<unsigned char, decltype(&sqlite3_free)> image(sqlite3_serialize(db.getHandle(), "main", &size, 0),
                                                                &sqlite3_free);
  if (!image) throw SQLite::Exception("cannot serialise the in-memory database", SQLITE_NOMEM);
  std::string bytes(reinterpret_cast<const char*>(image.get()), static_cast<std::size_t>(size));
  // Header bytes 18 and 19 (file format write and read versions): 1 is rollback journal, 2 is
  // WAL. A database that never left memory is never WAL; a test reads them.
  return bytes;
}

}  // namespace util
