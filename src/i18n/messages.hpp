// Human texts in the user's language. Call sites mark English source texts with tr()/trn() —
// scripts/update-po finds them with xgettext — and the catalogues compiled from po/*.po at build
// time are embedded in the binary (no file beside it). Rule ids, JSON keys and enum values are
// never passed through here.
//
// Placeholders are numbered, {1} to {9}, so that a translation may order them differently:
//   i18n::format(i18n::tr("{1} is not among {2}'s hosts"), {host, provider})
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "i18n/catalogue.hpp"
#include "i18n/language.hpp"
#include "util/error_text.hpp"

namespace i18n {

// The language of this run; set once at start-up before any thread starts, read after. It also
// registers util's error localizer (util::set_error_localizer), so that the errors util makes come
// in this language too.
void set_language(Language language);
Language language();

// `msgid` in the run's language: its translation, or `msgid` itself (English, or no translation).
std::string_view tr(std::string_view msgid);
// The form for `n` of a text with a plural ("{1} account" / "{1} accounts").
std::string_view trn(std::string_view singular, std::string_view plural, unsigned long n);

// Marks an English text for the catalogue where it is kept as a value (gettext's N_): a rule's
// summary, a parser's word for what is damaged. It stays English there (JSON, logs, tests) and is
// translated where it is shown: tr(text), or i18n::marked_text(text) for both languages at once.
// scripts/update-po extracts marked("...") like tr. (util's own errors mark their patterns with it
// too: util::marked is this function.)
using util::marked;

// `pattern` with {1}..{9} replaced by the arguments; a placeholder without an argument stays.
std::string format(std::string_view pattern, std::initializer_list<std::string_view> args);
std::string format(std::string_view pattern, std::span<const std::string_view> args);

// The embedded catalogue of `language` (nullptr for English, the source language). Parsed on
// first use; an embedded image that does not parse is a build defect a test catches.
const Catalogue* embedded_catalogue(Language language);

}  // namespace i18n
