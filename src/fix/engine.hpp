#pragma once
// The fix engine, one header for the CLI: plan (read-only) -> apply (backup, atomic write,
// verify) -> restore. Adapters only render edited bytes, or for a database changed in place
// (core::DatabaseStore) write the planned cells when this engine calls them, after its checks
// and backup; this engine decides every write.
#include "fix/apply.hpp"   // apply_plan, ApplyOptions, ApplyResult, apply_exit_code
#include "fix/backup.hpp"  // list_backups, restore_backup, default_backup_dir
#include "fix/plan.hpp"    // make_plan, Selection, Plan, render_plan_text, plan_json
