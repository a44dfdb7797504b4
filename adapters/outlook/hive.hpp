#pragma once
// Offline registry hives (NTUSER.DAT) through libhivex: read into a RegistrySnapshot, check that
// a hive is clean before writing, and write edited values into a copy.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/outlook/registry.hpp"
#include "i18n/text.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

inline constexpr std::size_t kMaxHiveKeys = 500000;
inline constexpr std::size_t kMaxHiveDepth = 128;
// Value bytes a read may copy per byte of hive file (plus 1 MB): a bound on shared data cells.
inline constexpr std::size_t kHiveValueBytesPerFileByte = 4;

// Whether the bytes start with the "regf" magic of a hive, whatever the file is called.
bool has_regf_magic(std::string_view first_bytes);
bool is_hive_file(const std::filesystem::path& path);

// Reads the keys under `subtrees` (paths relative to the hive root; empty = the whole hive).
// Key full paths in the snapshot are relative to the hive root ("Software\\Microsoft\\...").
util::Result<RegistrySnapshot> read_hive(const std::filesystem::path& path,
                                         const std::vector<std::string>& subtrees = {});

// The same for hive bytes in memory (read through a private temporary copy); `file` names the
// source in errors and in the snapshot.
util::Result<RegistrySnapshot> read_hive_bytes(std::string_view bytes, const std::string& file,
                                               const std::vector<std::string>& subtrees = {});

// Why writing this hive would lose data (hivex does not replay .LOG1/.LOG2): the base block's
// sequence numbers differ, its checksum is wrong, or a non-empty transaction log beside `hive`
// is newer than it. Empty when the hive is clean. `base_block` is the start of the hive bytes.
i18n::Text hive_dirty_reason(const std::filesystem::path& hive, std::string_view base_block);

// One value to set: the key path relative to the hive root, the exact value name, its
// registry type and raw bytes.
struct HiveValueEdit {
  std::string key_path;
  std::string value_name;
  std::uint32_t type = regtype::None;
  std::string data;
};

// "FILE: key KEY not found in the hive": an edit names a key the hive does not have.
util::Error key_not_found(const std::string& file, const std::string& key_path);

// Returns `original` (a hive) with the values set through hivex_node_set_value, committed to a
// new file; works on private temporary copies and removes them. `file` names errors.
util::Result<std::string> edit_hive_bytes(const std::string& file, std::string_view original,
                                          const std::vector<HiveValueEdit>& edits);

}  // namespace adapters::outlook
