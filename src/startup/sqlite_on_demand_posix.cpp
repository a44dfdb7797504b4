// SQLite, loaded when a run first opens a database (Linux): a --providers file, an Accounts4.sqlite,
// a Thunderbird cert9.db that holds certificates, the sqlite output, the discovery cache. A typical
// audit opens none (the embedded provider database is a snapshot read without SQLite, and an empty
// cert9.db is recognised from its pages), and linked in, Debian's libsqlite3.a was 1.2 MB of the
// 5.7 MB binary. How: startup/on_demand_posix.hpp (one line per SQLite function the executable
// calls, SQLiteCpp's calls included). The test executables link SQLite as usual; CMake option
// MAILMEND_SQLITE_ON_DEMAND.
#include <sqlite3.h>

#include <atomic>
#include <cstdarg>

#include "startup/on_demand_posix.hpp"

namespace {

// sqlite3_config must precede SQLite's first use, and src/main.cpp calls it at start-up, when the
// library is not loaded yet: the request is remembered and made right after loading.
std::atomic<bool> empty_page_cache_asked{false};

void* sqlite_library() {
  static void* handle = [] {
    void* library = startup::open_library_or_exit(MAILMEND_LIBSQLITE3_SONAME, "SQLite");
    if (empty_page_cache_asked) {
      auto* config = reinterpret_cast<decltype(::sqlite3_config)*>(startup::symbol_or_exit(library, "sqlite3_config", "SQLite"));
      config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
    }
    return library;
  }();
  return handle;
}

}  // namespace

// The one configuration mailmend makes (src/main.cpp): page caches that start empty.
extern "C" __attribute__((visibility("hidden"))) int sqlite3_config(int option, ...) {
  if (option != SQLITE_CONFIG_PAGECACHE) return SQLITE_MISUSE;
  empty_page_cache_asked = true;
  return SQLITE_OK;
}

// sqlite3_db_config is variadic; the options mailmend sets (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE) take
// an int and an int* as SQLite documents for its on/off options, and are forwarded as such.
extern "C" __attribute__((visibility("hidden"))) int sqlite3_db_config(sqlite3* db, int option, ...) {
  static auto* const real = reinterpret_cast<decltype(::sqlite3_db_config)*>(
      startup::symbol_or_exit(sqlite_library(), "sqlite3_db_config", "SQLite"));
  va_list rest;
  va_start(rest, option);
  const int value = va_arg(rest, int);
  int* const result = va_arg(rest, int*);
  va_end(rest);
  return real(db, option, value, result);
}

#define MM_SQLITE(result, name, parameters, arguments) \
  MM_ON_DEMAND(sqlite_library, "SQLite", result, name, parameters, arguments)

