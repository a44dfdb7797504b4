#pragma once
// Applying a plan: per file lock check, unchanged-since-planning check, backup, atomic write
// keeping owner/group/mode, then verification; a failed verification restores the backup.
// Files of one PlanFile::group go together: all checked and backed up before the first write,
// and a failed write or verification of any puts every written one back.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/adapter.hpp"
#include "core/error.hpp"
#include "fix/plan.hpp"

namespace fix {

// Reads one source for verification. The CLI may pass the audit pipeline (adapter + rules) so
// that the fixed findings are re-checked; the default is the owning adapter's read().
using Reread = std::function<core::ReadOutput(const std::filesystem::path& source)>;

struct ApplyOptions {
  std::filesystem::path backup_dir;          // empty: default_backup_dir()
  std::vector<std::filesystem::path> homes;  // empty: the plan's homes
  Reread reread;                             // empty: PlanFile::adapter->read
  // Tests only (fault injection): called just before a file is written; an error fails that write
  // as an I/O error would.
  std::function<util::Status(const std::filesystem::path& file)> before_write;
};

enum class FileOutcome {
  Applied,     // written and verified
  Refused,     // not touched: refused at planning, client running, changed since planning, unsafe
  RolledBack,  // written, verification failed, original bytes put back
  Failed,      // an I/O error; the message says the state of the file
};
std::string_view to_string(FileOutcome o);

struct FileResult {
  std::filesystem::path file;
  FileOutcome outcome = FileOutcome::Refused;
  std::string message;    // one line, English (JSON)
  std::string message_localized;  // the same in the run's language (empty: as `message`)
  const std::string& shown() const { return message_localized.empty() ? message : message_localized; }
  std::string backup_id;  // when a backup was made
  std::size_t changes = 0;
};

struct ApplyResult {
  std::vector<FileResult> files;
  std::filesystem::path backup_dir;
  std::string run_id;   // new_run_id(), shared by every backup of the run (`restore RUN-ID` restores them all)
  Unapplied unapplied;  // the plan's refused and skipped changes, manual actions, read-only files
  std::size_t count(FileOutcome o) const;
  bool made_backups() const;
};

// Test hook (tests only, never set in production): MAILMEND_TEST_CRASH_AT=after-backup|mid-write|
// before-rename|after-rename makes apply_plan raise SIGKILL at that step.
inline constexpr const char* kCrashHookVariable = "MAILMEND_TEST_CRASH_AT";

ApplyResult apply_plan(const Plan& plan, const ApplyOptions& options);

// Ok (0) when every file was applied (or there was nothing to do) and no change was refused,
// Partial (3) otherwise. Manual actions do not change it.
core::ExitCode apply_exit_code(const ApplyResult& result);
std::string render_apply_text(const ApplyResult& result);
nlohmann::json apply_json(const ApplyResult& result);

}  // namespace fix
