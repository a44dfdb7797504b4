#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "audit/audit.hpp"
#include "cli/commands.hpp"
#include "cli/online.hpp"
#include "cli/reg_fix.hpp"
#include "fix/engine.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

std::filesystem::path backup_dir(const FixArgs& a) {
  return a.backup_dir.empty() ? fix::default_backup_dir() : std::filesystem::path(a.backup_dir);
}

std::vector<std::filesystem::path> homes_for(const audit::Options& options) {
  std::vector<core::Source> ignored;  // the audit reports them
  return audit::home_folders(options, ignored);
}

// The plan's own text, unless it would only say "Nothing to fix." above a .reg fix pair.
std::string plan_text(const fix::Plan& plan, const std::vector<RegFix>& reg_fixes) {
  const bool only_reg_fixes = plan.files.empty() && plan.unapplied.skipped.empty() &&
                              plan.unapplied.read_only.empty() && !reg_fixes.empty();
  return only_reg_fixes ? std::string(i18n::tr("Fix plan: .reg exports only")) + "\n" + fix::render_unapplied_text(plan.unapplied)
                        : fix::render_plan_text(plan);
}

// A --policy file with problems judges its accounts but never fixes them: those changes are
// refused, so the run ends with 3 (as `audit` does for such a policy).
bool policy_holds_fixes(const providers::Database& db) {
  const auto& files = db.policy_files();
  return std::any_of(files.begin(), files.end(), [](const auto& f) { return !f.usable_to_fix(); });
}

// What the sources allow whatever the plan holds: 2 when nothing could be read (as `audit`), 3
// when a policy file holds its fixes back.
struct RunLimits {
  bool policy_held = false;
  bool nothing_readable = false;
};

int fix_exit(core::ExitCode code, RunLimits limits) {
  if (limits.nothing_readable) return static_cast<int>(core::ExitCode::Usage);
  if (limits.policy_held && code != core::ExitCode::Usage) code = core::ExitCode::Partial;
  return static_cast<int>(code);
}


int run_fix(const FixArgs& a) {
  const auto targets = output_targets(a, {"text", "json"});  // usage errors before anything is written
  const auto session = online_session(a.online);
  auto db = load_database(a.providers_db, a.policies);
  audit::Options options = audit_options(a);
  auto adapters = audit::all_adapters();
  const auto discovered = discovery_fallback(session.get(), db);  // once per domain: verification re-uses the answers
  core::Report report = audit::build_report(audit::collect(options, adapters), db, {}, discovered,
                                            audit::jobs_to_use(options.jobs));
  const RunLimits limits{policy_holds_fixes(db), audit::exit_code(report, std::nullopt) == core::ExitCode::Usage};
  for (const auto& s : discovery_sources(session.get())) {
    std::cerr << "mailmend: discovery: " << util::printable(s.shown_message(), 4000) << "\n";
  }
  std::vector<const core::Adapter*> adapter_ptrs;
  for (const auto& ad : adapters) adapter_ptrs.push_back(ad.get());
  const auto homes = homes_for(options);
  fix::Plan plan = fix::make_plan(report, adapter_ptrs, fix::Selection{a.only, a.skip}, homes,
                                  fix::PlanOptions{a.allow_accounts_db});
  auto reg_fixes = take_reg_fixes(plan, a.reg_out);
  if (!a.apply) {
    auto json = fix::plan_json(plan);
    json["reg_fixes"] = reg_fixes_json(reg_fixes);
    write_outputs(targets, [&](const std::string& format, bool) {
      return format == "json" ? json_text(json) : plan_text(plan, reg_fixes) + render_reg_fixes_text(reg_fixes, false);
    });
    auto code = fix::plan_exit_code(plan);
    if (any_failed(reg_fixes)) return static_cast<int>(core::ExitCode::Partial);
    if (code == core::ExitCode::Ok && !reg_fixes.empty()) code = core::ExitCode::Findings;
    return fix_exit(code, limits);
  }
  write_reg_fixes(reg_fixes);
  fix::ApplyOptions apply_options;
  apply_options.backup_dir = backup_dir(a);
  apply_options.homes = homes;
  // Verification re-runs the audit (adapter and rules) on each written file, so the fixed
  // findings must be gone, not only the values changed.
  apply_options.reread = [&](const std::filesystem::path& source) {
    audit::Options one;
    one.paths = {source};
    core::Report again = audit::build_report(audit::collect(one, adapters), db, {}, discovered);
    core::ReadOutput out;
    out.sources = std::move(again.sources);
    for (auto& ar : again.accounts) out.accounts.push_back(std::move(ar.account));
    out.findings = std::move(again.findings);
    return out;
  };
  fix::ApplyResult result = fix::apply_plan(plan, apply_options);
  auto json = fix::apply_json(result);
  json["reg_fixes"] = reg_fixes_json(reg_fixes);
  const bool only_reg_fixes = result.files.empty() && !reg_fixes.empty();
  write_outputs(targets, [&](const std::string& format, bool) {
    return format == "json" ? json_text(json)
                            : (only_reg_fixes ? std::string() : fix::render_apply_text(result)) + render_reg_fixes_text(reg_fixes, true);
  });
  if (any_failed(reg_fixes)) return static_cast<int>(core::ExitCode::Partial);
  return fix_exit(fix::apply_exit_code(result), limits);
}

int run_backups_list(const FixArgs& a) {
  auto backups = fix::list_backups(backup_dir(a));
  write_outputs(output_targets(a, {"text", "json"}), [&](const std::string& format, bool) {
    return format == "json" ? json_text(fix::backups_json(backups)) : fix::render_backups_text(backups);
  });
  return 0;
}

