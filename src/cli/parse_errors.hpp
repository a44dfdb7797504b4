#pragma once
// CLI11's parse errors in the run's language. CLI11 words each error in English inside its exception
// types; the errors mailmend's options can raise (an argument not expected, a required option or
// subcommand missing, an option without its value, a value that does not convert or that a
// validator refuses) are worded again here from the parts of that English (the option's name, the
// value), by exception type. The English stays CLI11's byte for byte; an error of another type, or
// one whose words are not the ones expected, keeps CLI11's text in every language.
#include <string>
#include <vector>

#include "i18n/text.hpp"

namespace CLI {
class Error;
}

namespace cli {

// `unparsed`: the arguments nothing took (CLI::App::remaining(true)). Where a subcommand is required
// and the first of them is a word, it is named as the subcommand that is not one ("'audti' is not
// a subcommand", mailmend's own words: CLI11 only says that one is required).
i18n::Text parse_error_text(const CLI::Error& error, const std::vector<std::string>& unparsed = {});

// What one of mailmend's own CLI11 validators returns to refuse a value: the English of `reason`,
// which CLI11 puts inside its ValidationError ("--only: REASON"); parse_error_text finds the
// translation by it.
std::string validator_refusal(const i18n::Text& reason);

}  // namespace cli
