#pragma once
// Turns normalised edits (core::Edit) into registry values, and into the fix/undo .reg pair an
// admin imports for a .reg (or live registry) source.
#include <string>
#include <utility>
#include <vector>

#include "adapters/outlook/registry.hpp"
#include "core/adapter.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

// Where an edit writes: the key path as the source names it, and the value name.
struct EditTarget {
  std::string key_path;
  std::string value_name;
};
EditTarget edit_target(const core::Origin& origin);
// The key path below the user hive root, whichever way the source names keys.
std::string snapshot_relative_path(std::string_view key_path);

// The value that carries `edit` into `value_name`, keeping the existing value's type and string
// convention (REG_BINARY UTF-16LE stays that, with or without its NUL; DWORD stays DWORD). A
// missing string value becomes REG_BINARY UTF-16LE + NUL, the majority convention.
util::Result<RegValue> encode_edit(const core::Edit& edit, std::string_view value_name, const RegValue* existing);

// The fix .reg and its undo .reg (regedit 5.00, UTF-16LE, BOM, CRLF) for edits of `snap`:
// the fix sets only the edited values; the undo restores their old bytes, or deletes values
// that did not exist ("name"=-).
util::Result<std::pair<std::string, std::string>> make_fix_and_undo_reg(const std::vector<core::Edit>& edits,
                                                                        const RegistrySnapshot& snap);

}  // namespace adapters::outlook
