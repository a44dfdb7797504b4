#pragma once
// A unified diff of two texts, line by line (Myers' O(ND) algorithm), as `diff -u` prints it.
#include <string>
#include <string_view>

namespace util {

// Returns "" when the texts are equal. Lines keep their own terminators ("\r\n" stays visible as
// a trailing '\r'); a last line without '\n' is marked "\ No newline at end of file".
// When the texts differ in more than max_edits lines the middle is shown as one replaced block,
// so time and memory stay bounded on any input.
std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view old_label,
                         std::string_view new_label, std::size_t context = 3, std::size_t max_edits = 2000);

}  // namespace util
