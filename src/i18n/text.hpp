// A human text in two languages at once: English — the msgid with its placeholders filled, what
// JSON's `message` carries so that fleets can group and search findings by one stable text — and
// the run's language (JSON's `message_localized`, the text report).
//
//   i18n::msg("The {1} uses port {2}.", {server_label, std::to_string(port)})
//
// Arguments are Texts too: a value that reads the same in every language (a host, a port, a file)
// converts from std::string; a phrase of the sentence is itself an i18n::msg. A bare string
// literal does not convert, so that an English phrase cannot slip through untranslated.
// scripts/update-po finds msg/msgn like tr/trn.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace i18n {

struct Text {
  std::string english;
  std::string localized;  // the same as `english` when the run speaks English

  Text() = default;
  Text(std::string value) : english(value), localized(std::move(value)) {}  // NOLINT: a verbatim value
  Text(const char*) = delete;

  bool empty() const { return english.empty(); }
  // Appends the next sentence: a space between English sentences, none after a full-width stop.
  Text& append_sentence(const Text& next);
  // Appends without a separator (a clause that carries its own punctuation).
  Text& operator+=(const Text& more);
};

// `msgid` with {1}..{9} filled: in English, and in the run's language from the catalogue.
Text msg(std::string_view msgid, std::initializer_list<Text> args = {});
// The plural form for `n` (n is usually also one of the arguments).
Text msgn(std::string_view singular, std::string_view plural, unsigned long n, std::initializer_list<Text> args = {});
// A text marked with i18n::marked() where it was made (a parser's reason): the English as it is,
// and its translation in the run's language.
Text marked_text(std::string_view english);
// An error value carrying both languages (util::Error::message English, ::localized the run's).
util::Error error(const Text& message);
// The Text of an error: both languages when it was made by error(), else its message verbatim.
Text text_of(const util::Error& error);

// What a `*_localized` member beside an English one keeps (Finding, Source): the run's language,
// empty in an English run.
std::string localized_member(const Text& text);
// The Text of such a pair of members (an empty localized member: the English).
Text from_members(const std::string& english, const std::string& localized);

// The items joined with ", " (English) and "、" (Chinese) — a list inside a sentence.
Text join_list(const std::vector<Text>& items);
// join_list of values that read the same in every language (hosts, folder names, rule ids).
Text join_values(const std::vector<std::string>& values);

}  // namespace i18n
