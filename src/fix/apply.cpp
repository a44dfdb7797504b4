#include "fix/apply.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "fix/database_fix.hpp"
#include "fix/apply_steps.hpp"
#include "fix/backup.hpp"
#include "fix/target.hpp"
#include "i18n/messages.hpp"
#include "util/system.hpp"
#include "fix/verify.hpp"
#include "util/safe_fs.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

using detail::crash_hook;
using detail::reread_sources;


class FileApplier {
 public:
  FileApplier(const PlanFile& file, const ApplyOptions& options, const fs::path& backup_dir,
              const std::vector<fs::path>& homes, const std::string& run_id)
      : file_(file), options_(options), backup_dir_(backup_dir), homes_(homes), run_id_(run_id) {}

  FileResult run() {
    if (file_.is_refused()) return refuse(file_.refused);
    if (file_.in_place()) return apply_database_file(file_, options_, backup_dir_, homes_, run_id_);
    if (const core::LockState lock = file_.adapter->lock_state(file_.file); lock.locked) {
      return refuse(file_.file.string() + ": " + lock.message + "; close the client and run again");
    }
    auto target = open_target(file_.file, homes_);
    if (!target) return refuse(target.error().message);
    auto contents = read_target(*target);
    if (!contents) return refuse(contents.error().message);
    if (util::sha256_hex(contents->bytes) != file_.sha256_before) {
      return refuse(file_.file.string() + ": changed since planning; plan again");
    }
    const auto before = reread_sources(file_, options_.reread);
    if (!before) return refuse(file_.file.string() + ": " + before.error().message);
    BackupInfo info = backup_info(*target, contents->st);
    auto backup = create_backup(backup_dir_, info, contents->bytes);
    if (!backup) return refuse(backup.error().message + "; nothing was changed");
    crash_hook("after-backup");
    util::AtomicWrite how{contents->st.owner, contents->st.group, contents->st.mode, crash_hook};
    if (auto s = util::replace_file_at(target->folder.get(), target->name, file_.new_bytes, how, target->path); !s) {
      return detail::file_result(file_, FileOutcome::Failed, s.error().message + "; " + state_of(*target, *backup), *backup);
    }
    return verify(*target, how, *before, contents->bytes, *backup);
  }

 private:
  // The file's sha256 now, or "" when it cannot be read.
  static std::string current_sha(const Target& target) {
    auto now = read_target(target);
    return now ? util::sha256_hex(now->bytes) : std::string();
  }

  // What a failed step left behind, in words an admin can act on.
  std::string state_of(const Target& target, const std::string& backup_id) const {
    const std::string sha = current_sha(target);
    if (sha == file_.sha256_before) return "the file was not changed";
    if (sha == file_.sha256_after) {
      return "the file holds the fixed bytes; mailmend restore " + backup_id + " undoes it";
    }
    return "the file's state is unknown; mailmend restore " + backup_id + " --force puts the original back";
  }

  FileResult refuse(std::string message) { return detail::file_result(file_, FileOutcome::Refused, std::move(message)); }

  BackupInfo backup_info(const Target& target, const util::EntryStatus& st) const {
    BackupInfo info;
    info.original_path = target.path;
    info.home = target.home;
    info.client = file_.client;
    info.tool_version = MAILMEND_VERSION;
    info.owner_uid = st.owner;
    info.owner_gid = st.group;
    info.mode = st.mode;
    info.sha256_before = file_.sha256_before;
    info.sha256_after = file_.sha256_after;
    info.items = detail::items_json(file_);
    info.run_id = run_id_;
    return info;
  }

  FileResult verify(const Target& target, util::AtomicWrite how, const core::ReadOutput& before,
                    const std::string& original, const std::string& backup_id) {
    const auto after = reread_sources(file_, options_.reread);
    const std::vector<std::string> problems =
        after ? verify_rewrite(before, *after, file_.items) : std::vector<std::string>{after.error().message};
    if (problems.empty()) {
      return detail::file_result(file_, FileOutcome::Applied,
                    file_.file.string() + ": " + std::to_string(file_.items.size()) + " change(s) applied",
                    backup_id);
    }
    const std::string why = detail::first_problem(problems);
    how.on_step = {};
    if (current_sha(target) != file_.sha256_after) {
      return detail::file_result(file_, FileOutcome::Failed,
                    file_.file.string() + ": verification failed (" + why +
                        ") and the file changed meanwhile, so it was left as it is; " + state_of(target, backup_id),
                    backup_id);
    }
    if (auto s = util::replace_file_at(target.folder.get(), target.name, original, how, target.path); !s) {
      return detail::file_result(file_, FileOutcome::Failed,
                    file_.file.string() + ": verification failed (" + why + ") and restoring failed: " +
                        s.error().message + "; run mailmend restore " + backup_id,
                    backup_id);
    }
    return detail::file_result(file_, FileOutcome::RolledBack,
                  file_.file.string() + ": verification failed (" + why + "); the original was restored", backup_id);
  }

