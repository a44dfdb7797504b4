// Terminal columns of UTF-8 text (util::char_width: CJK ideographs and full-width
// forms take two columns, combining marks none) and wrapping by those columns. For the text
// report, which lines up English and Chinese alike.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Columns `text` takes; a byte that is not valid UTF-8 counts as one.
std::size_t display_width(std::string_view text);

// `text` followed by spaces up to `width` columns (unchanged when it is as wide or wider).
std::string pad_to_width(std::string_view text, std::size_t width);

// `text` in lines of at most `width` columns. Lines break at spaces (which are dropped) and
// beside a wide character, never inside a run of narrow characters (a word, a path, an escape
// such as \x1b) and never before closing or after opening CJK punctuation; a run wider than
// `width` stays whole on a line of its own.
std::vector<std::string> wrap_to_width(std::string_view text, std::size_t width);

}  // namespace util
