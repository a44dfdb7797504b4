#include "fix/apply.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

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


// A file checked and backed up, ready to be written.
struct Staged {
  Target target;
  Contents contents;
  core::ReadOutput before;
  std::string backup_id;
  util::AtomicWrite how;
};

// The steps of applying one file. A file alone runs them in a row (run()); a group runs each step
// over all its files before the next (apply_group).
class FileApplier {
 public:
  FileApplier(const PlanFile& file, const ApplyOptions& options, const fs::path& backup_dir,
              const std::vector<fs::path>& homes, const std::string& run_id)
      : file_(file), options_(options), backup_dir_(backup_dir), homes_(homes), run_id_(run_id) {}

  const PlanFile& file() const { return file_; }

  FileResult run() {
    if (file_.is_refused()) return refuse(file_.refusal());
    if (file_.in_place()) return apply_database_file(file_, options_, backup_dir_, homes_, run_id_);
    auto staged = check();
    if (!staged) return refuse(i18n::text_of(staged.error()));
    if (auto s = back_up(*staged, {}); !s) return refuse(i18n::text_of(s.error()));
    if (auto s = write(*staged); !s) return write_failed(*staged, s.error());
    const std::vector<i18n::Text> problems = verification_problems(*staged);
    if (problems.empty()) return applied(*staged);
    return roll_back(*staged, detail::verification_failed(problems));
  }

  // Lock, safe open, unchanged since planning, sources readable: nothing is written.
  util::Result<Staged> check() const {
    if (file_.is_refused()) return util::make_error(file_.refused);
    if (file_.in_place()) {
      return i18n::error(i18n::msg("{1}: a database cannot be applied with other files", {file_.file.string()}));
    }
    if (const core::LockState lock = file_.adapter->lock_state(file_.file); lock.locked) {
      return i18n::error(i18n::msg("{1}: {2}; close the client and run again", {file_.file.string(), lock.message}));
    }
    auto target = open_target(file_.file, homes_);
    if (!target) return target.error();
    auto contents = read_target(*target);
    if (!contents) return contents.error();
    if (util::sha256_hex(contents->bytes) != file_.sha256_before) {
      return i18n::error(detail::changed_since_planning(file_.file));
    }
    auto before = reread_sources(file_, options_.reread);
    if (!before) return i18n::error(i18n::msg("{1}: {2}", {file_.file.string(), i18n::text_of(before.error())}));
    util::AtomicWrite how{contents->st.owner, contents->st.group, contents->st.mode, crash_hook};
    return Staged{std::move(target.value()), std::move(contents.value()), std::move(before.value()), {}, how};
  }

  util::Status back_up(Staged& staged, const std::vector<std::string>& together_with) const {
    BackupInfo info = backup_info(staged.target, staged.contents.st);
    info.together_with = together_with;
    auto backup = create_backup(backup_dir_, info, staged.contents.bytes);
    if (!backup) return i18n::error(i18n::msg("{1}; nothing was changed", {i18n::text_of(backup.error())}));
    staged.backup_id = *backup;
    crash_hook("after-backup");
    return {};
  }

  util::Status write(const Staged& staged) const {
    if (options_.before_write) {
      if (auto s = options_.before_write(file_.file); !s) return s;
    }
    return util::replace_file_at(staged.target.folder.get(), staged.target.name, file_.new_bytes, staged.how,
                                 staged.target.path);
  }

  // A file without sources to re-read (saved logins) must hold exactly the planned bytes.
  std::vector<i18n::Text> verification_problems(const Staged& staged) const {
    if (file_.sources.empty()) {
      if (current_sha(staged.target) == file_.sha256_after) return {};
      return {i18n::msg("{1} does not hold the planned bytes", {file_.file.string()})};
    }
    const auto after = reread_sources(file_, options_.reread);
    return after ? verify_rewrite(staged.before, *after, file_.items) : std::vector<i18n::Text>{i18n::text_of(after.error())};
  }

  FileResult applied(const Staged& staged) const {
    return detail::file_result(file_, FileOutcome::Applied,
                               i18n::msg("{1}: {2} change(s) applied", {file_.file.string(), std::to_string(file_.items.size())}),
                               staged.backup_id);
  }

