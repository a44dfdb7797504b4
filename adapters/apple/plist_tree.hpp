#pragma once
// Owning handle and lenient accessors over libplist 2.2 (C API) trees. Apple writes the same
// setting with different types (ports as <integer> or <string>, booleans as <true/> or "YES"),
// so every accessor accepts each observed spelling.
#include <plist/plist.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "i18n/text.hpp"
#include "util/result.hpp"

namespace adapters::apple {

// Files larger than this are refused before parsing (mail settings are a few KB; a signed
// profile rarely exceeds a few hundred KB).
inline constexpr std::size_t kMaxPlistBytes = 16u * 1024u * 1024u;

struct PlistDeleter {
  void operator()(plist_t p) const { plist_free(p); }
};
using PlistPtr = std::unique_ptr<void, PlistDeleter>;

enum class PlistFormat { Xml, Binary };

struct ParsedPlist {
  PlistPtr root;
  PlistFormat format = PlistFormat::Xml;
};

bool looks_like_binary_plist(std::string_view bytes);

// Parses XML or binary after bounded checks; errors read "<name>: <reason>".
util::Result<ParsedPlist> parse_plist(std::string_view bytes, std::string_view name);
// For an XML plist cut short (it starts as one but does not end with </plist>, which libplist
// may not notice): "name:LINE: ..." naming its last line. Empty otherwise.
i18n::Text xml_plist_cut(std::string_view bytes, std::string_view name);

// Serialises in the given format.
std::string serialise_plist(plist_t root, PlistFormat format);

// Deep equality of two trees (type, value; key order ignored for dicts). A dict that repeats a key
// equals nothing: lookups would see only one of the entries.
bool plist_equal(plist_t a, plist_t b);

plist_t dict_item(plist_t dict, const char* key);
plist_t array_item(plist_t array, std::size_t index);
std::size_t array_size(plist_t array);
// Every item of an array in one pass. A parsed array is a linked list: array_item(i) walks i
// nodes, so a loop over array_item() is quadratic (80,000 accounts: half a minute).
std::vector<plist_t> array_items(plist_t array);
// Every (key, value) of a dict in one pass, in the dict's order; empty for anything else.
std::vector<std::pair<std::string, plist_t>> dict_items(plist_t dict);

// Exact string node value.
std::optional<std::string> string_value(plist_t node);
// Integer given as <integer>, <real> or a decimal <string>.
std::optional<std::int64_t> loose_int(plist_t node);
// Boolean given as <true/>/<false/>, "YES"/"NO"/"true"/"false"/"1"/"0" (any case) or an integer.
std::optional<bool> loose_bool(plist_t node);

}  // namespace adapters::apple
