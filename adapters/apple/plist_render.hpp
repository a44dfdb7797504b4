#pragma once
// Applies edits to a property list, keeping each value's type (a string port stays a string,
// "YES"/"NO" stay strings) and the file's format. XML is edited byte-for-byte on the one element
// (every other byte kept) and verified against libplist's own edit of the tree; binary is
// re-serialised with plist_to_bin (identical as a tree, not as bytes). An absent key (Origin with
// is_default) is added at the end of its dict in the type Apple writes (integer port, "YES"
// string for SSLEnabled, <true/> for a profile's *UseSSL, string otherwise).
#include <string>
#include <string_view>
#include <vector>

#include "core/adapter.hpp"
#include "util/result.hpp"

namespace adapters::apple {

util::Result<std::string> render_plist_edits(const std::string& file, std::string_view original,
                                             const std::vector<core::Edit>& edits);

}  // namespace adapters::apple
