#include "adapters/apple/plist_render.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "adapters/apple/auth_scheme.hpp"
#include "adapters/apple/plist_fields.hpp"
#include "adapters/apple/plist_tree.hpp"
#include "adapters/apple/xml_plist_scanner.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::apple {
namespace {

// One typed value to store at one key path, in the type the file already uses there.
struct Change {
  plist_type type = PLIST_STRING;
  std::string text;          // PLIST_STRING content
  std::uint64_t number = 0;  // PLIST_UINT
  bool flag = false;         // PLIST_BOOLEAN
  bool insert = false;       // the key is absent: add it at the end of its dict
};

plist_t node_at(plist_t root, const std::string& path) {
  plist_t node = root;
  for (const auto& part : util::split(path, '.')) {
    std::size_t bracket = part.find('[');
    node = dict_item(node, part.substr(0, bracket).c_str());
    while (node && bracket != std::string::npos) {
      std::size_t close = part.find(']', bracket);
      if (close == std::string::npos) return nullptr;
      auto index = util::parse_int(std::string_view(part).substr(bracket + 1, close - bracket - 1), 0, 1 << 30);
      if (!index) return nullptr;
      node = array_item(node, static_cast<std::size_t>(*index));
      bracket = part.find('[', close);
    }
    if (!node) return nullptr;
  }
  return node;
}

std::string parent_of(const std::string& path) {
  std::size_t dot = path.rfind('.');
  return dot == std::string::npos ? std::string{} : path.substr(0, dot);
}
std::string leaf_of(const std::string& path) {
  std::size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

bool is_lower(const std::string& s) {
  return std::none_of(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); });
}

// A boolean stored the way the node already stores booleans.
Change bool_like(plist_t node, bool value) {
  Change c;
  c.type = plist_get_node_type(node);
  if (c.type == PLIST_STRING) {
    bool lower = is_lower(string_value(node).value_or("YES"));
    c.text = value ? (lower ? "yes" : "YES") : (lower ? "no" : "NO");
  } else if (c.type == PLIST_UINT) {
    c.number = value ? 1 : 0;
  } else {
    c.type = PLIST_BOOLEAN;
    c.flag = value;
  }
  return c;
}

class Planner {
 public:
  Planner(const std::string& file, plist_t root) : file_(file), root_(root) {}

  util::Status add(const core::Edit& edit) {
    auto field = core::parse_field_path(edit.field);
    if (!field) return fail(edit.target.key, i18n::msg("unknown field {1}", {edit.field}));
    const std::string& path = edit.target.key;
    plist_t node = node_at(root_, path);
    if (!node && plist_get_node_type(node_at(root_, parent_of(path))) != PLIST_DICT)
      return fail(path, i18n::msg("no such dictionary in this file"));
    switch (field->second) {
      case core::Field::Host:
      case core::Field::Username: return set_text(path, node, core::field_value_text(edit.value));
      case core::Field::Port: return set_port(path, node, edit.value);
      case core::Field::Security: return set_security(path, core::field_value_text(edit.value));
      case core::Field::Auth: return set_auth(path, node, core::field_value_text(edit.value));
    }
    return fail(path, i18n::msg("unsupported field {1}", {edit.field}));
  }

  const std::map<std::string, Change>& changes() const { return changes_; }

 private:
  util::Status fail(const std::string& path, const i18n::Text& why) const {
    return i18n::error(i18n::msg("{1}: {2}: {3}", {file_, path, why}));
  }

  // Absent keys are added with the type Apple writes for them.
  util::Status set_text(const std::string& path, plist_t node, const std::string& text) {
    if (node && plist_get_node_type(node) != PLIST_STRING) return fail(path, i18n::msg("is not a string"));
    changes_[path] = Change{PLIST_STRING, text, 0, false, node == nullptr};
    return {};
  }

