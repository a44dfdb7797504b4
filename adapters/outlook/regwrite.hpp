#pragma once
// Writes .reg files the way regedit 5.00 does: UTF-16LE with BOM, CRLF, "hex:" data wrapped
// like Wine's exporter (lines of at most 80 columns), "dword:%08x", quoted REG_SZ.
#include <string>
#include <vector>

#include "adapters/outlook/registry.hpp"

namespace adapters::outlook {

struct RegFileEntry {
  std::string name;
  std::optional<RegValue> value;  // nullopt: a deletion ("name"=-)
};
struct RegFileKey {
  std::string path;  // full path with an HKEY root
  std::vector<RegFileEntry> entries;
};

// One value line (possibly wrapped with "\\" + CRLF + two spaces), without the final line end.
std::string format_reg_value(const RegValue& v);
// The whole file: BOM, header, blank line, keys, final blank line; UTF-16LE, CRLF.
std::string write_reg_file(const std::vector<RegFileKey>& keys);
// "HKCU\\X" -> "HKEY_CURRENT_USER\\X"; a path without root (from a hive) gets HKEY_CURRENT_USER.
std::string reg_key_header_path(std::string_view path);

}  // namespace adapters::outlook
