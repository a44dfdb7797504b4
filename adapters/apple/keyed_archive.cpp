#include "adapters/apple/keyed_archive.hpp"

#include "adapters/apple/plist_tree.hpp"
#include "util/text.hpp"

namespace adapters::apple {
namespace {

// Follows at most a few UID hops ($objects entries that point at other entries).
constexpr int kMaxUidHops = 8;

std::optional<ArchivedScalar> scalar_of(plist_t node) {
  std::optional<ArchivedScalar> out;
  switch (node ? plist_get_node_type(node) : PLIST_NONE) {
    case PLIST_STRING: {
      std::string text = string_value(node).value_or("");
      out.emplace(std::in_place_type<std::string>, std::move(text));
      break;
    }
    case PLIST_BOOLEAN: out.emplace(std::in_place_type<bool>, loose_bool(node).value_or(false)); break;
    case PLIST_UINT:
    case PLIST_REAL:
      if (auto v = loose_int(node)) out.emplace(std::in_place_type<std::int64_t>, *v);
      break;
    default: break;
  }
  return out;
}

plist_t resolve(plist_t objects, plist_t node) {
  for (int hop = 0; hop < kMaxUidHops && node && plist_get_node_type(node) == PLIST_UID; ++hop) {
    uint64_t index = 0;
    plist_get_uid_val(node, &index);
    node = index < array_size(objects) ? array_item(objects, static_cast<std::size_t>(index)) : nullptr;
  }
  return node && plist_get_node_type(node) == PLIST_UID ? nullptr : node;
}

}  // namespace

util::Result<std::optional<ArchivedScalar>> decode_archived_scalar(std::string_view blob) {
  auto parsed = parse_plist(blob, "archived value");
  if (!parsed) return parsed.error();
  plist_t root = parsed->root.get();
  plist_t objects = dict_item(root, "$objects");
  if (!objects || !dict_item(root, "$top")) return scalar_of(root);
  plist_t node = resolve(objects, dict_item(dict_item(root, "$top"), "root"));
  if (auto s = scalar_of(node)) return s;
  // NSMutableString is archived as { NS.string = "...", $class = UID }.
  if (auto text = string_value(resolve(objects, dict_item(node, "NS.string")))) return std::optional<ArchivedScalar>{ArchivedScalar{*text}};
  return std::optional<ArchivedScalar>{};
}

std::string encode_archived_scalar(const ArchivedScalar& value) {
  PlistPtr root(plist_new_dict());
  plist_dict_set_item(root.get(), "$archiver", plist_new_string("NSKeyedArchiver"));
  plist_dict_set_item(root.get(), "$version", plist_new_uint(100000));
  plist_t top = plist_new_dict();
  plist_dict_set_item(top, "root", plist_new_uid(1));
  plist_dict_set_item(root.get(), "$top", top);
  plist_t objects = plist_new_array();
  plist_array_append_item(objects, plist_new_string("$null"));
  if (auto s = std::get_if<std::string>(&value)) plist_array_append_item(objects, plist_new_string(s->c_str()));
  if (auto i = std::get_if<std::int64_t>(&value)) plist_array_append_item(objects, plist_new_uint(static_cast<uint64_t>(*i)));
  if (auto b = std::get_if<bool>(&value)) plist_array_append_item(objects, plist_new_bool(*b ? 1 : 0));
  plist_dict_set_item(root.get(), "$objects", objects);
  return serialise_plist(root.get(), PlistFormat::Binary);
}

std::optional<std::string> scalar_text(const std::optional<ArchivedScalar>& v) {
  if (!v) return std::nullopt;
  if (auto s = std::get_if<std::string>(&*v)) return *s;
  if (auto i = std::get_if<std::int64_t>(&*v)) return std::to_string(*i);
  return std::nullopt;
}

std::optional<std::int64_t> scalar_int(const std::optional<ArchivedScalar>& v) {
  if (!v) return std::nullopt;
  if (auto i = std::get_if<std::int64_t>(&*v)) return *i;
  if (auto b = std::get_if<bool>(&*v)) return *b ? 1 : 0;
  if (auto s = std::get_if<std::string>(&*v)) {
    if (auto n = util::parse_int(util::trim(*s), -(1LL << 62), 1LL << 62)) return *n;
  }
  return std::nullopt;
}

std::optional<bool> scalar_bool(const std::optional<ArchivedScalar>& v) {
  if (!v) return std::nullopt;
  if (auto b = std::get_if<bool>(&*v)) return *b;
  if (auto i = std::get_if<std::int64_t>(&*v)) return *i != 0;
  if (auto s = std::get_if<std::string>(&*v)) {
    std::string t = util::to_lower(util::trim(*s));
    if (t == "yes" || t == "true" || t == "1") return true;
    if (t == "no" || t == "false" || t == "0") return false;
  }
  return std::nullopt;
}

}  // namespace adapters::apple
