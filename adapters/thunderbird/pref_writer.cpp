#include "adapters/thunderbird/pref_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "adapters/thunderbird/account_graph.hpp"
#include "i18n/text.hpp"

namespace adapters::thunderbird {
namespace {

struct Change {
  std::size_t begin = 0;  // bytes [begin, end) are replaced by text; an insertion has begin == end
  std::size_t end = 0;
  std::string text;
  std::string name;  // pref name, orders insertions at the same place
};

util::Error refuse(std::string_view path, const std::string& key, const i18n::Text& why) {
  return i18n::error(i18n::msg("{1}: {2}: {3}", {std::string(path), key.empty() ? i18n::msg("edit") : i18n::Text(key), why}));
}

// The edit's value encoded as a prefs.js value token, or why it cannot be.
std::optional<std::string> encode(const core::Edit& edit, i18n::Text& why) {
  auto field = core::parse_field_path(edit.field);
  if (!field) {
    why = i18n::msg("unknown field '{1}'", {edit.field});
    return std::nullopt;
  }
  const auto* text = std::get_if<std::string>(&edit.value);
  const auto* number = std::get_if<std::int64_t>(&edit.value);
  switch (field->second) {
    case core::Field::Port:
      if (!number || *number < 1 || *number > 65535) {
        why = i18n::msg("a port must be a number from 1 to 65535");
        return std::nullopt;
      }
      return std::to_string(*number);
    case core::Field::Security: {
      auto s = text ? core::parse_security(*text) : std::nullopt;
      int socket = s ? socket_type_from_security(*s) : -1;
      if (socket < 0) {
        why = i18n::msg("unknown security '{1}' (none, starttls or tls)", {core::field_value_text(edit.value)});
        return std::nullopt;
      }
      return std::to_string(socket);
    }
    case core::Field::Auth: {
      auto a = text ? core::parse_auth(*text) : std::nullopt;
      int method = a ? method_from_auth(*a) : 0;
      if (method == 0) {
        why = i18n::msg("unknown authentication '{1}'", {core::field_value_text(edit.value)});
        return std::nullopt;
      }
      return std::to_string(method);
    }
    case core::Field::Host:
    case core::Field::Username:
      if (!text) {
        why = i18n::msg("a {1} must be a string", {std::string(core::to_string(field->second))});
        return std::nullopt;
      }
      if (field->second == core::Field::Host && text->empty()) {
        why = i18n::msg("refusing to write an empty hostname (Thunderbird would delete the account)");
        return std::nullopt;
      }
      if (text->find('\0') != std::string::npos) {
        why = i18n::msg("a value cannot contain a NUL byte");
        return std::nullopt;
      }
      return quote_pref_string(*text);
  }
  return std::nullopt;
}

std::size_t line_start(std::string_view bytes, std::size_t pos) {
  while (pos > 0 && bytes[pos - 1] != '\n' && bytes[pos - 1] != '\r') --pos;
  return pos;
}

bool only_blanks(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Where a new statement for `name` goes: before the first statement whose name sorts after it
// (at the start of its line when that is a clean place), else after the last statement.
Change insertion(std::string_view bytes, const PrefTokens& tokens, const std::string& name, const std::string& line) {
  std::string_view eol = line_ending_of(bytes);
  const auto& st = tokens.statements;
  for (std::size_t i = 0; i < st.size(); ++i) {
    if (st[i].name <= name) continue;
    std::size_t begin = st[i].range.begin;
    std::size_t start = line_start(bytes, begin);
    std::size_t floor = i > 0 ? st[i - 1].range.end : 0;
    if (start >= floor && only_blanks(bytes.substr(start, begin - start))) {
      return {start, start, line + std::string(eol), name};
    }
    return {begin, begin, line + std::string(eol), name};
  }
  if (st.empty()) {
    bool ends_clean = bytes.empty() || bytes.back() == '\n' || bytes.back() == '\r';
    std::string text = (ends_clean ? "" : std::string(eol)) + line + std::string(eol);
    return {bytes.size(), bytes.size(), text, name};
  }
  std::size_t after = st.back().range.end;
  std::size_t eol_pos = bytes.find_first_of("\r\n", after);
  std::string_view rest = bytes.substr(after, eol_pos == std::string_view::npos ? std::string_view::npos : eol_pos - after);
  std::string_view tail = rest.substr(std::min(rest.find_first_not_of(" \t"), rest.size()));
  bool clean_tail = tail.empty() || tail.starts_with("//") || tail.starts_with("#");
  if (eol_pos == std::string_view::npos) {
    if (clean_tail) return {bytes.size(), bytes.size(), std::string(eol) + line, name};
  } else if (clean_tail) {
    // After the end of this line: a line comment ends there, so the new line stands alone.
    std::size_t next = eol_pos + (bytes.compare(eol_pos, 2, "\r\n") == 0 ? 2 : 1);
    return {next, next, line + std::string(eol), name};
  }
  return {after, after, std::string(eol) + line, name};
}

// The pref an edit really has to write: the legacy isSecure bool is superseded by socketType.
std::string effective_key(const std::string& key) {
  static const std::string legacy = ".isSecure";
  if (key.size() > legacy.size() && key.ends_with(legacy)) return key.substr(0, key.size() - legacy.size()) + ".socketType";
  return key;
}

// Paths may be spelled differently (relative, with "..") by the audit and the fix engine.
bool same_file(std::string_view a, std::string_view b) {
  namespace fs = std::filesystem;
  if (a == b) return true;
  std::error_code ec;
  fs::path pa = fs::absolute(fs::path(a), ec).lexically_normal();
  fs::path pb = fs::absolute(fs::path(b), ec).lexically_normal();
  return pa == pb || fs::equivalent(pa, pb, ec);
}

}  // namespace

std::string quote_pref_string(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

std::string_view line_ending_of(std::string_view bytes) {
  auto pos = bytes.find_first_of("\r\n");
  if (pos == std::string_view::npos || bytes[pos] == '\n') return "\n";
  return pos + 1 < bytes.size() && bytes[pos + 1] == '\n' ? "\r\n" : "\r";
}

util::Result<std::string> render_prefs(std::string_view path, std::string_view original,
                                       const std::vector<core::Edit>& edits, const std::vector<LockedPref>& locked) {
  auto tokens = tokenize_prefs(original, path);
  if (!tokens) return tokens.error();
  // The statement that wins for each name (the last one).
  std::map<std::string, const PrefStatement*, std::less<>> winner;
  for (const auto& st : tokens->statements) winner[st.name] = &st;

  std::vector<Change> changes;
  std::map<std::string, std::string> intended;  // name → value token
  for (const auto& edit : edits) {
    const std::string key = effective_key(edit.target.key);
    if (key.empty()) return refuse(path, key, i18n::msg("the edit names no pref"));
    if (!edit.target.file.empty() && !same_file(edit.target.file, path)) {
      return refuse(path, key, i18n::msg("the edit targets {1}, not this file", {edit.target.file}));
    }
    for (const auto& l : locked) {
      if (l.name != key) continue;
      const i18n::Text by = l.why.empty() ? i18n::msg("locked by the enterprise policy {1}", {l.policy_file}) : l.why;
      return refuse(path, key, i18n::msg("{1}; change it there", {by}));
    }
    if (key.ends_with(".type")) return refuse(path, key, i18n::msg("refusing to change a server type"));
    i18n::Text why;
    auto token = encode(edit, why);
    if (!token) return refuse(path, key, why);
    if (!intended.emplace(key, *token).second) return refuse(path, key, i18n::msg("two edits change the same pref"));
    auto it = winner.find(key);
    if (it != winner.end()) {
      changes.push_back({it->second->value_range.begin, it->second->value_range.end, *token, key});
    } else if (edit.target.is_default || key != edit.target.key) {
      changes.push_back(insertion(original, *tokens, key, "user_pref(" + quote_pref_string(key) + ", " + *token + ");"));
    } else {
      return refuse(path, key, i18n::msg("not found in the file (was it changed since it was read?)"));
    }
  }
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.name < b.name;
  });
  std::string out;
  out.reserve(original.size() + 256);
  std::size_t cursor = 0;
  for (const auto& c : changes) {
    if (c.begin < cursor) return refuse(path, c.name, i18n::msg("edits overlap"));
    out.append(original.substr(cursor, c.begin - cursor));
    out += c.text;
    cursor = c.end;
  }
  out.append(original.substr(cursor));

  // Check the result the way Thunderbird will read it.
  auto again = tokenize_prefs(out, path);
  if (!again || again->errors.size() != tokens->errors.size()) {
    return i18n::error(i18n::msg("{1}: the edited file would not parse cleanly; nothing written", {std::string(path)}));
  }
  std::map<std::string, const PrefStatement*, std::less<>> now;
  for (const auto& st : again->statements) now[st.name] = &st;
  for (const auto& [name, token] : intended) {
    auto it = now.find(name);
    auto expected = tokenize_prefs("user_pref(\"x\", " + token + ");", path);
    if (it == now.end() || !expected || expected->statements.size() != 1 ||
        it->second->value != expected->statements[0].value) {
      return i18n::error(i18n::msg("{1}: {2} did not take the new value; nothing written", {std::string(path), name}));
    }
  }
  return out;
}

}  // namespace adapters::thunderbird
