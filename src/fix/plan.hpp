#pragma once
// Planning a fix: fixable findings -> per-file edits -> rendered bytes, a unified diff, hashes.
// Planning only reads: no file, mtime or folder changes.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/adapter.hpp"
#include "core/error.hpp"
#include "core/model.hpp"
#include "core/report.hpp"

namespace fix {

// --only / --skip: rule ids. An empty `only` means every rule.
struct Selection {
  std::vector<std::string> only;
  std::vector<std::string> skip;
  bool selects(const std::string& rule) const;
};

// One change the plan makes (one per finding; two findings may share one edit).
struct PlanItem {
  std::string account;        // core::Account::id
  std::string account_label;  // "account1 (alice@example.com)"
  std::string field;          // "incoming.port"
  core::FieldValue old_value;
  core::FieldValue new_value;
  bool old_is_default = false;  // the old value was the client's default (the edit inserts a statement)
  std::string rule;
  std::string target_key;  // Origin::key of the stored value
  int target_line = 0;
};

struct PlanFile {
  std::filesystem::path file;
  std::string client;
  const core::Adapter* adapter = nullptr;  // not owned; outlives the plan
  // A database changed in place (the Apple Accounts database): the cells replace new_bytes,
  // the hashes and the text diff.
  const core::DatabaseStore* database = nullptr;
  std::vector<core::CellChange> cells;
  std::vector<PlanItem> items;
  std::vector<core::Edit> edits;
  std::vector<std::string> sources;  // what to re-read to verify (the accounts' sources)
  std::string refused;               // non-empty: this file is not changed, and why
  std::string sha256_before;
  std::string sha256_after;
  std::string new_bytes;
  std::string diff;  // unified diff, or a one-line note for binary files
  bool is_refused() const { return !refused.empty(); }
  bool in_place() const { return database != nullptr; }
};

// A fixable finding that the plan does not apply, and why (managed account, ...).
struct Skipped {
  std::string account;
  std::string field;
  std::string rule;
  std::string reason;
};

struct Plan {
  std::vector<PlanFile> files;
  std::vector<Skipped> skipped;
  std::vector<std::filesystem::path> homes;  // home folders used to open files safely
  std::size_t pending_files() const;         // files with changes that apply would make
  std::size_t pending_changes() const;       // plan items in those files
  std::size_t refused_files() const;
};

struct PlanOptions {
  // Databases changed in place (fix --allow-accounts-db); refused with the reason otherwise.
  bool allow_accounts_db = false;
};

// Homes: --home folders; files inside one are opened from it down without following symlinks
// (as root, homes from the password database are used as well).
Plan make_plan(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
               const Selection& selection, const std::vector<std::filesystem::path>& homes = {},
               const PlanOptions& options = {});

// Per file: account, field, old -> new, rule; then the diff. Refused files say why.
std::string render_plan_text(const Plan& plan);
nlohmann::json plan_json(const Plan& plan);

// Dry-run exit code: Partial (3) when a file is refused, else Findings (1) when changes are
// pending, else Ok (0).
core::ExitCode plan_exit_code(const Plan& plan);

}  // namespace fix