  FileResult refuse(const i18n::Text& message) const {
    return detail::file_result(file_, FileOutcome::Refused, message);
  }

  FileResult write_failed(const Staged& staged, const util::Error& error) const {
    return detail::file_result(file_, FileOutcome::Failed,
                               i18n::msg("{1}; {2}", {i18n::text_of(error), state_of(staged.target, staged.backup_id)}),
                               staged.backup_id);
  }

  // Puts the original bytes back after `why` (a failed verification, or a failure of a file of
  // the same group) unless the file changed meanwhile.
  FileResult roll_back(const Staged& staged, const i18n::Text& why) const {
    util::AtomicWrite how = staged.how;
    how.on_step = {};
    const std::string file = file_.file.string();
    if (current_sha(staged.target) != file_.sha256_after) {
      return detail::file_result(file_, FileOutcome::Failed,
                                 i18n::msg("{1}: {2} and the file changed meanwhile, so it was left as it is; {3}",
                                           {file, why, state_of(staged.target, staged.backup_id)}),
                                 staged.backup_id);
    }
    if (auto s = util::replace_file_at(staged.target.folder.get(), staged.target.name, staged.contents.bytes, how,
                                       staged.target.path);
        !s) {
      return detail::file_result(file_, FileOutcome::Failed,
                                 i18n::msg("{1}: {2} and restoring failed: {3}; run mailmend restore {4}",
                                           {file, why, i18n::text_of(s.error()), staged.backup_id}),
                                 staged.backup_id);
    }
    return detail::file_result(file_, FileOutcome::RolledBack,
                               i18n::msg("{1}: {2}; the original was restored", {file, why}), staged.backup_id);
  }

 private:
  // The file's sha256 now, or "" when it cannot be read.
  static std::string current_sha(const Target& target) {
    auto now = read_target(target);
    return now ? util::sha256_hex(now->bytes) : std::string();
  }

  // What a failed step left behind, in words an admin can act on.
  i18n::Text state_of(const Target& target, const std::string& backup_id) const {
    const std::string sha = current_sha(target);
    if (sha == file_.sha256_before) return i18n::msg("the file was not changed");
    if (sha == file_.sha256_after) return i18n::msg("the file holds the fixed bytes; mailmend restore {1} undoes it", {backup_id});
    return i18n::msg("the file's state is unknown; mailmend restore {1} --force puts the original back", {backup_id});
  }

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

  const PlanFile& file_;
  const ApplyOptions& options_;
  const fs::path& backup_dir_;
  const std::vector<fs::path>& homes_;
  const std::string& run_id_;
};

std::string name_of(const FileApplier& a) { return a.file().file.string(); }

// The other files of a group, by path (what a backup records as written together with it).
std::vector<std::string> others(const std::vector<FileApplier>& group, std::size_t self) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (i != self) out.push_back(name_of(group[i]));
  }
  return out;
}

// Every file refused for one file's reason: nothing of the group is written.
std::vector<FileResult> refuse_group(const std::vector<FileApplier>& group, std::size_t culprit, const util::Error& error) {
  const i18n::Text why = i18n::text_of(error);
  std::vector<FileResult> out;
  for (std::size_t i = 0; i < group.size(); ++i) {
    out.push_back(group[i].refuse(
        i == culprit ? why
                     : i18n::msg("{1}: not changed: it goes together with {2}, which was refused ({3})",
                                 {name_of(group[i]), name_of(group[culprit]), why})));
  }
  return out;
}

// Puts back the first `written` files of the group after `why`; `failed` (when set) is the file
// whose write failed.
std::vector<FileResult> undo_group(const std::vector<FileApplier>& group, const std::vector<Staged>& staged,
                                   std::size_t written, const i18n::Text& why, std::optional<FileResult> failed) {
  std::vector<FileResult> out;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (i < written) {
      out.push_back(group[i].roll_back(staged[i], why));
    } else if (i == written && failed) {
      out.push_back(*failed);
    } else {
      out.push_back(group[i].refuse(i18n::msg("{1}: not changed: {2}", {name_of(group[i]), why})));
    }
  }
  return out;
}

