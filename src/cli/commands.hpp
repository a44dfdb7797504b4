#pragma once
// The commands behind the CLI: each takes its parsed arguments and returns the exit code.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "audit/audit.hpp"
#include "i18n/text.hpp"
#include "providers/database.hpp"

namespace CLI {
class App;
class Option;
}

namespace cli {

// A subcommand's callback leaves its exit code here (CLI11 callbacks return nothing), and
// cli::run returns it once parsing has ended. Not thrown: a run's first exception costs it the
// unwinder's first look at the exception tables, in every run.
void set_command_exit(int code);

// A JSON document as the CLI prints it: indented by two spaces, invalid UTF-8 replaced, one final
// newline.
std::string json_text(const nlohmann::json& j);

// Which sources to read and which provider data to compare with.
struct SelectionArgs {
  std::vector<std::string> paths;
  std::vector<std::string> homes;
  std::vector<std::string> homes_parents;  // --homes DIR: each subfolder is a home
  bool all_users = false;
  unsigned jobs = 0;  // --jobs: homes read at once; 0 = one per core
  std::string providers_db;
  std::vector<std::string> policies;
  std::string hosts_file;  // --hosts-file: instead of this machine's hosts file
};

struct OutputArgs {
  std::string format = "text";
  // -o/--output, repeatable: FILE (in --format), or FORMAT=FILE; "-" is stdout (see output_targets).
  std::vector<std::string> outputs;
  bool no_colour = false;
};

// How to probe servers (probe, audit --probe).
struct ProbeOptionArgs {
  std::vector<std::string> servers;  // --server URL: probe these instead of the accounts' servers
  std::string security;              // --security: overrides what each --server URL implies
  double timeout_seconds = 10;
  int concurrency = 16;
  std::vector<std::string> resolve;  // HOST:PORT:ADDRESS
  std::string ca_file;
  bool ipv4_only = false;
  bool ipv6_only = false;
  bool login = false;
  std::string user;  // the user name for --login with --server
};

// --online and its options (online discovery, src/discovery). Without --online nothing here is
// used and no socket is opened.
struct OnlineArgs {
  bool online = false;
  bool refresh = false;
  std::string cache_dir;
  std::string dns_server;               // ADDR[:PORT]
  std::vector<std::string> connect_to;  // HOST:PORT:CONNECT_HOST:CONNECT_PORT
  std::string ca_file;                  // audit and probe: probe's own --ca-file
  double timeout_seconds = 10;          // audit and probe: probe's own --timeout
};

struct AuditArgs : SelectionArgs, OutputArgs {
  OnlineArgs online;
  std::string fail_on = "warning";
  bool probe = false;  // audit --probe; always on for the probe command
  ProbeOptionArgs probing;
  std::string host_id;  // --host-id: the host name every format records
  bool csv_bom = false;
};

struct ProvidersArgs {
  OnlineArgs online;
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
  std::string output;
  int stale_days = 7;
  unsigned jobs = 0;  // --jobs: files read at once; 0 = one per core
  std::string now;  // --now: RFC 3339, what report ages are measured from (default: the current time)
};

struct FixArgs : SelectionArgs, OutputArgs {
  OnlineArgs online;
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

// An option given once per value: `--home A B` is home A and the path B, never two homes, also
// as `--home=A B`. Every option that may be repeated is declared through this.
CLI::Option* add_repeatable_option(CLI::App& cmd, const std::string& name, std::vector<std::string>& values,
                                   const std::string& description);
// A repeatable option of rule ids, comma-separated inside each value; an unknown id is a usage
// error naming the nearest known one.
CLI::Option* add_rule_ids_option(CLI::App& cmd, const std::string& name, std::vector<std::string>& ids,
                                 const std::string& description);
void add_selection_options(CLI::App& cmd, SelectionArgs& a);
void add_format_option(CLI::App& cmd, std::string& format);
// -o/--output FILE; "-" is standard output.
void add_output_file_option(CLI::App& cmd, std::string& output, const std::string& description);
// --format (one of `formats`), -o/--output FILE|FORMAT=FILE (repeatable) and --no-color.
void add_output_options(CLI::App& cmd, OutputArgs& a, const std::vector<std::string>& formats = {"text", "json"});
// One row of a subcommand's "Exit codes:" footer: the code and what it means, already in the run's
// language (i18n::tr); a row without a code heads the rows after it ("with --apply:").
struct ExitCodeRow {
  std::string_view code;
  std::string_view meaning;
};
// The "Exit codes:" footer of a subcommand's --help, one "N  meaning" line per row.
void set_exit_codes_help(CLI::App& cmd, const std::vector<ExitCodeRow>& rows);

audit::Options audit_options(const SelectionArgs& a);
void add_fix_commands(CLI::App& app, FixArgs& a);

int run_audit(const AuditArgs& a);
// --host-id and --csv-bom: what audit and probe reports record and how CSV starts.
void add_report_identity_options(CLI::App& cmd, AuditArgs& a);
// `mailmend probe` and the probe options of `audit --probe`.
void add_probe_command(CLI::App& app, AuditArgs& a);
void add_probe_options(CLI::App& cmd, ProbeOptionArgs& a);
// Probes the report's endpoints (or the --server URLs), adding probes and their findings.
void probe_into(core::Report& report, const ProbeOptionArgs& a);
// --online, --refresh, --cache-dir, --dns-server, --connect-to; with `own_ca_file_and_timeout`
// also --ca-file and --timeout (audit and probe have the probe's).
void add_online_options(CLI::App& cmd, OnlineArgs& a, bool own_ca_file_and_timeout);
int run_providers_import(const ProvidersArgs& a);
int run_providers_discover(const ProvidersArgs& a);
int run_providers_lookup(const ProvidersArgs& a);
int run_rules_list();
// `mailmend summary` (summary_command.cpp).
void add_summary_command(CLI::App& app, SummaryArgs& a);
int run_summary(const SummaryArgs& a);

// A usage error (exit 2): "mailmend: MESSAGE" on standard error, in the run's language.
[[noreturn]] void usage_error(const i18n::Text& message);
[[noreturn]] void usage_error(const util::Error& error);

// Writes `text` to the file `output` (atomically), or to stdout when it is empty or "-".
void write_output(const std::string& output, const std::string& text);
bool output_is_stdout(const std::string& output);

// Every format any command writes; "FORMAT=" before a file names one of these (outputs.cpp).
const std::vector<std::string>& all_output_formats();
// One destination of a command's output.
struct OutputTarget {
  std::string format;
  std::string file;  // "-": standard output
};
// The targets that --format and -o/--output name: each --output value is FORMAT=FILE when the
// text before its first "=" is a format name (all_output_formats()), else a FILE in --format's
// format; with no --output, --format to standard output. A format the command does not write
// (`formats`), two targets on standard output or one file named twice are usage errors.
std::vector<OutputTarget> output_targets(const OutputArgs& a, const std::vector<std::string>& formats);
// Renders each format once, then writes every target (files atomically). `render` gets the
// format and whether that copy goes to standard output (colour).
using Renderer = std::function<std::string(const std::string& format, bool to_stdout)>;
void write_outputs(const std::vector<OutputTarget>& targets, const Renderer& render);
// `text`, already rendered in --format, to every target (a FORMAT= of another format is refused).
void emit(const OutputArgs& a, const std::string& text);
// Whether ANSI colour may go to standard output (a terminal, no --no-color, no NO_COLOR).
bool colour_allowed(const OutputArgs& a);

}  // namespace cli

namespace cli {

struct ProfileArgs : SelectionArgs {
  std::string output;  // "-": stdout
};
void add_profile_command(CLI::App& app, ProfileArgs& a);

}  // namespace cli
