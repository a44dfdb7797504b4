#pragma once
// The SQLite schema of the provider database (schemas/providers.sql).

namespace providers {

inline constexpr const char* kDatabaseFormat = "mailmend-providers-4";
extern const char* const kSchemaSql;

}  // namespace providers
