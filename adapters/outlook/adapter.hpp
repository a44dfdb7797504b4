#pragma once
// Outlook (classic, Windows): profiles and POP3/IMAP/Exchange accounts from .reg exports,
// offline hives (NTUSER.DAT, any name with the "regf" magic), PRF files and, on Windows, the
// live registry (sources "HKCU" and "HKU\<SID>", live_registry.hpp). New Outlook (olk.exe) and
// Outlook for Mac are detected and reported as skipped.
#include <memory>

#include "core/adapter.hpp"

namespace adapters::outlook {

class OutlookAdapter : public core::Adapter {
 public:
  std::string_view client() const override { return "outlook"; }
  // The home's live registry ("HKCU" or "HKU\<SID>", on Windows when that user's hive is loaded),
  // else <home>/NTUSER.DAT (any case); plus folders that show the new Outlook or Outlook for Mac.
  std::vector<std::filesystem::path> discover(const std::filesystem::path& home) const override;
  // "HKCU", "HKU\<SID>", *.reg, *.prf, any file starting with "regf" or with a .reg header, and
  // the folders above.
  bool recognizes(const std::filesystem::path& path) const override;
  core::ReadOutput read(const std::filesystem::path& source) const override;
  // A live registry is locked while an OUTLOOK.EXE of that user runs (in any session).
  core::LockState lock_state(const std::filesystem::path& file) const override;
  // A live registry is changed in place, value by value (live_store.hpp).
  const core::DatabaseStore* database_store(const std::filesystem::path& file) const override;
  // Every client-specific rule id this adapter reports (rule_catalogue.cpp).
  const std::vector<core::RuleInfo>& rule_catalogue() const override;
  // Hives only, through hivex; refused for hives with unreplayed transaction logs. A .reg
  // source gets an error pointing to make_fix_and_undo_reg (edits.hpp).
  util::Result<std::string> render(const std::filesystem::path& file, std::string_view original,
                                   const std::vector<core::Edit>& edits) const override;
};

}  // namespace adapters::outlook
