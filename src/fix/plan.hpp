#pragma once
// Planning a fix: fixable findings -> per-file edits -> rendered bytes, a unified diff, hashes.
// Planning only reads: no file, mtime or folder changes.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/adapter.hpp"
#include "fix/saved_logins.hpp"
#include "core/error.hpp"
#include "i18n/text.hpp"
#include "core/model.hpp"
#include "core/report.hpp"

namespace fix {

// --only / --skip: rule ids. An empty `only` means every rule.
struct Selection {
  std::vector<std::string> only;
  std::vector<std::string> skip;
  bool selects(const std::string& rule) const;
};

// One change the plan makes: one per (account, field), naming every rule that asks for it.
struct PlanItem {
  std::string account;        // core::Account::id
  std::string account_label;  // "account1 (alice@example.com)"
  std::string field;          // "incoming.port"
  core::FieldValue old_value;
  core::FieldValue new_value;
  bool old_is_default = false;  // the old value was the client's default (the edit inserts a statement)
  std::vector<std::string> rules;  // the rules asking for this value, first finding first
  std::string target_key;  // Origin::key of the stored value
  int target_line = 0;
  // Set on a companion change: the field (of the same endpoint) whose change needs it, so that
  // the port and the security still match ("incoming.port").
  std::string needed_by;
  std::string rule_text() const;  // "port-not-provider" or "port-security-mismatch, security-not-provider"
};

struct PlanFile {
  std::filesystem::path file;
  std::string client;
  const core::Adapter* adapter = nullptr;  // not owned; outlives the plan
  // A store changed in place (the Apple Accounts database, the live registry): the cells replace
  // new_bytes, the hashes and the text diff.
  const core::DatabaseStore* database = nullptr;
  std::vector<core::CellChange> cells;
  std::vector<PlanItem> items;
  std::vector<core::Edit> edits;
  std::vector<std::string> sources;  // what to re-read to verify (the accounts' sources)
  // Files of one group are applied together, all or none: every check passes before any is
  // written, and when one write or one verification fails every written file is put back (a
  // host fix in prefs.js with the saved logins it moves in logins.json). "" for a file alone.
  std::string group;
  std::string refused;               // non-empty: this file is not changed, and why (English: JSON "reason")
  std::string refused_localized;     // the same in the run's language (set by refuse(); empty: as `refused`)
  std::string sha256_before;
  std::string sha256_after;
  std::string new_bytes;
  std::string diff;  // unified diff, or a one-line note for binary files (or for saved logins)
  bool is_refused() const { return !refused.empty(); }
  void refuse(const i18n::Text& why) {
    refused = why.english;
    refused_localized = why.localized;
  }
  // What the text plan shows: the reason in the run's language.
  const std::string& refused_text() const { return refused_localized.empty() ? refused : refused_localized; }
  i18n::Text refusal() const {
    i18n::Text both(refused);
    both.localized = refused_text();
    return both;
  }
  bool in_place() const { return database != nullptr; }
  // One user's live Windows registry ("HKCU", "HKU\<SID>"): values changed in place, no file.
  bool live_registry() const { return database && database->kind() == core::DatabaseStore::Kind::LiveRegistry; }
  std::string_view kind() const { return live_registry() ? "registry" : in_place() ? "database" : "file"; }
};

// A fixable finding that the plan does not apply, and why: either by design (managed or stale
// account, no single value: reported, never fixed) or `refused` because applying it would be
// ambiguous or unsafe (two rules asking different values, a port without its matching security).
// A refused change makes the exit code 3.
struct Skipped {
  std::string account;
  std::string field;
  std::string rule;  // one rule id, or several joined with ", "
  std::string reason;            // English (JSON "reason")
  bool refused = false;
  std::string reason_localized;  // the run's language (empty: as `reason`)
  const std::string& reason_text() const { return reason_localized.empty() ? reason : reason_localized; }
};

// A finding (warning or error) that no fix can carry: the admin has to act (re-add the account in
// the client, ask for an app password, ...). Counted and named in the plan and the apply result.
struct ManualAction {
  std::string account;
  std::string account_label;
  std::string field;  // empty when not about one field
  std::string rule;
  core::Severity severity = core::Severity::Warning;
};

// A file whose accounts are reported but never fixed in place: a saved copy of a client's file
// (prefs.js.bak) or a deployment recipe (PRF).
struct ReadOnlySource {
  std::string path;
  std::string reason;            // English (JSON)
  std::string reason_localized;  // the run's language (the text plan)
};

// A source the audit could not read whole (damaged, or an error opening it) and that no planned
// file already names: nothing it holds can be judged, so nothing in it is fixed and the run ends
// with 3 — never "Nothing to fix." over a file that was not read.
struct UnreadSource {
  std::string path;
  std::string status;  // "damaged" or "error", as in the report
  std::string message;            // English (JSON)
  std::string message_localized;  // the run's language (the text plan); empty in an English run
};

// The parts of a plan that no apply changes: skipped and refused changes, manual actions,
// read-only files, sources not read whole. The plan and the apply result both show them.
struct Unapplied {
  std::vector<Skipped> skipped;
  std::vector<ManualAction> manual;
  std::vector<ReadOnlySource> read_only;
  std::vector<UnreadSource> unread;
  std::size_t refused() const;  // skipped entries marked refused
  // Whether the run must end with 3 whatever was applied: a refused change or a source not read.
  bool blocks() const { return refused() > 0 || !unread.empty(); }
  bool empty() const { return skipped.empty() && manual.empty() && read_only.empty() && unread.empty(); }
};

struct Plan {
  std::vector<PlanFile> files;
  Unapplied unapplied;
  std::vector<std::filesystem::path> homes;  // home folders used to open files safely
  // Accounts whose saved password the client will ask for again after this plan (saved_logins.hpp).
  std::vector<LoginNote> login_notes;
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

// Per file: account, field, old -> new, rule; then the diff. Refused files and changes say why;
// then what was not fixed, what needs manual action and the read-only files; a plan with pending
// changes ends with "Nothing was changed; run again with --apply to make these changes."
std::string render_plan_text(const Plan& plan);
nlohmann::json plan_json(const Plan& plan);

// The unapplied parts as text ("" when there are none) and as JSON members of `out`
// ("skipped", "manual_actions", "read_only").
std::string render_unapplied_text(const Unapplied& unapplied);
void add_unapplied_json(nlohmann::json& out, const Unapplied& unapplied);

// Dry-run exit code: Partial (3) when a file or a change is refused, else Findings (1) when
// changes are pending, else Ok (0).
core::ExitCode plan_exit_code(const Plan& plan);

}  // namespace fix
