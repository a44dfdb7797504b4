#pragma once
// Helpers shared by the Outlook tests: UTF-16LE .reg text built from UTF-8 with utfcpp, and a
// flat view of every value of a snapshot for byte-exact comparisons.
#include <utf8cpp/utf8.h>

#include <iterator>
#include <map>
#include <string>
#include <tuple>

#include "adapters/outlook/registry.hpp"
#include "core/model.hpp"

namespace outlook_test {

// UTF-8 text with "\n" line ends -> BOM + UTF-16LE with CRLF, as regedit writes.
inline std::string regedit_utf16(const std::string& utf8_lf) {
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

// UTF-16LE (with or without BOM) back to UTF-8, CRLF kept.
inline std::string utf16_text(std::string bytes) {
  if (bytes.starts_with("\xFF\xFE")) bytes.erase(0, 2);
  std::u16string units;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    units.push_back(static_cast<char16_t>(static_cast<unsigned char>(bytes[i]) |
                                          (static_cast<unsigned char>(bytes[i + 1]) << 8)));
  }
  std::string out;
  utf8::utf16to8(units.begin(), units.end(), std::back_inserter(out));
  return out;
}

// "Key\\Path" + "\\" + value name (lower-case) -> (type, bytes), for every value of every key.
using FlatValues = std::map<std::string, std::pair<std::uint32_t, std::string>>;
inline void flatten(const adapters::outlook::RegKey& key, const std::string& path, FlatValues& out) {
  for (const auto& v : key.values()) out[path + "|" + v.name] = {v.type, v.data};
  for (const auto* c : key.children()) flatten(*c, path + "\\" + c->name(), out);
}
inline FlatValues flatten(const adapters::outlook::RegistrySnapshot& snap) {
  FlatValues out;
  flatten(snap.root, "", out);
  return out;
}

// "imap host:993 tls password-cleartext user=alice" for exact endpoint assertions.
inline std::string describe(const core::Endpoint& e) {
  return std::string(core::to_string(e.protocol)) + " " + e.host.value + ":" + std::to_string(e.port.value) + " " +
         std::string(core::to_string(e.security.value)) + " " + std::string(core::to_string(e.auth.value)) +
         " user=" + e.username.value;
}

}  // namespace outlook_test