  const PlanFile& file_;
  const ApplyOptions& options_;
  const fs::path& backup_dir_;
  const std::vector<fs::path>& homes_;
  const std::string& run_id_;
};

}  // namespace

namespace detail {

void crash_hook(std::string_view step) {
  const char* at = std::getenv(kCrashHookVariable);
  if (at && step == at) util::die_abruptly();
}

nlohmann::json items_json(const PlanFile& file) {
  nlohmann::json plan = plan_json(Plan{{file}, {}, {}, {}});
  return plan["files"][0]["items"];
}

FileResult file_result(const PlanFile& file, FileOutcome outcome, std::string message, std::string backup_id) {
  return FileResult{file.file, outcome, std::move(message), std::move(backup_id), file.items.size()};
}

util::Result<core::ReadOutput> reread_sources(const PlanFile& file, const Reread& reread) {
  core::ReadOutput out;
  try {
    for (const auto& source : file.sources) out.append(reread ? reread(source) : file.adapter->read(source));
  } catch (const std::exception& e) {
    return util::make_error(std::string("re-reading failed: ") + e.what());
  }
  return out;
}

std::string first_problem(const std::vector<std::string>& problems) {
  if (problems.empty()) return {};
  return problems.front() + (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : "");
}

}  // namespace detail

std::string_view to_string(FileOutcome o) {
  switch (o) {
    case FileOutcome::Applied: return "applied";
    case FileOutcome::Refused: return "refused";
    case FileOutcome::RolledBack: return "rolled-back";
    case FileOutcome::Failed: return "failed";
  }
  return "failed";
}

std::size_t ApplyResult::count(FileOutcome o) const {
  std::size_t n = 0;
  for (const auto& f : files) n += f.outcome == o ? 1 : 0;
  return n;
}

bool ApplyResult::made_backups() const {
  return std::any_of(files.begin(), files.end(), [](const FileResult& f) { return !f.backup_id.empty(); });
}

ApplyResult apply_plan(const Plan& plan, const ApplyOptions& options) {
  ApplyResult out;
  out.backup_dir = options.backup_dir.empty() ? default_backup_dir() : options.backup_dir;
  out.run_id = new_run_id();
  out.unapplied = plan.unapplied;
  const std::vector<fs::path>& homes = options.homes.empty() ? plan.homes : options.homes;
  for (const auto& file : plan.files) {
    out.files.push_back(FileApplier(file, options, out.backup_dir, homes, out.run_id).run());
  }
  return out;
}

core::ExitCode apply_exit_code(const ApplyResult& result) {
  const bool all_applied = result.count(FileOutcome::Applied) == result.files.size();
  return all_applied && !result.unapplied.blocks() ? core::ExitCode::Ok : core::ExitCode::Partial;
}

std::string render_apply_text(const ApplyResult& result) {
  const std::string unapplied = render_unapplied_text(result.unapplied);
  if (result.files.empty()) {
    if (!result.unapplied.read_only.empty() || result.unapplied.blocks()) return unapplied.substr(1);
    return std::string(i18n::tr("Nothing to fix.")) + "\n" + unapplied;
  }
  std::string out;
  for (const auto& f : result.files) {
    out += std::string(to_string(f.outcome)) + ": " + util::printable(f.message, 4000);
    if (!f.backup_id.empty()) out += " [backup " + f.backup_id + "]";
    out += "\n";
  }
  out += i18n::format(i18n::tr("{1} of {2} file(s) fixed"), {std::to_string(result.count(FileOutcome::Applied)),
                                                                std::to_string(result.files.size())});
  if (result.made_backups()) {
    out += i18n::format(i18n::tr("; backups in {1} (run {2}: mailmend restore {2} undoes the whole run)"),
                        {util::printable(result.backup_dir.string(), 4000), result.run_id});
  }
  return out + "\n" + unapplied;
}

nlohmann::json apply_json(const ApplyResult& result) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : result.files) {
    files.push_back({{"file", f.file.string()},
                     {"outcome", to_string(f.outcome)},
                     {"message", f.message},
                     {"backup_id", f.backup_id},
                     {"changes", f.changes}});
  }
  nlohmann::json out = {{"backup_dir", result.backup_dir.string()},
                        {"run_id", result.made_backups() ? result.run_id : std::string()},
                        {"applied", result.count(FileOutcome::Applied)},
                        {"files", files}};
  add_unapplied_json(out, result.unapplied);
  return out;
}

}  // namespace fix
