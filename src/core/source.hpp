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

}  // namespace core