MM_SQLITE(int, sqlite3_backup_finish, (sqlite3_backup *p0), (p0))
MM_SQLITE(sqlite3_backup *, sqlite3_backup_init, (sqlite3 *p0, const char *p1, sqlite3 *p2, const char *p3), (p0, p1, p2, p3))
MM_SQLITE(int, sqlite3_backup_pagecount, (sqlite3_backup *p0), (p0))
MM_SQLITE(int, sqlite3_backup_remaining, (sqlite3_backup *p0), (p0))
MM_SQLITE(int, sqlite3_backup_step, (sqlite3_backup *p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_bind_blob, (sqlite3_stmt* p0, int p1, const void* p2, int p3, void(*p4)(void*)), (p0, p1, p2, p3, p4))
MM_SQLITE(int, sqlite3_bind_double, (sqlite3_stmt* p0, int p1, double p2), (p0, p1, p2))
MM_SQLITE(int, sqlite3_bind_int, (sqlite3_stmt* p0, int p1, int p2), (p0, p1, p2))
MM_SQLITE(int, sqlite3_bind_int64, (sqlite3_stmt* p0, int p1, sqlite3_int64 p2), (p0, p1, p2))
MM_SQLITE(int, sqlite3_bind_null, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_bind_parameter_count, (sqlite3_stmt* p0), (p0))
MM_SQLITE(int, sqlite3_bind_parameter_index, (sqlite3_stmt* p0, const char *p1), (p0, p1))
MM_SQLITE(int, sqlite3_bind_text, (sqlite3_stmt* p0, int p1, const char* p2, int p3, void(*p4)(void*)), (p0, p1, p2, p3, p4))
MM_SQLITE(int, sqlite3_busy_timeout, (sqlite3* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_changes, (sqlite3* p0), (p0))
MM_SQLITE(int, sqlite3_clear_bindings, (sqlite3_stmt* p0), (p0))
MM_SQLITE(int, sqlite3_close, (sqlite3* p0), (p0))
MM_SQLITE(const void *, sqlite3_column_blob, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_column_bytes, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_column_count, (sqlite3_stmt *p0), (p0))
MM_SQLITE(const char *, sqlite3_column_decltype, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(double, sqlite3_column_double, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_column_int, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(const char *, sqlite3_column_name, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(const char *, sqlite3_column_origin_name, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(const unsigned char *, sqlite3_column_text, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_column_type, (sqlite3_stmt* p0, int p1), (p0, p1))
MM_SQLITE(int, sqlite3_create_function_v2, (sqlite3 *p0, const char *p1, int p2, int p3, void *p4, void (*p5)(sqlite3_context*,int,sqlite3_value**), void (*p6)(sqlite3_context*,int,sqlite3_value**), void (*p7)(sqlite3_context*), void(*p8)(void*)), (p0, p1, p2, p3, p4, p5, p6, p7, p8))
MM_SQLITE(int, sqlite3_deserialize, (sqlite3 *p0, const char *p1, unsigned char *p2, sqlite3_int64 p3, sqlite3_int64 p4, unsigned p5), (p0, p1, p2, p3, p4, p5))
MM_SQLITE(int, sqlite3_errcode, (sqlite3 *p0), (p0))
MM_SQLITE(const char *, sqlite3_errmsg, (sqlite3* p0), (p0))
MM_SQLITE(const char *, sqlite3_errstr, (int p0), (p0))
MM_SQLITE(int, sqlite3_exec, (sqlite3* p0, const char *p1, int (*p2)(void*,int,char**,char**), void * p3, char **p4), (p0, p1, p2, p3, p4))
MM_SQLITE(char *, sqlite3_expanded_sql, (sqlite3_stmt *p0), (p0))
MM_SQLITE(int, sqlite3_extended_errcode, (sqlite3 *p0), (p0))
MM_SQLITE(int, sqlite3_finalize, (sqlite3_stmt *p0), (p0))
MM_SQLITE(void, sqlite3_free, (void* p0), (p0))
MM_SQLITE(sqlite3_int64, sqlite3_last_insert_rowid, (sqlite3* p0), (p0))
MM_SQLITE(const char *, sqlite3_libversion, (), ())
MM_SQLITE(int, sqlite3_libversion_number, (), ())
MM_SQLITE(int, sqlite3_load_extension, (sqlite3 *p0, const char *p1, const char *p2, char **p3), (p0, p1, p2, p3))
MM_SQLITE(int, sqlite3_open_v2, (const char *p0, sqlite3 **p1, int p2, const char *p3), (p0, p1, p2, p3))
MM_SQLITE(int, sqlite3_prepare_v2, (sqlite3 *p0, const char *p1, int p2, sqlite3_stmt **p3, const char **p4), (p0, p1, p2, p3, p4))
MM_SQLITE(int, sqlite3_reset, (sqlite3_stmt *p0), (p0))
MM_SQLITE(unsigned char *, sqlite3_serialize, (sqlite3 *p0, const char *p1, sqlite3_int64 *p2, unsigned int p3), (p0, p1, p2, p3))
MM_SQLITE(int, sqlite3_step, (sqlite3_stmt* p0), (p0))
MM_SQLITE(int, sqlite3_total_changes, (sqlite3* p0), (p0))