// Applies the files of one group, all or none.
std::vector<FileResult> apply_group(const std::vector<FileApplier>& group) {
  std::vector<Staged> staged;
  for (std::size_t i = 0; i < group.size(); ++i) {
    auto checked = group[i].check();
    if (!checked) return refuse_group(group, i, checked.error());
    staged.push_back(std::move(checked.value()));
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (auto s = group[i].back_up(staged[i], others(group, i)); !s) return refuse_group(group, i, s.error());
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (auto s = group[i].write(staged[i]); !s) {
      return undo_group(group, staged, i, i18n::msg("rolled back because {1} could not be written", {name_of(group[i])}),
                        group[i].write_failed(staged[i], s.error()));
    }
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    const std::vector<i18n::Text> problems = group[i].verification_problems(staged[i]);
    if (!problems.empty()) {
      return undo_group(group, staged, group.size(),
                        i18n::msg("verification of {1} failed ({2})", {name_of(group[i]), detail::first_problem(problems)}),
                        std::nullopt);
    }
  }
  std::vector<FileResult> out;
  for (std::size_t i = 0; i < group.size(); ++i) out.push_back(group[i].applied(staged[i]));
  return out;
}

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

FileResult file_result(const PlanFile& file, FileOutcome outcome, const i18n::Text& message, std::string backup_id) {
  return FileResult{file.file, outcome, message.english, message.localized, std::move(backup_id), file.items.size()};
}

util::Result<core::ReadOutput> reread_sources(const PlanFile& file, const Reread& reread) {
  core::ReadOutput out;
  try {
    for (const auto& source : file.sources) out.append(reread ? reread(source) : file.adapter->read(source));
  } catch (const std::exception& e) {
    return i18n::error(i18n::msg("re-reading failed: {1}", {std::string(e.what())}));
  }
  return out;
}

i18n::Text first_problem(const std::vector<i18n::Text>& problems) {
  if (problems.empty()) return {};
  if (problems.size() == 1) return problems.front();
  return i18n::msg("{1} (and {2} more)", {problems.front(), std::to_string(problems.size() - 1)});
}

i18n::Text verification_failed(const std::vector<i18n::Text>& problems) {
  return i18n::msg("verification failed ({1})", {first_problem(problems)});
}

i18n::Text changed_since_planning(const fs::path& file) {
  return i18n::msg("{1}: changed since planning; plan again", {file.string()});
}

}  // namespace detail

namespace {

// A file's result line: "applied: …" in the run's language (the English begins with the
// outcome's name), then the backup it made.
std::string result_line(const FileResult& f) {
  i18n::Text message(util::printable(f.message, 4000));
  message.localized = util::printable(f.shown(), 4000);
  i18n::Text line;
  switch (f.outcome) {
    case FileOutcome::Applied: line = i18n::msg("applied: {1}", {message}); break;
    case FileOutcome::Refused: line = i18n::msg("refused: {1}", {message}); break;
    case FileOutcome::RolledBack: line = i18n::msg("rolled-back: {1}", {message}); break;
    case FileOutcome::Failed: line = i18n::msg("failed: {1}", {message}); break;
  }
  if (!f.backup_id.empty()) line = i18n::msg("{1} [backup {2}]", {line, f.backup_id});
  return line.localized;
}

}  // namespace

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
  std::set<std::string> groups_done;
  for (const auto& file : plan.files) {
    if (file.group.empty()) {
      out.files.push_back(FileApplier(file, options, out.backup_dir, homes, out.run_id).run());
      continue;
    }
    if (!groups_done.insert(file.group).second) continue;
    std::vector<FileApplier> group;
    for (const auto& member : plan.files) {
      if (member.group == file.group) group.emplace_back(member, options, out.backup_dir, homes, out.run_id);
    }
    for (auto& result : apply_group(group)) out.files.push_back(std::move(result));
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
  for (const auto& f : result.files) out += result_line(f) + "\n";
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
