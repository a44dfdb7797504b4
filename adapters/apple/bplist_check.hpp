#pragma once
// Bounded structural check of a binary plist (bplist00) before libplist sees it: libplist 2.2
// trusts the trailer and the object references, so a hostile file could make it read outside
// the buffer, loop on a reference cycle or expand a shared sub-tree without bound.
#include <cstddef>
#include <string_view>

#include "util/result.hpp"

namespace adapters::apple {

inline constexpr std::size_t kMaxPlistDepth = 128;
// Objects visited while walking from the root, counting every visit of a shared object.
inline constexpr std::size_t kMaxPlistVisits = 1'000'000;

// Ok when `bytes` is a well-formed bplist00 within the limits; otherwise the reason, one line,
// without the file name (the caller prefixes it).
util::Status check_binary_plist(std::string_view bytes);

// Nesting depth and element count check of an XML plist (<dict>/<array> open tags; at most
// 2 x kMaxPlistVisits elements, keys included) and refusal of NUL characters (libplist 2.2 aborts
// on strings with embedded NULs), linear and allocation-free.
util::Status check_xml_plist_depth(std::string_view bytes);

}  // namespace adapters::apple
