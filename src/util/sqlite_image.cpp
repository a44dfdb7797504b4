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

namespace {

unsigned big_endian_16(std::string_view bytes, std::size_t at) {
  return (static_cast<unsigned>(static_cast<unsigned char>(bytes[at])) << 8) | static_cast<unsigned char>(bytes[at + 1]);
}

// B-tree page types (SQLite file format, section 1.6).
constexpr unsigned char kInteriorIndex = 0x02, kInteriorTable = 0x05, kLeafIndex = 0x0A, kLeafTable = 0x0D;
constexpr std::size_t kHeaderBytes = 100;  // the file header, before page 1's b-tree header

}  // namespace

bool sqlite_image_holds_only_schema(std::string_view image) {
  constexpr std::string_view kMagic{"SQLite format 3\0", 16};
  if (image.size() < kHeaderBytes + 8 || image.substr(0, kMagic.size()) != kMagic) return false;
  const unsigned stored = big_endian_16(image, 16);  // 1 stands for 65536
  const std::size_t page_size = stored == 1 ? 65536 : stored;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0 || image.size() % page_size != 0) return false;
  if (static_cast<unsigned char>(image[kHeaderBytes]) != kLeafTable) return false;
  for (std::size_t page = page_size; page < image.size(); page += page_size) {
    const auto type = static_cast<unsigned char>(image[page]);
    if (type == kInteriorIndex || type == kInteriorTable) return false;
    if ((type == kLeafIndex || type == kLeafTable) && big_endian_16(image, page + 3) != 0) return false;
  }
  return true;
}

}  // namespace util
