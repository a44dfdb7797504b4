#pragma once
// A small in-memory registry model shared by the three sources (.reg files, offline hives, the
// live registry): keys with typed values, each value knowing where it was read.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "i18n/text.hpp"

namespace adapters::outlook {

// Registry value types as stored (REG_*); other numbers are kept as they are.
namespace regtype {
inline constexpr std::uint32_t None = 0;
inline constexpr std::uint32_t Sz = 1;
inline constexpr std::uint32_t ExpandSz = 2;
inline constexpr std::uint32_t Binary = 3;
inline constexpr std::uint32_t Dword = 4;
inline constexpr std::uint32_t MultiSz = 7;
inline constexpr std::uint32_t Qword = 11;
}  // namespace regtype

struct RegValue {
  std::string name;       // UTF-8; "" is the key's default value ("@" in a .reg file)
  std::uint32_t type = regtype::None;
  std::string data;       // the bytes as the registry stores them (strings are UTF-16LE)
  int line = 0;           // 1-based line in a .reg file; 0 for hives and the live registry
};

class RegKey {
 public:
  RegKey(std::string name, std::string full_path) : name_(std::move(name)), full_path_(std::move(full_path)) {}

  const std::string& name() const { return name_; }
  // The key's path as the source names it ("HKEY_CURRENT_USER\\Software\\..." in a .reg file,
  // "Software\\..." relative to the root of a hive); used in origins.
  const std::string& full_path() const { return full_path_; }
  int line = 0;  // line of the [key] header in a .reg file

  const std::vector<RegValue>& values() const;
  // Case-insensitive lookups, as the registry does.
  const RegValue* value(std::string_view name) const;
  const RegKey* child(std::string_view name) const;
  std::vector<const RegKey*> children() const;

  // Adds or replaces a value (by case-insensitive name).
  void set_value(RegValue v);
  bool remove_value(std::string_view name);
  // Returns the child, creating it with `full_path` when absent.
  RegKey& ensure_child(std::string_view name, std::string_view full_path);
  bool remove_child(std::string_view name);

 private:
  std::string name_;
  std::string full_path_;
  // Removed values are only marked, then dropped on the next values(), so that a file full of
  // deletions stays linear.
  mutable std::vector<RegValue> values_;
  mutable std::vector<bool> removed_;
  mutable std::size_t removed_count_ = 0;
  mutable std::unordered_map<std::string, std::size_t> value_index_;  // lower-case name -> position
  void compact() const;
  std::vector<std::unique_ptr<RegKey>> children_;
  std::unordered_map<std::string, std::size_t> child_index_;  // lower-case name -> position
};

enum class RegistryKind { RegFile, Hive, Live };

// Everything read from one source. Key paths for lookups are relative to the user hive root
// ("Software\\Microsoft\\..."), whatever HKEY prefix or mount point the source used.
struct RegistrySnapshot {
  RegistryKind kind = RegistryKind::RegFile;
  std::string file;  // the source file, or a live root such as "HKCU"
  RegKey root{"", ""};
  // "file:line: reason" when the file is cut (a .reg export that ends inside a line or a wrapped
  // value): the snapshot holds what came before, and the source is reported as damaged.
  i18n::Text damage;

  // Looks a key up by a backslash-separated path relative to the user hive root.
  const RegKey* find(std::string_view relative_path) const;
};

// Splits "A\\B\\C" into its parts (empty parts dropped).
std::vector<std::string> split_key_path(std::string_view path);

// String data as text: REG_SZ/EXPAND_SZ/BINARY holding UTF-16LE; stops at the first NUL,
// tolerates a missing terminator and ignores a trailing odd byte. Invalid UTF-16 becomes U+FFFD.
std::string utf16le_to_utf8(std::string_view bytes);
// UTF-8 text as UTF-16LE bytes followed by a 2-byte NUL.
std::string utf8_to_utf16le_nul(std::string_view text);
// The value as text when its type can hold a string.
std::optional<std::string> value_text(const RegValue& v);
// The value as a number: REG_DWORD (4 bytes), REG_QWORD, or a decimal REG_SZ.
std::optional<std::uint64_t> value_number(const RegValue& v);
std::string le32(std::uint32_t v);
// Windows-1252 ("ANSI" in REGEDIT4 files and PRFs written by PowerShell -Encoding Default).
char16_t windows1252_unit(unsigned char c);
std::string windows1252_to_utf8(std::string_view s);
// The text as it is when it is valid UTF-8, else read as Windows-1252.
std::string utf8_or_windows1252(std::string_view s);

}  // namespace adapters::outlook

namespace adapters::outlook {
// Value constructors in the encodings Outlook uses.
RegValue make_sz(std::string name, std::string_view text);             // REG_SZ, UTF-16LE + NUL
RegValue make_binary_text(std::string name, std::string_view text);    // REG_BINARY, UTF-16LE + NUL
RegValue make_dword(std::string name, std::uint32_t value);            // REG_DWORD
RegValue make_binary(std::string name, std::string bytes);             // REG_BINARY, opaque
}  // namespace adapters::outlook
