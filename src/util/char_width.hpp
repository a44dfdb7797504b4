// The terminal width of one Unicode code point: 2 for CJK ideographs, full-width forms and wide
// emoji, 0 for combining marks and control characters, 1 for the rest. The widths are utf8proc's
// (utf8proc_charwidth), kept as a 4 KB table of runs (char_width_table.inc, written by
// scripts/gen-char-widths) instead of linking utf8proc's 330 KB of property tables;
// tests/util/test_char_width.cpp checks every code point against the build's utf8proc.
#pragma once

#include <cstddef>
#include <string_view>

namespace util {

// Columns `code_point` takes (0, 1 or 2); 1 for a value above U+10FFFF.
std::size_t char_width(char32_t code_point);

// The utf8proc and Unicode versions the table was generated from.
std::string_view char_width_source();

}  // namespace util
