#pragma once
// Errors as values inside parsers: a Result<T> holds either a value or an Error.
#include <string>
#include <utility>
#include <variant>

namespace util {

// One line that names the file and the place, e.g. "prefs.js:12: unterminated string".
struct Error {
  std::string message;    // English: what logs, tests and the machine formats carry
  std::string localized;  // the run's language, when made from a catalogue text (i18n::error); else empty
  // What the user reads: the localized text when there is one, else the English.
  const std::string& shown() const { return localized.empty() ? message : localized; }
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const { return std::get<Error>(state_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
struct Status {
  Status() = default;
  Status(Error e) : error_(std::move(e)), failed_(true) {}
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_{};
  bool failed_ = false;
};

inline Error make_error(std::string message) { return Error{std::move(message), {}}; }

}  // namespace util
