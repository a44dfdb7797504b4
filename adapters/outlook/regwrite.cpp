#include "adapters/outlook/regwrite.hpp"

#include <utf8cpp/utf8.h>

#include <cstdio>
#include <iterator>

#include "util/text.hpp"

namespace adapters::outlook {
namespace {

constexpr std::size_t kMaxHexChars = 77;  // Wine's MAX_HEX_CHARS

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') {
      out += "\\r";
      continue;
    }
    out.push_back(c);
  }
  return out + "\"";
}

// A REG_SZ can be written as "text" when it is one clean NUL-terminated UTF-16 string.
bool plain_string(const RegValue& v) {
  if (v.type != regtype::Sz || v.data.size() < 2 || v.data.size() % 2) return false;
  if (v.data[v.data.size() - 1] != '\0' || v.data[v.data.size() - 2] != '\0') return false;
  for (std::size_t i = 0; i + 2 < v.data.size(); i += 2) {
    if (v.data[i] == '\0' && v.data[i + 1] == '\0') return false;
  }
  return utf8_to_utf16le_nul(utf16le_to_utf8(v.data)) == v.data;
}

std::string hex_data(const std::string& prefix, const std::string& data) {
  std::string out = prefix;
  std::size_t line_len = prefix.size();
  char buf[4];
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(data[i]));
    out += buf;
    if (i + 1 == data.size()) break;
    out += ',';
    line_len += 3;
    if (line_len >= kMaxHexChars) {
      out += "\\\n  ";
      line_len = 2;
    }
  }
  return out;
}

std::string to_utf16le_crlf(const std::string& utf8_lf) {
  std::string crlf;
  for (char c : utf8_lf) {
    if (c == '\n') crlf.push_back('\r');
    crlf.push_back(c);
  }
  std::u16string units;
  utf8::utf8to16(crlf.begin(), crlf.end(), std::back_inserter(units));
  std::string out = "\xFF\xFE";
  for (char16_t u : units) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

}  // namespace

std::string format_reg_value(const RegValue& v) {
  std::string head = v.name.empty() ? "@=" : quote(v.name) + "=";
  if (v.type == regtype::Dword && v.data.size() == 4) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "dword:%08lx", static_cast<unsigned long>(*value_number(v)));
    return head + buf;
  }
  if (plain_string(v)) return head + quote(utf16le_to_utf8(v.data));
  char prefix[24];
  if (v.type == regtype::Binary) {
    std::snprintf(prefix, sizeof prefix, "hex:");
  } else {
    std::snprintf(prefix, sizeof prefix, "hex(%x):", static_cast<unsigned>(v.type));
  }
  return hex_data(head + prefix, v.data);
}

std::string reg_key_header_path(std::string_view path) {
  auto parts = split_key_path(path);
  if (parts.empty()) return "HKEY_CURRENT_USER";
  auto root = util::to_lower(parts.front());
  if (root == "hkcu") parts.front() = "HKEY_CURRENT_USER";
  else if (root == "hku") parts.front() = "HKEY_USERS";
  else if (root == "hklm") parts.front() = "HKEY_LOCAL_MACHINE";
  else if (!root.starts_with("hkey_")) parts.insert(parts.begin(), "HKEY_CURRENT_USER");
  return util::join(parts, "\\");
}

std::string write_reg_file(const std::vector<RegFileKey>& keys) {
  std::string text = "Windows Registry Editor Version 5.00\n\n";
  for (const auto& k : keys) {
    text += "[" + reg_key_header_path(k.path) + "]\n";
    for (const auto& e : k.entries) {
      text += e.value ? format_reg_value(*e.value) : quote(e.name) + "=-";
      text += "\n";
    }
    text += "\n";
  }
  return to_utf16le_crlf(text);
}

}  // namespace adapters::outlook
