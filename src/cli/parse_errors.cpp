#include "cli/parse_errors.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "i18n/messages.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

using i18n::msg;
using i18n::Text;

// The values that fill `pattern`'s {1}..{9} to give `text`, or nullopt when it does not fit. Each
// placeholder takes the text up to the first place where the words after it follow (the rest of
// the text when it ends the pattern).
std::optional<std::vector<std::string>> parts_of(std::string_view text, std::string_view pattern) {
  std::vector<std::string> parts;
  std::size_t at = 0;  // in text
  for (std::size_t p = 0; p < pattern.size();) {
    const bool placeholder = pattern[p] == '{' && p + 2 < pattern.size() && pattern[p + 1] >= '1' &&
                             pattern[p + 1] <= '9' && pattern[p + 2] == '}';
    if (!placeholder) {
      if (at >= text.size() || text[at] != pattern[p]) return std::nullopt;
      ++at;
      ++p;
      continue;
    }
    const auto index = static_cast<std::size_t>(pattern[p + 1] - '1');
    p += 3;
    const std::size_t next = pattern.find('{', p);
    const std::string_view following = pattern.substr(p, next == std::string_view::npos ? next : next - p);
    const std::size_t end = following.empty() ? text.size() : text.find(following, at);
    if (end == std::string_view::npos || end == at) return std::nullopt;
    if (parts.size() <= index) parts.resize(index + 1);
    parts[index] = std::string(text.substr(at, end - at));
    at = end;
  }
  if (at != text.size()) return std::nullopt;
  return parts;
}

// `english` (CLI11's words) said again through `pattern`, a message made with i18n::msg and no
// arguments: its English and its translation with the placeholders still in them. Nullopt unless
// the English it gives is `english` exactly.
std::optional<Text> reword(std::string_view english, const Text& pattern) {
  const auto parts = parts_of(english, pattern.english);
  if (!parts) return std::nullopt;
  const std::vector<std::string_view> values(parts->begin(), parts->end());
  Text t;
  t.english = i18n::format(pattern.english, values);
  t.localized = i18n::format(pattern.localized, values);
  if (t.english != english) return std::nullopt;
  return t;
}

// The first of `patterns` that gives `english`.
std::optional<Text> reword_any(std::string_view english, std::initializer_list<Text> patterns) {
  for (const auto& pattern : patterns) {
    if (auto t = reword(english, pattern)) return t;
  }
  return std::nullopt;
}

std::vector<Text>& refusals() {
  static std::vector<Text> texts;
  return texts;
}

// An argument no option or subcommand takes: an unknown option, a value too many, a subcommand's
// name misspelt after another subcommand.
std::optional<Text> extras_text(std::string_view what) {
  return reword_any(what, {msg("The following argument was not expected: {1}"),
                           msg("The following arguments were not expected: {1}")});
}

// A required option or positional (one word: its name), or the subcommand missing or misspelt.
std::optional<Text> required_text(std::string_view what, const std::vector<std::string>& unparsed) {
  if (auto t = reword(what, msg("A subcommand is required"))) {
    if (unparsed.empty() || unparsed.front().starts_with("-")) return t;
    return msg("'{1}' is not a subcommand", {util::printable(unparsed.front(), 60)});
  }
  constexpr std::string_view kTail = " is required";
  if (what.find(' ') + kTail.size() != what.size()) return std::nullopt;  // not "At least 1 option from [...]"
  return reword(what, msg("{1} is required"));
}

// An option at the end of the line without its value ("--out: 1 required TEXT missing").
std::optional<Text> mismatch_text(std::string_view what) {
  return reword(what, msg("{1}: {2} required {3} missing"));
}

// A value that is not of the option's type ("--jobs abc").
std::optional<Text> conversion_text(std::string_view what) { return reword(what, msg("Could not convert: {1} = {2}")); }

// A value a validator refused: one of mailmend's own (validator_refusal), or CLI11's IsMember
// ("--format: xml not in {text,json}") or Range ("--jobs: Value 0 not in range 1 to 256").
std::optional<Text> validation_text(std::string_view what) {
  const std::size_t colon = what.find(": ");
  if (colon != std::string_view::npos) {
    const std::string_view reason = what.substr(colon + 2);
    for (const auto& refusal : refusals()) {
      if (refusal.english == reason) return msg("{1}: {2}", {std::string(what.substr(0, colon)), refusal});
    }
  }
  return reword_any(what, {msg("{1}: Value {2} not in range {3} to {4}"), msg("{1}: {2} not in {3}")});
}

}  // namespace

std::string validator_refusal(const i18n::Text& reason) {
  if (!reason.empty()) refusals().push_back(reason);
  return reason.english;
}

i18n::Text parse_error_text(const CLI::Error& error, const std::vector<std::string>& unparsed) {
  const std::string_view what = error.what();
  std::optional<Text> text;
  if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    text = extras_text(what);
  } else if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    text = required_text(what, unparsed);
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
    text = mismatch_text(what);
  } else if (dynamic_cast<const CLI::ConversionError*>(&error)) {
    text = conversion_text(what);
  } else if (dynamic_cast<const CLI::ValidationError*>(&error)) {
    text = validation_text(what);
  }
  return text ? *text : Text(std::string(what));  // CLI11's words, in every language
}

}  // namespace cli
