#pragma once
// Errors util makes, in English and in the run's language. util sits below i18n and knows no
// catalogue: it writes each error as an English pattern with numbered placeholders, marked for the
// catalogue, and asks a hook for the pattern's translation. i18n registers the hook when the run's
// language is chosen (i18n::set_language); without one an error is English only.
//
//   return util::error_from("{1}: cannot open: {2}", {path.string(), std::strerror(errno)});
//
// scripts/update-po extracts the first argument of error_from (and util::marked) like i18n::tr.
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace util {

// Marks an English text for the catalogue where it is kept as a value (gettext's N_): the pattern
// a helper fills later. i18n::marked is this function.
constexpr const char* marked(const char* english) { return english; }

// The translation of an English pattern in the run's language, or empty (an English run, or no
// translation). The text it returns lives as long as the program.
using ErrorLocalizer = std::string_view (*)(std::string_view english_pattern);
// Registered once at start-up, before threads start (nullptr: English only).
void set_error_localizer(ErrorLocalizer localizer);

// A filler of a pattern: a value that reads the same in every language (a path, a number, the
// system's reason) or a lower error (its English and its localized text). A phrase is not a value:
// it is a pattern of its own, so no English phrase slips into a translated error.
struct ErrorArg {
  std::string english;
  std::string localized;
  ErrorArg(std::string value) : english(value), localized(std::move(value)) {}  // NOLINT: a verbatim value
  ErrorArg(const Error& error) : english(error.message), localized(error.shown()) {}  // NOLINT
  ErrorArg(const char*) = delete;
};

// `pattern` with {1}..{9} filled: `message` in English; `localized` in the run's language when a
// localizer is registered (empty otherwise, so Error::shown() gives the English).
Error error_from(std::string_view pattern, std::initializer_list<ErrorArg> args = {});

// The C library's text for an errno value (strerror): the system's words, as it gives them.
std::string errno_text(int err);

// `pattern` with {1}..{9} replaced by `args`; a placeholder without an argument stays as it is.
std::string fill_placeholders(std::string_view pattern, std::span<const std::string_view> args);

}  // namespace util
