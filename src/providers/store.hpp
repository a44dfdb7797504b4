#pragma once
// Writing the provider database file (schemas/providers.sql) from imported providers.
#include <filesystem>
#include <string>
#include <vector>

#include "providers/ispdb.hpp"

namespace providers {

// Writes `imported` as a new SQLite database at `out` (through a temporary file in the same folder,
// renamed into place; an existing file is replaced only on success).
// Throws core::AppError(Usage) naming the file when it cannot be written.
void write_database(const ImportResult& imported, const std::filesystem::path& out);

// What `mailmend providers import DIR... --out FILE.sqlite` reports.
struct ImportSummary {
  int files = 0;
  std::size_t providers = 0;
  std::size_t domains = 0;
  std::size_t incoming = 0;
  std::size_t outgoing = 0;
  std::vector<ImportIssue> warnings;
  std::vector<ImportIssue> errors;  // files skipped as a whole
};

// The whole command: import_ispdb(inputs) then write_database(out).
// Throws core::AppError(Usage) when no file could be imported (nothing is written then).
ImportSummary import_to_database(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out);

// The rank of `host` for a provider: the length of the provider's longest domain that the host is
// in (label boundary), 0 when none. Used to pick one provider when several list the same host.
int host_rank(const std::string& host, const std::vector<std::string>& provider_domains);

}  // namespace providers
