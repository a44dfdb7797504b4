#pragma once
// A .reg export is never edited in place: its fix is a pair of .reg files — the fix an admin
// imports with regedit, and the undo that puts the old values back.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fix/plan.hpp"
#include "i18n/text.hpp"

namespace cli {

struct RegFix {
  std::filesystem::path source;
  std::filesystem::path fix_file;
  std::filesystem::path undo_file;
  std::string fix_bytes;
  std::string undo_bytes;
  std::size_t changes = 0;
  i18n::Text error;  // non-empty: the pair could not be made, and why (JSON: the English)
};

// Moves the Outlook .reg exports out of `plan` and makes their fix/undo pairs, written beside
// the export (or in out_dir) as <name>.mailmend-fix.reg and <name>.mailmend-undo.reg.
std::vector<RegFix> take_reg_fixes(fix::Plan& plan, const std::filesystem::path& out_dir);

std::string render_reg_fixes_text(const std::vector<RegFix>& fixes, bool applied);
nlohmann::json reg_fixes_json(const std::vector<RegFix>& fixes);
// Writes every pair (atomically); a failure is recorded in RegFix::error.
void write_reg_fixes(std::vector<RegFix>& fixes);
bool any_failed(const std::vector<RegFix>& fixes);

}  // namespace cli
