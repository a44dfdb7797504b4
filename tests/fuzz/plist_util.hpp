#pragma once
// Shared by the plist targets: parse, then check that libplist's binary form of the tree passes our
// own bounded checker and reads back as the same tree.
#include <utf8cpp/utf8.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <string_view>

#include "adapters/apple/bplist_check.hpp"
#include "adapters/apple/plist_render.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "adapters/apple/xml_plist_scanner.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {

// Whether the tree can round-trip through libplist at all: every string and dict key is valid UTF-8
// and no dict repeats a key. libplist keeps the raw bytes of a malformed ASCII string object
// (e.g. 0x80) but writes them back converted (../notes/fuzz-pending/README.md #2; the Apple writer
// now re-parses what it writes, so check_port_edit needs no such exemption). Repeated keys are
// refused by check_binary_plist since b3281d0 and only reach here from XML.
inline bool strings_are_utf8(plist_t node, int depth = 0) {
  namespace ap = adapters::apple;
  if (!node || depth > 200) return true;
  switch (plist_get_node_type(node)) {
    case PLIST_STRING:
    case PLIST_KEY: {
      auto s = ap::string_value(node);
      if (plist_get_node_type(node) == PLIST_KEY) {
        char* k = nullptr;
        plist_get_key_val(node, &k);
        s = k ? std::string(k) : std::string();
        std::free(k);
      }
      return !s || utf8::is_valid(s->begin(), s->end());
    }
    case PLIST_ARRAY:
      for (std::size_t i = 0; i < ap::array_size(node); ++i)
        if (!strings_are_utf8(ap::array_item(node, i), depth + 1)) return false;
      return true;
    case PLIST_DICT: {
      std::set<std::string> seen;
      for (const auto& [key, value] : ap::dict_items(node)) {
        if (!utf8::is_valid(key.begin(), key.end()) || !seen.insert(key).second ||
            !strings_are_utf8(value, depth + 1))
          return false;
      }
      return true;
    }
    default:
      return true;
  }
}

inline void check_binary_round_trip(plist_t root) {
  namespace ap = adapters::apple;
  if (!strings_are_utf8(root)) return;
  std::string bin = ap::serialise_plist(root, ap::PlistFormat::Binary);
  auto again = ap::parse_plist(bin, "again.plist");
  check(again.ok());
  check(ap::plist_equal(root, again->root.get()));
}

// The key path (as the Apple writer names values: "MailAccounts[1].PortNumber") of the first
// integer reachable from a root dict through plain keys; empty when there is none.
inline std::string first_integer_path(plist_t node, const std::string& path = {}, int depth = 0) {
  namespace ap = adapters::apple;
  if (!node || depth > 32) return {};
  auto type = plist_get_node_type(node);
  if (type == PLIST_UINT && !path.empty()) return path;
  if (type == PLIST_ARRAY && !path.empty()) {
    for (std::size_t i = 0; i < ap::array_size(node) && i < 64; ++i) {
      auto found = first_integer_path(ap::array_item(node, i), path + "[" + std::to_string(i) + "]", depth + 1);
      if (!found.empty()) return found;
    }
  }
  if (type != PLIST_DICT) return {};
  for (const auto& [k, value] : ap::dict_items(node)) {
    if (k.empty() || k.find_first_of(".[]") != std::string::npos) continue;
    std::string found = first_integer_path(value, path.empty() ? k : path + "." + k, depth + 1);
    if (!found.empty()) return found;
  }
  return {};
}

inline plist_t node_at_path(plist_t root, const std::string& path) {
  namespace ap = adapters::apple;
  plist_t node = root;
  std::size_t pos = 0;
  while (node && pos < path.size()) {
    std::size_t end = path.find_first_of(".[", pos);
    std::string key = path.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    node = ap::dict_item(node, key.c_str());
    pos = end == std::string::npos ? path.size() : end;
    while (node && pos < path.size() && path[pos] == '[') {
      std::size_t close = path.find(']', pos);
      node = ap::array_item(node, std::stoul(path.substr(pos + 1, close - pos - 1)));
      pos = close + 1;
    }
    if (pos < path.size() && path[pos] == '.') ++pos;
  }
  return node;
}

// The writer's invariant: setting one integer (a port) through render_plist_edits gives a file
// that parses to the original tree with only that value changed; for XML, every byte outside
// the element's content is kept.
inline void check_port_edit(std::string_view bytes, plist_t root, bool binary) {
  namespace ap = adapters::apple;
  std::string path = first_integer_path(root);
  if (path.empty()) return;
  plist_t node = node_at_path(root, path);
  if (!node || plist_get_node_type(node) != PLIST_UINT) return;
  uint64_t old_value = 0;
  plist_get_uint_val(node, &old_value);
  std::int64_t port = old_value == 4321 ? 4322 : 4321;
  core::Edit edit{"fuzz", "incoming.port", core::Origin{"fuzz.plist", path, 0, false}, port};
  auto rendered = ap::render_plist_edits("fuzz.plist", bytes, {edit});
  if (!rendered) return;  // a refusal is an answer; only a wrong success is a bug
  auto again = ap::parse_plist(*rendered, "edited.plist");
  check(again.ok());
  ap::PlistPtr expected(plist_copy(root));
  plist_set_uint_val(node_at_path(expected.get(), path), static_cast<uint64_t>(port));
  check(ap::plist_equal(expected.get(), again->root.get()));
  if (binary) return;
  auto elements = ap::scan_xml_plist(bytes);
  check(elements.ok() && elements->count(path) == 1);
  const auto& e = elements->at(path);
  std::string expected_bytes = e.self_closing ? std::string(bytes.substr(0, e.begin)) + "<" + e.tag + ">" +
                                                    std::to_string(port) + "</" + e.tag + ">" +
                                                    std::string(bytes.substr(e.end))
                                              : std::string(bytes.substr(0, e.content_begin)) + std::to_string(port) +
                                                    std::string(bytes.substr(e.content_end));
  check(*rendered == expected_bytes);
}

}  // namespace fuzz
