#pragma once
// The commands behind the CLI: each takes its parsed arguments and returns the exit code.
#include <filesystem>
#include <string>
#include <vector>

#include "providers/database.hpp"

namespace CLI {
class App;
}

namespace cli {

// Thrown from a subcommand callback to end parsing with an exit code.
struct ExitWith {
  int code;
};

// Which sources to read and which provider data to compare with.
struct SelectionArgs {
  std::vector<std::string> paths;
  std::vector<std::string> homes;
  bool all_users = false;
  std::string providers_db;
  std::vector<std::string> policies;
};

struct OutputArgs {
  std::string format = "text";
  std::string output;  // file to write instead of stdout
  bool no_colour = false;
};

struct AuditArgs : SelectionArgs, OutputArgs {
  std::string fail_on = "warning";
};

struct ProvidersArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::string address;
  std::string format = "text";
  std::string providers_db;
  std::vector<std::string> policies;
};

struct SummaryArgs {
  std::vector<std::string> inputs;
  std::string format = "text";
};

struct FixArgs : SelectionArgs, OutputArgs {
  bool apply = false;
  std::vector<std::string> only;
  std::vector<std::string> skip;
  std::string backup_dir;
  std::string reg_out;  // where the fix/undo .reg pair of a .reg export goes
  bool allow_accounts_db = false;
  std::string backup_id;
  bool force = false;
};

// The embedded database (or --providers FILE) with --policy files layered on top.
providers::Database load_database(const std::string& providers_db, const std::vector<std::string>& policies);

void add_selection_options(CLI::App& cmd, SelectionArgs& a);
void add_output_options(CLI::App& cmd, OutputArgs& a);
void add_fix_commands(CLI::App& app, FixArgs& a);

int run_audit(const AuditArgs& a);
int run_providers_import(const ProvidersArgs& a);
int run_providers_lookup(const ProvidersArgs& a);
int run_rules_list();
int run_summary(const SummaryArgs& a);

// Writes `text` to a.output (atomically) or stdout.
void emit(const OutputArgs& a, const std::string& text);

}  // namespace cli

namespace cli {

struct ProfileArgs : SelectionArgs {
  std::string output;
};
void add_profile_command(CLI::App& app, ProfileArgs& a);

}  // namespace cli
