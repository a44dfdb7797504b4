#include "adapters/apple/plist_tree.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <string_view>

#include "adapters/apple/bplist_check.hpp"
#include "util/text.hpp"

namespace adapters::apple {

bool looks_like_binary_plist(std::string_view bytes) {
  return bytes.size() >= 8 && bytes.substr(0, 6) == "bplist";
}

util::Result<ParsedPlist> parse_plist(std::string_view bytes, std::string_view name) {
  auto fail = [&](const i18n::Text& why) { return i18n::error(i18n::msg("{1}: {2}", {std::string(name), why})); };
  if (bytes.size() > kMaxPlistBytes)
    return fail(i18n::msg("larger than {1} MB, refused", {std::to_string(kMaxPlistBytes / (1024 * 1024))}));
  ParsedPlist out;
  plist_t root = nullptr;
  if (looks_like_binary_plist(bytes)) {
    if (auto s = check_binary_plist(bytes); !s) return fail(i18n::text_of(s.error()));
    plist_from_bin(bytes.data(), static_cast<uint32_t>(bytes.size()), &root);
    out.format = PlistFormat::Binary;
    if (!root) return fail(i18n::msg("binary plist could not be parsed"));
  } else {
    if (bytes.starts_with("\xEF\xBB\xBF")) return fail(i18n::msg("XML plist starts with a UTF-8 byte order mark"));
    if (util::trim(bytes).empty()) return fail(i18n::msg("empty file"));
    if (auto s = check_xml_plist_depth(bytes); !s) return fail(i18n::text_of(s.error()));
    plist_from_xml(bytes.data(), static_cast<uint32_t>(bytes.size()), &root);
    out.format = PlistFormat::Xml;
    if (!root) return fail(i18n::msg("not a well-formed XML property list"));
  }
  out.root.reset(root);
  return out;
}

i18n::Text xml_plist_cut(std::string_view bytes, std::string_view name) {
  std::string_view text = util::trim(bytes);
  const bool starts_as_plist = (text.starts_with("<?xml") || text.starts_with("<plist")) &&
                               text.find("<plist") != std::string_view::npos;
  if (!starts_as_plist || text.ends_with("</plist>")) return {};
  std::size_t last_line = 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  if (bytes.ends_with('\n')) --last_line;
  return i18n::msg("{1}: the XML property list ends before </plist>; it looks cut",
                   {std::string(name) + ":" + std::to_string(last_line)});
}

std::string serialise_plist(plist_t root, PlistFormat format) {
  char* buf = nullptr;
  uint32_t len = 0;
  std::string out;
  if (format == PlistFormat::Binary) {
    plist_to_bin(root, &buf, &len);
    if (buf) out.assign(buf, len);
    plist_to_bin_free(buf);
  } else {
    plist_to_xml(root, &buf, &len);
    if (buf) out.assign(buf, len);
    plist_to_xml_free(buf);
  }
  return out;
}

namespace {

bool has_repeated_key(const std::vector<std::pair<std::string, plist_t>>& items) {
  std::set<std::string_view> seen;
  for (const auto& item : items)
    if (!seen.insert(item.first).second) return true;
  return false;
}

}  // namespace

bool plist_equal(plist_t a, plist_t b) {
  if (!a || !b) return a == b;
  plist_type t = plist_get_node_type(a);
  if (t != plist_get_node_type(b)) return false;
  if (t == PLIST_ARRAY) {
    uint32_t n = plist_array_get_size(a);
    if (n != plist_array_get_size(b)) return false;
    for (uint32_t i = 0; i < n; ++i)
      if (!plist_equal(plist_array_get_item(a, i), plist_array_get_item(b, i))) return false;
    return true;
  }
  if (t == PLIST_DICT) {
    // Keys are compared as a whole, in both directions: a dict that repeats a key (libplist keeps
    // both; a lookup sees only the first) is equal to nothing, so a key that a rewrite turned into
    // another one (invalid UTF-8 cut short) cannot hide behind a lookup of its namesake.
    if (plist_dict_get_size(a) != plist_dict_get_size(b)) return false;
    const auto items_a = dict_items(a);
    const auto items_b = dict_items(b);
    if (has_repeated_key(items_a) || has_repeated_key(items_b)) return false;
    for (const auto& [key, value] : items_a)
      if (!plist_equal(value, plist_dict_get_item(b, key.c_str()))) return false;
    return true;
  }
  return plist_compare_node_value(a, b) != 0;
}

plist_t dict_item(plist_t dict, const char* key) {
  if (!dict || plist_get_node_type(dict) != PLIST_DICT) return nullptr;
  return plist_dict_get_item(dict, key);
}

plist_t array_item(plist_t array, std::size_t index) {
  if (!array || plist_get_node_type(array) != PLIST_ARRAY) return nullptr;
  if (index >= plist_array_get_size(array)) return nullptr;
  return plist_array_get_item(array, static_cast<uint32_t>(index));
}

std::vector<std::pair<std::string, plist_t>> dict_items(plist_t dict) {
  std::vector<std::pair<std::string, plist_t>> out;
  if (!dict || plist_get_node_type(dict) != PLIST_DICT) return out;
  plist_dict_iter it = nullptr;
  plist_dict_new_iter(dict, &it);
  for (;;) {
    char* key = nullptr;
    plist_t value = nullptr;
    plist_dict_next_item(dict, it, &key, &value);
    if (!value) {
      std::free(key);
      break;
    }
    out.emplace_back(key ? key : "", value);
    std::free(key);
  }
  std::free(it);
  return out;
}

std::vector<plist_t> array_items(plist_t array) {
  std::vector<plist_t> out;
  if (!array || plist_get_node_type(array) != PLIST_ARRAY) return out;
  out.reserve(plist_array_get_size(array));
  plist_array_iter iter = nullptr;
  plist_array_new_iter(array, &iter);
  for (plist_t item = nullptr;;) {
    plist_array_next_item(array, iter, &item);
    if (!item) break;
    out.push_back(item);
  }
  std::free(iter);
  return out;
}

std::size_t array_size(plist_t array) {
  if (!array || plist_get_node_type(array) != PLIST_ARRAY) return 0;
  return plist_array_get_size(array);
}

std::optional<std::string> string_value(plist_t node) {
  if (!node || plist_get_node_type(node) != PLIST_STRING) return std::nullopt;
  // plist_get_string_val asserts on embedded NULs in 2.2; the pointer form does not.
  uint64_t length = 0;
  const char* s = plist_get_string_ptr(node, &length);
  if (!s) return std::string{};
  return std::string(s, static_cast<std::size_t>(length));
}

std::optional<std::int64_t> loose_int(plist_t node) {
  if (!node) return std::nullopt;
  switch (plist_get_node_type(node)) {
    case PLIST_UINT: {
      uint64_t v = 0;
      plist_get_uint_val(node, &v);
      return static_cast<std::int64_t>(v);  // libplist 2.2 stores negatives as two's complement
    }
    case PLIST_REAL: {
      double d = 0;
      plist_get_real_val(node, &d);
      if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 1e15) return std::nullopt;
      return static_cast<std::int64_t>(d);
    }
    case PLIST_STRING: {
      auto s = string_value(node);
      if (!s) return std::nullopt;
      auto v = util::parse_int(util::trim(*s), std::numeric_limits<long long>::min(),
                               std::numeric_limits<long long>::max());
      if (!v) return std::nullopt;
      return static_cast<std::int64_t>(*v);
    }
    default:
      return std::nullopt;
  }
}

std::optional<bool> loose_bool(plist_t node) {
  if (!node) return std::nullopt;
  switch (plist_get_node_type(node)) {
    case PLIST_BOOLEAN: {
      uint8_t b = 0;
      plist_get_bool_val(node, &b);
      return b != 0;
    }
    case PLIST_UINT:
    case PLIST_REAL: {
      auto v = loose_int(node);
      if (!v) return std::nullopt;
      return *v != 0;
    }
    case PLIST_STRING: {
      std::string s = util::to_lower(util::trim(string_value(node).value_or("")));
      if (s == "yes" || s == "true" || s == "1") return true;
      if (s == "no" || s == "false" || s == "0") return false;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace adapters::apple
