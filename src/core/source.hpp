#pragma once
#include <string>
#include <string_view>

namespace core {

// Damaged: the file is cut or inconsistent (ends inside a statement, its account list names servers
// that are not there); its accounts are read as far as they can be, and it is never written to.
enum class SourceStatus { Ok, Error, Locked, Skipped, Damaged };
std::string_view to_string(SourceStatus s);

// One file (or registry root) that an adapter looked at.
struct Source {
  std::string client;
  std::string path;
  SourceStatus status = SourceStatus::Ok;
  std::string message;  // one line; why it is error/locked/skipped, or a note when ok
};

// Whether `source` names one user's live Windows registry rather than a file: "HKCU" (the user
// running mailmend) or HKU\<SID> (a user hive loaded under HKEY_USERS, e.g. HKU\S-1-5-21-...).
// Such a source is never made absolute, opened or backed up as a file; on other systems reading it
// is an error.
bool is_live_registry_source(std::string_view source);

}  // namespace core
