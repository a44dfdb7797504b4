#pragma once
// Reads .reg files: regedit 5.00 (UTF-16LE with BOM, CRLF, or UTF-8), REGEDIT4 (ANSI) and the
// dialect of hivexregedit/hivexget (hex(1)/hex(3), no wrapping, LF). Any HKEY prefix.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "adapters/outlook/registry.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

inline constexpr std::size_t kMaxRegFileBytes = 128u * 1024u * 1024u;
inline constexpr std::size_t kMaxRegValueBytes = 16u * 1024u * 1024u;

// `file` names the source in errors ("file:line: reason") and in origins.
util::Result<RegistrySnapshot> parse_reg(std::string_view bytes, const std::string& file);
util::Result<RegistrySnapshot> read_reg_file(const std::filesystem::path& path);

// The part of a key path below the user hive root: "HKEY_CURRENT_USER\\Software\\X",
// "HKEY_USERS\\S-1-5-21-...\\Software\\X" and "HKLM\\TempHive\\Software\\X" all give
// "Software\\X". Empty when the root is not a registry root.
std::string user_relative_path(std::string_view key_path);

// HKEY_CURRENT_USER, HKCU, HKEY_USERS, HKU, HKEY_LOCAL_MACHINE, HKLM, ... (any case).
bool is_registry_root(std::string_view name);

// Whether the bytes start like a .reg file (either header, any encoding).
bool looks_like_reg(std::string_view bytes);

}  // namespace adapters::outlook
