// A SQLite database built in memory and handed back as the bytes of its file, for outputs that
// are SQLite files (`--output sqlite=PATH`, `summary --format sqlite`): the caller writes the
// bytes with util::write_file_atomic, so a reader (osquery opens these files without locks)
// sees the old file or the new one, never a half-written one. The image is in rollback-journal
// format (never WAL), which a read-only, lock-free reader needs.
#pragma once

#include <functional>
#include <string>

#include <SQLiteCpp/Database.h>

namespace util {

// Runs `fill` on an empty in-memory database, then returns the database's file image.
// Throws SQLite::Exception when `fill` or the serialisation fails.
std::string sqlite_file_image(const std::function<void(SQLite::Database&)>& fill);

}  // namespace util
