#pragma once
// Reads ISPDB clientConfig XML (thunderbird/autoconfig) and the project's own fact files
// (data/overrides, root <providerFacts>) into Provider values. Anomalies are kept as written and
// reported as warnings; a file that cannot be parsed is reported as one error and skipped.
#include <filesystem>
#include <string>
#include <vector>

#include "i18n/text.hpp"
#include "providers/provider.hpp"
#include "util/result.hpp"

namespace providers {

// One warning or error: the file, the 1-based line and column (0 when unknown) and the reason.
struct ImportIssue {
  std::string file;
  int line = 0;
  std::string reason;
  int column = 0;
  // A note that changes nothing read (a BOM, CRLF, a deprecated spelling read as meant): a policy
  // file with only such notes is still used to fix.
  bool harmless = false;
  // The reason in the run's language when it was made from a catalogue text (of()); else empty.
  std::string reason_localized{};
  // An issue whose reason is a catalogue text (i18n::msg): both languages.
  static ImportIssue of(std::string file, int line, const i18n::Text& reason, bool harmless = false);
  // "file:line:column: reason", "file:line: reason" or "file: reason", in English and in the run's
  // language (what mailmend prints on standard error).
  i18n::Text message() const;
  // message()'s English (the report's sources).
  std::string text() const;
  // The inverse of text() for a message that starts with "file:".
  static ImportIssue from_text(const std::string& file, const std::string& message);
  // from_text of the error's English, with the reason of its translation when it has one.
  static ImportIssue from_error(const std::string& file, const util::Error& error);
  bool operator==(const ImportIssue&) const = default;
};

struct ImportResult {
  std::vector<Provider> providers;  // one per ISPDB file, in file-name order, then new providers from fact files
  std::vector<ImportIssue> warnings;
  std::vector<ImportIssue> errors;  // files skipped as a whole (malformed, binary, unreadable)
  int files_read = 0;               // XML files that were imported (ISPDB and fact files)

  std::size_t domain_count() const;
  std::size_t incoming_count() const;
  std::size_t outgoing_count() const;
};

// Imports every *.xml in the given folders (not recursive, sorted by name) and every file named
// directly. ISPDB files come first; <providerFacts> files are applied after all of them.
// Keyed by lower-cased trimmed <domain>; a domain already taken by an earlier file stays there.
ImportResult import_ispdb(const std::vector<std::filesystem::path>& dirs_or_files);

// Parses one ISPDB clientConfig document held in `bytes` (read from `file`, used in messages).
// `check_file_name`: warn when the emailProvider id differs from the file name (ISPDB convention).
struct ParsedConfig {
  Provider provider;
  std::vector<ImportIssue> warnings;
};
util::Result<ParsedConfig> parse_client_config(const std::string& bytes, const std::string& file,
                                               bool check_file_name);

}  // namespace providers