// "restored: …" in the run's language (the English begins with the status's name).
i18n::Text restore_line(const fix::RestoreResult& result) {
  const i18n::Text message = printable_line(i18n::from_members(result.message, result.message_localized));
  switch (result.status) {
    case fix::RestoreStatus::Restored: return i18n::msg("restored: {1}", {message});
    case fix::RestoreStatus::AlreadyOriginal: return i18n::msg("already-original: {1}", {message});
    case fix::RestoreStatus::Refused: return i18n::msg("refused: {1}", {message});
    case fix::RestoreStatus::Error: break;
  }
  return i18n::msg("error: {1}", {message});
}

void print_restore_result(const fix::RestoreResult& result) {
  const bool ok = result.status == fix::RestoreStatus::Restored || result.status == fix::RestoreStatus::AlreadyOriginal;
  (ok ? std::cout : std::cerr) << "mailmend: " << restore_line(result).localized << "\n";
}

int run_restore(const FixArgs& a) {
  std::vector<std::filesystem::path> homes(a.homes.begin(), a.homes.end());
  auto adapters = audit::all_adapters();
  std::vector<const core::Adapter*> adapter_ptrs;
  for (const auto& ad : adapters) adapter_ptrs.push_back(ad.get());
  // With the adapters, restore refuses while the client runs on the file.
  if (fix::is_run_id(a.backup_id)) {
    auto results = fix::restore_run(backup_dir(a), a.backup_id, a.force, homes, adapter_ptrs);
    if (results.empty()) {
      std::cerr << "mailmend: "
                << i18n::msg("error: no backup of run {1} in {2}",
                             {util::printable(a.backup_id), util::printable(backup_dir(a).string(), 4000)})
                       .localized
                << "\n";
    }
    for (const auto& result : results) print_restore_result(result);
    return static_cast<int>(fix::restore_run_exit_code(results));
  }
  auto result = fix::restore_backup(backup_dir(a), a.backup_id, a.force, homes, adapter_ptrs);
  print_restore_result(result);
  return static_cast<int>(fix::restore_exit_code(result));
}

}  // namespace

void add_fix_commands(CLI::App& app, FixArgs& a) {
  using i18n::tr;
  auto* fix = app.add_subcommand(
      "fix", std::string(i18n::tr("Plan the fixes (dry run with a diff, the default) or --apply them")));
  fix->add_option("paths", a.paths, "Files or folders, as for audit");
  add_selection_options(*fix, a);
  add_output_options(*fix, a);
  fix->add_flag("--apply", a.apply, "Carry out the plan: back up, write atomically, verify (refuses files in use)");
  add_online_options(*fix, a.online, true);
  add_rule_ids_option(*fix, "--only", a.only, "Fix only these rule ids (comma-separated; repeatable)");
  add_rule_ids_option(*fix, "--skip", a.skip, "Do not fix these rule ids (comma-separated; repeatable)");
  fix->add_option("--backup-dir", a.backup_dir, "Where backups go (default /var/backups/mailmend as root)");
  fix->add_flag("--allow-accounts-db", a.allow_accounts_db,
                "Also change the Apple Accounts database in place (Accounts4.sqlite; its folder is backed up first)");
  fix->add_option("--reg-out", a.reg_out, "Where the fix/undo .reg pair for a .reg export goes (default: beside it)");
  set_exit_codes_help(*fix, {{"", tr("dry run (the default):")},
                             {"0", tr("nothing to do")},
                             {"1", tr("changes pending")},
                             {"2", tr("usage error (an unknown rule id in --only/--skip), or nothing readable")},
                             {"3", tr("some file or change refused, or a source damaged or unreadable")},
                             {"", tr("with --apply:")},
                             {"0", tr("every planned file applied and verified")},
                             {"2", tr("usage error, or nothing readable")},
                             {"3", tr("some file or change refused, rolled back or failed, or a source damaged or unreadable")}});
  fix->callback([&a] { set_command_exit(run_fix(a)); });

  auto* backups = app.add_subcommand("backups", std::string(i18n::tr("Backups made by fix --apply")));
  backups->require_subcommand(1);
  auto* list = backups->add_subcommand("list", std::string(i18n::tr("List the backups, oldest first")));
  list->add_option("--backup-dir", a.backup_dir, "The backup folder");
  add_output_options(*list, a);
  set_exit_codes_help(*list, {{"0", tr("listed (also when there is none)")}, {"2", tr("usage error")}});
  list->callback([&a] { set_command_exit(run_backups_list(a)); });

  auto* restore = app.add_subcommand("restore", std::string(i18n::tr("Put a file back from a backup")));
  restore->add_option("id", a.backup_id,
                      "A backup id, or an apply run's id (run-...) to restore every file of that run (see `backups list`)")
      ->required();
  restore->add_option("--backup-dir", a.backup_dir, "The backup folder");
  add_repeatable_option(*restore, "--home", a.homes, "Home folder the file is in (opened without following links)");
  restore->add_flag("--force", a.force,
                    "Restore even if the file changed since mailmend wrote it (its current state is saved as a backup first)");
  set_exit_codes_help(*restore, {{"0", tr("restored, or already the original (a run id: every file of the run)")},
                                 {"2", tr("usage error, no such backup, damaged backup, no backup of that run")},
                                 {"3", tr("refused (changed since, client running, database locked); a run: some file not "
                                          "restored")}});
  restore->callback([&a] { set_command_exit(run_restore(a)); });
}

}  // namespace cli