  util::Status set_port(const std::string& path, plist_t node, const core::FieldValue& value) {
    auto port = std::get_if<std::int64_t>(&value);
    if (!port || *port < 1 || *port > 65535) return fail(path, i18n::msg("port must be a number from 1 to 65535"));
    if (node && plist_get_node_type(node) == PLIST_STRING) return set_text(path, node, std::to_string(*port));
    if (node && plist_get_node_type(node) != PLIST_UINT) return fail(path, i18n::msg("is neither an integer nor a string"));
    changes_[path] = Change{PLIST_UINT, {}, static_cast<std::uint64_t>(*port), false, node == nullptr};
    return {};
  }

  // Legacy dicts spell TLS with SSLEnabled + SecurityLayerType; profiles with one *UseSSL bool.
  util::Status set_security(const std::string& path, const std::string& text) {
    auto security = core::parse_security(text);
    if (!security || *security == core::Security::Unknown) return fail(path, i18n::msg("unknown security \"{1}\"", {text}));
    bool ssl = *security != core::Security::None;
    std::string parent = parent_of(path), leaf = leaf_of(path);
    if (leaf.ends_with("UseSSL")) {
      plist_t node = node_at(root_, path);
      changes_[path] = node ? bool_like(node, ssl) : Change{PLIST_BOOLEAN, {}, 0, ssl, true};
      return {};
    }
    plist_t dict = node_at(root_, parent);
    plist_t ssl_node = dict_item(dict, "SSLEnabled");
    plist_t layer_node = dict_item(dict, "SecurityLayerType");
    if (ssl_node) changes_[child_path(parent, "SSLEnabled")] = bool_like(ssl_node, ssl);
    else if (ssl) changes_[child_path(parent, "SSLEnabled")] = Change{PLIST_STRING, "YES", 0, false, true};
    if (layer_node && ssl && plist_get_node_type(layer_node) == PLIST_UINT)
      changes_[child_path(parent, "SecurityLayerType")] =
          Change{PLIST_UINT, {}, *security == core::Security::Tls ? 3u : 2u, false};
    return {};
  }

  util::Status set_auth(const std::string& path, plist_t node, const std::string& text) {
    auto auth = core::parse_auth(text);
    if (!auth) return fail(path, i18n::msg("unknown authentication \"{1}\"", {text}));
    if (leaf_of(path).ends_with("MailServerAuthentication")) {
      if (*auth == core::Auth::OAuth2) return fail(path, i18n::msg("a profile cannot express OAuth2"));
      return set_text(path, node, profile_auth_name(*auth));
    }
    auto scheme = scheme_name(*auth);
    if (!scheme) return fail(path, i18n::msg("no confirmed AuthenticationScheme name for {1}", {text}));
    return set_text(path, node, *scheme);
  }

  const std::string& file_;
  plist_t root_;
  std::map<std::string, Change> changes_;
};

void apply_to_tree(plist_t root, const std::map<std::string, Change>& changes) {
  for (const auto& [path, c] : changes) {
    if (c.insert) {
      plist_t node = c.type == PLIST_STRING ? plist_new_string(c.text.c_str())
                     : c.type == PLIST_UINT ? plist_new_uint(c.number)
                                            : plist_new_bool(c.flag ? 1 : 0);
      plist_dict_set_item(node_at(root, parent_of(path)), leaf_of(path).c_str(), node);
      continue;
    }
    plist_t node = node_at(root, path);
    if (c.type == PLIST_STRING) plist_set_string_val(node, c.text.c_str());
    if (c.type == PLIST_UINT) plist_set_uint_val(node, c.number);
    if (c.type == PLIST_BOOLEAN) plist_set_bool_val(node, c.flag ? 1 : 0);
  }
}

std::string element_text(const Change& c) {
  if (c.type == PLIST_BOOLEAN) return c.flag ? "<true/>" : "<false/>";
  if (c.type == PLIST_UINT) return "<integer>" + std::to_string(c.number) + "</integer>";
  return "<string>" + xml_escape(c.text) + "</string>";
}

