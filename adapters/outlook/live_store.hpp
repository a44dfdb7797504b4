#pragma once
// The live registry ("HKCU", "HKU\<SID>") as a store the fix engine changes in place
// (core::DatabaseStore of kind LiveRegistry): each edit becomes one value change that keeps the
// value's type (Outlook's REG_BINARY UTF-16 strings stay REG_BINARY, DWORDs stay DWORD), with the
// exact bytes before and after, so that the backup manifest holds the undo and restore can write
// it back. The undo document is a regedit 5.00 .reg of the old values.
#include "core/database_store.hpp"

namespace adapters::outlook {

class LiveRegistryStore : public core::DatabaseStore {
 public:
  Kind kind() const override { return Kind::LiveRegistry; }
  // Reads each edited value; refuses an edit that would change a value's type.
  util::Result<std::vector<core::CellChange>> prepare(const std::filesystem::path& root,
                                                      const std::vector<core::Edit>& edits) const override;
  // Checks every value against `check` (Before: each must hold its old type and bytes, or be
  // missing when it was), calls `while_locked` (the backup), then writes each value and reads it
  // back. A failed write puts the values already written back.
  util::Result<core::WriteOutcome> write(const std::filesystem::path& root, const std::vector<core::CellChange>& changes,
                                         core::CellCheck check,
                                         const core::WhileLocked& while_locked) const override;
  std::optional<core::UndoDocument> undo_document(const std::vector<core::CellChange>& changes) const override;
};

// "REG_DWORD", "REG_BINARY", ..., or "REG_<number>".
std::string registry_type_name(std::uint32_t type);

}  // namespace adapters::outlook
