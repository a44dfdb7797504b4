#pragma once
// Exit codes are a public contract (README "Exit codes"); errors at the edges carry one.
#include <stdexcept>
#include <string>

namespace core {

enum class ExitCode : int {
  Ok = 0,        // nothing at or above --fail-on
  Findings = 1,  // findings at or above --fail-on (fix: changes pending in a dry run)
  Usage = 2,     // usage error, or nothing could be read
  Partial = 3,   // some sources unreadable, or some fixes refused
};

class AppError : public std::runtime_error {
 public:
  AppError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace core
