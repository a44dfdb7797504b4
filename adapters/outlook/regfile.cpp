#include "adapters/outlook/regfile.hpp"

#include <utf8cpp/utf8.h>

#include <array>
#include <iterator>
#include <optional>
#include <vector>

#include "i18n/text.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace {

constexpr std::string_view kHeader5 = "Windows Registry Editor Version 5.00";
constexpr std::string_view kHeader4 = "REGEDIT4";

// REGEDIT4 stores REG_EXPAND_SZ/REG_MULTI_SZ hex data as ANSI; the registry holds UTF-16LE.
std::string ansi_bytes_to_utf16le(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    char16_t u = windows1252_unit(c);
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

// "file:12: why", in both languages.
i18n::Text at_line(const std::string& file, int line, const i18n::Text& why) {
  return i18n::msg("{1}: {2}", {file + ":" + std::to_string(line), why});
}

// Physical lines as UTF-8 without line ends.
util::Result<std::vector<std::string>> decode_utf16le(std::string_view body, const std::string& file) {
  if (body.size() % 2 != 0) {
    return util::make_error(file + ": odd number of bytes (" + std::to_string(body.size() + 2) +
                            ") in a UTF-16LE file: truncated or not UTF-16");
  }
  std::vector<std::string> lines;
  std::u16string units;
  auto flush = [&]() -> bool {
    if (!units.empty() && units.back() == u'\r') units.pop_back();
    std::string line;
    try {
      utf8::utf16to8(units.begin(), units.end(), std::back_inserter(line));
    } catch (const utf8::exception&) {
      return false;
    }
    lines.push_back(std::move(line));
    units.clear();
    return true;
  };
  for (std::size_t i = 0; i < body.size(); i += 2) {
    char16_t u = static_cast<char16_t>(static_cast<unsigned char>(body[i]) |
                                       (static_cast<unsigned char>(body[i + 1]) << 8));
    if (u == u'\n') {
      if (!flush()) return i18n::error(at_line(file, int(lines.size() + 1), i18n::msg("invalid UTF-16 (unpaired surrogate)")));
    } else {
      units.push_back(u);
    }
  }
  if (!flush()) return i18n::error(at_line(file, int(lines.size() + 1), i18n::msg("invalid UTF-16 (unpaired surrogate)")));
  return lines;
}

std::vector<std::string> decode_8bit(std::string_view body) {
  bool utf8_ok = utf8::is_valid(body.begin(), body.end());
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto nl = body.find('\n', start);
    auto piece = body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
    lines.push_back(utf8_ok ? std::string(piece) : windows1252_to_utf8(piece));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

util::Result<std::vector<std::string>> decode_lines(std::string_view bytes, const std::string& file) {
  if (bytes.starts_with("\xFF\xFE")) return decode_utf16le(bytes.substr(2), file);
  if (bytes.starts_with("\xFE\xFF")) return util::make_error(file + ": UTF-16 big-endian .reg files are not supported");
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  return decode_8bit(bytes);
}

struct LogicalLine {
  std::string text;
  int number = 0;
};

bool is_continued(std::string_view line) {
  auto t = util::trim(line);
  return !t.empty() && t.back() == '\\' && t.front() != ';' && t.front() != '[';
}

class Parser {
 public:
  Parser(const std::string& file, bool unicode) : file_(file), unicode_(unicode) {
    snap_.kind = RegistryKind::RegFile;
    snap_.file = file;
  }

  util::Status line(const LogicalLine& l) {
    auto t = util::trim(l.text);
    if (t.empty() || t.front() == ';') return {};
    if (t.front() == '[') return key_header(t, l.number);
    if (t.front() == '"' || t.front() == '@') return value_line(t, l.number);
    return fail(l.number, i18n::msg("unexpected text \"{1}\"", {util::printable(t, 40)}));
  }

  RegistrySnapshot take() { return std::move(snap_); }

 private:
  util::Error fail(int line, const i18n::Text& reason) const { return i18n::error(at_line(file_, line, reason)); }

  util::Status key_header(std::string_view t, int line) {
    if (t.back() != ']') return fail(line, i18n::msg("key header without closing ']'"));
    auto inner = t.substr(1, t.size() - 2);
    bool remove = !inner.empty() && inner.front() == '-';
    if (remove) inner.remove_prefix(1);
    auto parts = split_key_path(inner);
    auto rel = user_relative_path(inner);
    if (parts.empty() || !is_registry_root(parts.front())) {
      return fail(line, i18n::msg("unknown registry root in [{1}]", {util::printable(inner, 60)}));
    }
    auto rel_parts = split_key_path(rel);
    std::size_t first_rel = parts.size() - rel_parts.size();
    current_ = nullptr;
    in_deleted_key_ = remove;
    if (remove) {
      remove_key(rel_parts);
      return {};
    }
    RegKey* key = &snap_.root;
    for (std::size_t i = 0; i < rel_parts.size(); ++i) {
      std::vector<std::string> prefix(parts.begin(), parts.begin() + static_cast<long>(first_rel + i + 1));
      key = &key->ensure_child(rel_parts[i], util::join(prefix, "\\"));
    }
    if (key->line == 0) key->line = line;
    current_ = key;
    return {};
  }

  void remove_key(const std::vector<std::string>& rel_parts) {
    if (rel_parts.empty()) return;
    RegKey* key = &snap_.root;
    for (std::size_t i = 0; i + 1 < rel_parts.size(); ++i) {
      auto* child = const_cast<RegKey*>(key->child(rel_parts[i]));
      if (!child) return;
      key = child;
    }
    key->remove_child(rel_parts.back());
  }


  // Reads a quoted string starting at t[pos] == '"'; advances pos past the closing quote.
  std::optional<std::string> quoted(std::string_view t, std::size_t& pos, i18n::Text& error) const {
    std::string out;
    for (++pos; pos < t.size(); ++pos) {
      char c = t[pos];
      if (c == '"') {
        ++pos;
        return out;
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (++pos >= t.size()) break;
      switch (t[pos]) {
        case '\\': out.push_back('\\'); break;
        case '"': out.push_back('"'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case '0': out.push_back('\0'); break;
        default: error = i18n::msg("unknown escape \\{1} in a quoted string", {std::string(1, t[pos])}); return std::nullopt;
      }
    }
    error = i18n::msg("unterminated quoted string");
    return std::nullopt;
  }

  util::Status value_line(std::string_view t, int line) {
    std::size_t pos = 0;
    std::string name;
    i18n::Text error;
    if (t.front() == '@') {
      pos = 1;
    } else {
      auto q = quoted(t, pos, error);
      if (!q) return fail(line, error);
      name = std::move(*q);
    }
    while (pos < t.size() && (t[pos] == ' ' || t[pos] == '\t')) ++pos;
    if (pos >= t.size() || t[pos] != '=') return fail(line, i18n::msg("expected '=' after the value name"));
    auto data = util::trim(t.substr(pos + 1));
    if (!current_) {
      if (in_deleted_key_) return {};  // regedit ignores values under [-KEY]
      return fail(line, i18n::msg("value outside of a [key] section"));
    }
    if (data == "-") {
      current_->remove_value(name);
      return {};
    }
    RegValue v{name, regtype::Sz, {}, line};
    auto st = value_data(data, v, line);
    if (!st) return st;
    current_->set_value(std::move(v));
    return {};
  }

  util::Status value_data(std::string_view data, RegValue& v, int line) {
    i18n::Text error;
    if (!data.empty() && data.front() == '"') {
      std::size_t pos = 0;
      auto s = quoted(data, pos, error);
      if (!s) return fail(line, error);
      if (!trailing_ok(data.substr(pos))) return fail(line, i18n::msg("unexpected text after the closing quote"));
      v.type = regtype::Sz;
      v.data = utf8_to_utf16le_nul(*s);
      return {};
    }
    auto lower = util::to_lower(data.substr(0, std::min<std::size_t>(data.size(), 16)));
    if (lower.starts_with("dword:")) {
      auto digits = util::trim(data.substr(6));
      if (digits.empty() || digits.size() > 8 || digits.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
        return fail(line, i18n::msg("dword: needs 1 to 8 hex digits"));
      }
      v.type = regtype::Dword;
      v.data = le32(static_cast<std::uint32_t>(std::stoul(std::string(digits), nullptr, 16)));
      return {};
    }
    std::string_view hex;
    if (lower.starts_with("hex:")) {
      v.type = regtype::Binary;
      hex = data.substr(4);
    } else if (lower.starts_with("hex(")) {
      auto close = data.find("):");
      auto n = close == std::string_view::npos ? std::string_view{} : data.substr(4, close - 4);
      if (n.empty() || n.size() > 8 || n.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
        return fail(line, i18n::msg("hex(N): needs a hex type number"));
      }
      v.type = static_cast<std::uint32_t>(std::stoul(std::string(n), nullptr, 16));
      hex = data.substr(close + 2);
    } else {
      return fail(line, i18n::msg("unrecognised value data \"{1}\"", {util::printable(data, 40)}));
    }
    auto st = hex_bytes(hex, v.data, line);
    if (!st) return st;
    if (!unicode_ && (v.type == regtype::ExpandSz || v.type == regtype::MultiSz)) v.data = ansi_bytes_to_utf16le(v.data);
    return {};
  }

  static bool trailing_ok(std::string_view rest) {
    rest = util::trim(rest);
    return rest.empty() || rest.front() == ';';
  }

  util::Status hex_bytes(std::string_view s, std::string& out, int line) const {
    auto hexval = [](char c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    out.reserve(s.size() / 3 + 1);
    std::size_t i = 0;
    auto skip_ws = [&]() {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    };
    while (true) {
      skip_ws();
      if (i >= s.size() || s[i] == ';') return {};
      int hi = hexval(s[i]);
      if (hi < 0) return fail(line, i18n::msg("bad hex byte \"{1}\"", {util::printable(s.substr(i, 8), 8)}));
      int value = hi;
      ++i;
      if (i < s.size() && hexval(s[i]) >= 0) value = value * 16 + hexval(s[i++]);
      if (i < s.size() && hexval(s[i]) >= 0) return fail(line, i18n::msg("hex byte with more than two digits"));
      out.push_back(static_cast<char>(value));
      if (out.size() > kMaxRegValueBytes) {
        return fail(line, i18n::msg("value larger than {1} MB, refused", {std::to_string(kMaxRegValueBytes / (1024 * 1024))}));
      }
      skip_ws();
      if (i >= s.size() || s[i] == ';') return {};
      if (s[i] != ',') return fail(line, i18n::msg("expected ',' between hex bytes"));
      ++i;
    }
  }

  const std::string& file_;
  bool unicode_;
  RegistrySnapshot snap_;
  RegKey* current_ = nullptr;
  bool in_deleted_key_ = false;
};

}  // namespace

bool is_registry_root(std::string_view name) {
  static const std::array<std::string_view, 10> roots{"hkey_current_user",  "hkcu", "hkey_users",          "hku",
                                                      "hkey_local_machine", "hklm", "hkey_classes_root",   "hkcr",
                                                      "hkey_current_config", "hkcc"};
  auto lower = util::to_lower(name);
  for (auto r : roots) {
    if (lower == r) return true;
  }
  return false;
}

std::string user_relative_path(std::string_view key_path) {
  auto parts = split_key_path(key_path);
  if (parts.empty() || !is_registry_root(parts.front())) return {};
  auto root = util::to_lower(parts.front());
  std::size_t start = (root == "hkey_users" || root == "hku") ? 2 : 1;
  // A hive loaded by an admin ("reg load HKLM\\Tmp NTUSER.DAT") sits one level deeper.
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (util::iequals(parts[i], "Software")) {
      if (i > start || (root != "hkey_local_machine" && root != "hklm")) start = i;
      break;
    }
  }
  if (start > parts.size()) start = parts.size();
  std::vector<std::string> rel(parts.begin() + static_cast<long>(start), parts.end());
  return util::join(rel, "\\");
}

bool looks_like_reg(std::string_view bytes) {
  bytes = bytes.substr(0, 200);
  if (bytes.starts_with("\xFF\xFE")) {
    // The sample may cut a line (or a surrogate pair): keep whole lines only.
    for (std::size_t end = bytes.size() & ~std::size_t(1); end >= 4; end -= 2) {
      if (bytes[end - 2] == '\n' && bytes[end - 1] == '\0') {
        bytes = bytes.substr(0, end);
        break;
      }
    }
    if (bytes.size() % 2) bytes.remove_suffix(1);
  }
  auto lines = decode_lines(bytes, "");
  if (!lines.ok()) return false;
  for (const auto& l : *lines) {
    auto t = util::trim(l);
    if (t.empty()) continue;
    return t == kHeader5 || t == kHeader4;
  }
  return false;
}

util::Result<RegistrySnapshot> parse_reg(std::string_view bytes, const std::string& file) {
  // A UTF-16 export cut at an odd offset: its last character is half there; the last line is then cut too.
  const bool half_character = bytes.starts_with("\xFF\xFE") && bytes.size() % 2 != 0;
  if (half_character) bytes.remove_suffix(1);
  auto lines = decode_lines(bytes, file);
  if (!lines.ok()) return lines.error();
  std::size_t first = 0;
  while (first < lines->size() && util::trim((*lines)[first]).empty()) ++first;
  if (first == lines->size()) return i18n::error(at_line(file, 1, i18n::msg("empty file, not a .reg file")));
  auto header = util::trim((*lines)[first]);
  if (header != kHeader5 && header != kHeader4) {
    return i18n::error(at_line(file, int(first + 1),
                               i18n::msg("not a .reg file (expected \"Windows Registry Editor Version 5.00\" or \"REGEDIT4\")")));
  }
  Parser parser(file, header == kHeader5);
  auto& ls = *lines;
  // regedit ends every line with a line break: a last line without one was cut, and is left out.
  i18n::Text damage;
  std::size_t end = ls.size();
  if (end > first + 1 && !util::trim(ls.back()).empty() && util::trim(ls.back()).front() != ';') {
    damage = at_line(file, int(end),
                     half_character ? i18n::msg("the file ends inside this line (no line break after it, and half a UTF-16 "
                                                "character); it looks cut")
                                    : i18n::msg("the file ends inside this line (no line break after it); it looks cut"));
    --end;
  }
  while (end > first + 1 && util::trim(ls[end - 1]).empty()) --end;  // so a value wrapped onto nothing is seen
  if (half_character && damage.empty()) damage = i18n::msg("{1}: the file ends inside a UTF-16 character; it looks cut", {file});
  for (std::size_t i = first + 1; i < end; ++i) {
    LogicalLine logical{std::move(ls[i]), int(i + 1)};
    while (is_continued(logical.text) && i + 1 < end) {
      auto t = logical.text.find_last_not_of(" \t");
      logical.text.resize(t);  // drops the backslash
      logical.text += util::trim(ls[++i]);
      if (logical.text.size() > kMaxRegValueBytes * 4) {
        return i18n::error(at_line(file, logical.number,
                                   i18n::msg("value larger than {1} MB, refused", {std::to_string(kMaxRegValueBytes / (1024 * 1024))})));
      }
    }
    if (is_continued(logical.text) && i + 1 >= end) {
      if (damage.empty()) damage = at_line(file, logical.number, i18n::msg("the file ends inside a wrapped value; it looks cut"));
      break;
    }
    auto st = parser.line(logical);
    if (!st) return st.error();
  }
  auto snapshot = parser.take();
  snapshot.damage = std::move(damage);
  return snapshot;
}

util::Result<RegistrySnapshot> read_reg_file(const std::filesystem::path& path) {
  auto bytes = util::read_file(path, kMaxRegFileBytes);
  if (!bytes.ok()) return bytes.error();
  return parse_reg(*bytes, path.string());
}

}  // namespace adapters::outlook
