#pragma once
// Exit codes are a public contract (README "Exit codes"); errors at the edges carry one.
#include <stdexcept>
#include <string>

#include "i18n/text.hpp"

namespace core {

enum class ExitCode : int {
  Ok = 0,        // nothing at or above --fail-on
  Findings = 1,  // findings at or above --fail-on (fix: changes pending in a dry run)
  Usage = 2,     // usage error, or nothing could be read
  Partial = 3,   // some sources unreadable, or some fixes refused
};

// The message is an i18n::Text: what() is English (tests, logs), localized() what the user reads.
// A message made elsewhere (a util::Error's, a library's) converts as a verbatim value; a bare
// string literal does not compile, so every sentence written here goes through i18n::msg.
class AppError : public std::runtime_error {
 public:
  AppError(ExitCode code, const i18n::Text& message)
      : std::runtime_error(message.english), code_(code), localized_(message.localized) {}
  AppError(ExitCode code, const util::Error& error) : AppError(code, i18n::text_of(error)) {}
  ExitCode code() const { return code_; }
  const std::string& localized() const { return localized_; }

 private:
  ExitCode code_;
  std::string localized_;
};

}  // namespace core
