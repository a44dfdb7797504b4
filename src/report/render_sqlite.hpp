#pragma once
// The per-host results database (`--output sqlite=PATH`; README "Output formats",
// docs/osquery.md): tables runs, sources, accounts and findings, created from
// schemas/report-sqlite.sql, holding what the JSON report holds.
#include <string>
#include <string_view>

#include "core/report.hpp"

namespace report {

// schemas/report-sqlite.sql, as embedded at build time.
std::string_view report_sqlite_schema();

// The bytes of the database file (rollback journal, never WAL), for util::write_file_atomic.
// Throws SQLite::Exception when SQLite fails (out of memory).
std::string render_sqlite(const core::Report& report);

}  // namespace report
