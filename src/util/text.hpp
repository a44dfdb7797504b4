#pragma once
// Small text helpers that know nothing about mail.
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace util {

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool ends_with_icase(std::string_view s, std::string_view suffix);
// Splits on `sep`; empty pieces are kept unless drop_empty.
std::vector<std::string> split(std::string_view s, char sep, bool drop_empty = false);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Parses a whole string as a base-10 integer within [min,max].
std::optional<long long> parse_int(std::string_view s, long long min, long long max);
// Escapes control characters and non-UTF-8 bytes so a value fits on one line of a report.
std::string printable(std::string_view s, std::size_t max_len = 200);
// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD (control characters kept).
std::string valid_utf8(std::string_view s);
// Domain part of an email address, lower-cased; empty when there is no '@'.
std::string email_domain(std::string_view address);
std::string email_local_part(std::string_view address);

// The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring bytes each cost 1 ("retierd-host" is 1 from "retired-host").
std::size_t edit_distance(std::string_view a, std::string_view b);

// Appends the UTF-8 encoding of a code point (surrogates encoded as they are, as libpref and
// JavaScript string escapes produce them).
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace util
