// A SQLite database built in memory and handed back as the bytes of its file, for outputs that
// are SQLite files (`--output sqlite=PATH`, `summary --format sqlite`): the caller writes the
// bytes with util::write_file_atomic, so a reader (osquery opens these files without locks)
// sees the old file or the new one, never a half-written one. The image is in rollback-journal
// format (never WAL), which a read-only, lock-free reader needs.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>

namespace util {

// Runs `fill` on an empty in-memory database, then returns the database's file image.
// Throws SQLite::Exception when `fill` or the serialisation fails.
std::string sqlite_file_image(const std::function<void(SQLite::Database&)>& fill);

// Whether the bytes of a SQLite file (rollback-journal format: a -wal beside it may hold more) hold
// no row in any table or index but the schema's own, judged from the pages alone, without SQLite:
// the schema is one leaf page (page 1), and no later page is an interior b-tree page or a leaf with
// a cell. A table or index with a row always has such a page (its root, or a leaf below it), so
// `true` is certain; pages that only look like b-tree pages (a free page's stale content) can only
// make it `false`. Anything that is not a well-formed SQLite file of whole pages is `false`.
bool sqlite_image_holds_only_schema(std::string_view image);

}  // namespace util
