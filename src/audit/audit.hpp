#pragma once
// The pipeline: discover -> read -> match provider -> rules -> report.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/adapter.hpp"
#include "core/error.hpp"
#include "core/report.hpp"
#include "providers/database.hpp"

namespace audit {

struct Options {
  std::vector<std::filesystem::path> paths;  // explicit files or folders
  std::vector<std::filesystem::path> homes;  // --home DIR
  bool all_users = false;                    // --all-users
  std::vector<std::filesystem::path> homes_parents;  // --homes DIR: each subfolder is a home
  // With no paths, homes, homes_parents or all_users: the current user's home.
  // --hosts-file: the hosts file hosts-file-override reads; empty: this machine's (also for copied
  // homes, whose own file is given with --hosts-file).
  std::filesystem::path hosts_file{};
  // Homes read at once (--jobs); 0: one per core. The report is the same whatever the number.
  unsigned jobs = 0;
};

// The hosts file an audit checks the accounts' servers against.
struct HostsFileChoice {
  std::filesystem::path path;  // empty: no check
  bool chosen = false;         // named with --hosts-file: a file that cannot be read is an error
};

// The threads --jobs asks for; 0 (not given): util::kOnePerCore (the core count, asked of the
// system only where there is work enough for two threads).
unsigned jobs_to_use(unsigned jobs);

std::vector<std::unique_ptr<core::Adapter>> all_adapters();

// Home folders of every user on the machine (/home/*, /Users/*, C:/Users/*); what cannot be
// listed, or is a symbolic link, goes to `problems` as a skipped source.
std::vector<std::filesystem::path> all_user_homes(std::vector<core::Source>& problems);

// The home folders the options name: --home, each subfolder of a --homes folder, and with
// --all-users every user's; what cannot be listed goes to `problems`.
std::vector<std::filesystem::path> home_folders(const Options& options, std::vector<core::Source>& problems);

// Discovers and reads every source the options name, with the given adapters.
core::ReadOutput collect(const Options& options, const std::vector<std::unique_ptr<core::Adapter>>& adapters);

// Online discovery (--online): asked with an account's address when neither --policy nor the
// database knows its email domain; nullopt when nothing was found. What it finds wins over a
// match by server host only, and its accounts are marked "discovered".
using DomainFallback = std::function<std::optional<providers::Provider>(const std::string& address)>;

// Matches providers and runs the rules over what was read (with `hosts`, also against that hosts
// file; with `fallback`, providers online discovery finds), the accounts on up to `jobs` threads
// (the report is the same whatever the number).
core::Report build_report(core::ReadOutput read, const providers::Database& db, const HostsFileChoice& hosts = {},
                          const DomainFallback& fallback = {}, unsigned jobs = 1);

core::Report run(const Options& options, const providers::Database& db, const DomainFallback& fallback = {});

}  // namespace audit

namespace audit {

// --fail-on: the lowest severity that makes the exit code 1; nullopt = never.
// Precedence: 2 when sources were found but none could be read; else 3 when some could not;
// else 1 when a finding is at or above fail_on; else 0.
core::ExitCode exit_code(const core::Report& report, std::optional<core::Severity> fail_on);

}  // namespace audit