// Where and what to insert for a new key: before the dict's closing tag, indented like Apple's
// tab-indented output when the closing tag sits on its own line.
std::pair<std::size_t, std::string> insertion(std::string_view xml, const XmlElement& dict, const std::string& key,
                                              const Change& c) {
  std::size_t close = dict.content_end;
  std::size_t line = xml.rfind('\n', close == 0 ? 0 : close - 1);
  std::string_view indent = line == std::string_view::npos ? std::string_view{} : xml.substr(line + 1, close - line - 1);
  bool own_line = line != std::string_view::npos && indent.find_first_not_of(" \t") == std::string_view::npos;
  std::string entry = "<key>" + xml_escape(key) + "</key>";
  if (!own_line) return {close, entry + element_text(c)};
  std::string child = std::string(indent) + (indent.find(' ') == std::string_view::npos ? "\t" : "  ");
  return {line + 1, child + entry + "\n" + child + element_text(c) + "\n"};
}

util::Result<std::string> edit_xml_bytes(const std::string& file, std::string_view original,
                                         const std::map<std::string, Change>& changes) {
  auto elements = scan_xml_plist(original);
  if (!elements) return i18n::error(i18n::msg("{1}: {2}", {file, i18n::text_of(elements.error())}));
  struct Splice {
    std::size_t begin, end;
    std::string text;
  };
  std::vector<Splice> splices;
  for (const auto& [path, c] : changes) {
    if (c.insert) {
      auto parent = elements->find(parent_of(path));
      if (parent == elements->end() || parent->second.self_closing)
        return i18n::error(i18n::msg("{1}: {2}: cannot add the key to an empty dictionary", {file, path}));
      auto [at, text] = insertion(original, parent->second, leaf_of(path), c);
      splices.push_back({at, at, text});
      continue;
    }
    auto it = elements->find(path);
    if (it == elements->end()) return i18n::error(i18n::msg("{1}: {2}: not found in the XML text", {file, path}));
    const XmlElement& e = it->second;
    if (c.type == PLIST_BOOLEAN) {
      splices.push_back({e.begin, e.end, c.flag ? "<true/>" : "<false/>"});
      continue;
    }
    std::string content = c.type == PLIST_UINT ? std::to_string(c.number) : xml_escape(c.text);
    if (e.self_closing) splices.push_back({e.begin, e.end, "<" + e.tag + ">" + content + "</" + e.tag + ">"});
    else splices.push_back({e.content_begin, e.content_end, content});
  }
  std::stable_sort(splices.begin(), splices.end(), [](const Splice& a, const Splice& b) { return a.begin > b.begin; });
  std::string out(original);
  for (const auto& s : splices) out.replace(s.begin, s.end - s.begin, s.text);
  return out;
}

}  // namespace

util::Result<std::string> render_plist_edits(const std::string& file, std::string_view original,
                                             const std::vector<core::Edit>& edits) {
  auto parsed = parse_plist(original, file);
  if (!parsed) return parsed.error();
  plist_t tree = parsed->root.get();
  Planner planner(file, tree);
  for (const auto& edit : edits)
    if (auto s = planner.add(edit); !s) return s.error();
  apply_to_tree(tree, planner.changes());
  if (parsed->format == PlistFormat::Binary) {
    // libplist re-serialises the whole tree: make sure it reads back as exactly the edited tree
    // (an oddly encoded string elsewhere in the file must not change silently).
    std::string bytes = serialise_plist(tree, PlistFormat::Binary);
    auto reparsed = parse_plist(bytes, file + " (edited)");
    if (!reparsed || !plist_equal(reparsed->root.get(), tree))
      return i18n::error(
          i18n::msg("{1}: the file holds values libplist cannot write back unchanged; nothing changed", {file}));
    return bytes;
  }
  auto edited = edit_xml_bytes(file, original, planner.changes());
  if (!edited) return edited;
  auto reparsed = parse_plist(*edited, file + " (edited)");
  if (!reparsed || !plist_equal(reparsed->root.get(), tree))
    return i18n::error(i18n::msg("{1}: the edited XML does not parse to the intended tree; nothing changed", {file}));
  return edited;
}

}  // namespace adapters::apple
