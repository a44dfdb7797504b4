#pragma once
// Renders an edited prefs.js / user.js: replaces only the value token of the affected statement, or
// inserts one user_pref line in sorted position in the file's own line-ending style (thunderbird.md §1.3).
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/thunderbird/prefs_tokenizer.hpp"
#include "i18n/text.hpp"
#include "core/adapter.hpp"
#include "util/result.hpp"

namespace adapters::thunderbird {

// A string written as Thunderbird writes it: only \\ \" \n \r escaped, everything else raw.
std::string quote_pref_string(std::string_view value);
// The line ending the file already uses ("\n" when it has none).
std::string_view line_ending_of(std::string_view bytes);

struct LockedPref {
  std::string name;
  std::string policy_file;
  i18n::Text why = {};  // when set, the whole reason ("locked by AutoConfig lockPref() in /x/a.cfg:3")
};

// Applies `edits` (all targeting `path`) to `original`. Refuses an empty hostname, a value of the wrong
// kind for its field, an unknown server type, a pref locked by policy or the installation, or a statement that cannot be found.
util::Result<std::string> render_prefs(std::string_view path, std::string_view original,
                                       const std::vector<core::Edit>& edits,
                                       const std::vector<LockedPref>& locked = {});

}  // namespace adapters::thunderbird
