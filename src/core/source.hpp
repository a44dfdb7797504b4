#pragma once
#include <string>
#include <string_view>

namespace core {

enum class SourceStatus { Ok, Error, Locked, Skipped };
std::string_view to_string(SourceStatus s);

// One file (or registry root) that an adapter looked at.
struct Source {
  std::string client;
  std::string path;
  SourceStatus status = SourceStatus::Ok;
  std::string message;  // one line; why it is error/locked/skipped, or a note when ok
};

}  // namespace core
