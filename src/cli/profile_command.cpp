#include <CLI/CLI.hpp>
#include <iostream>

#include "adapters/apple/profile_writer.hpp"
#include "audit/audit.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "fix/profile_edits.hpp"
#include "util/file.hpp"

namespace cli {
namespace {

int run_profile(const ProfileArgs& a) {
  auto db = load_database(a.providers_db, a.policies);
  audit::Options options{{a.paths.begin(), a.paths.end()}, {a.homes.begin(), a.homes.end()}, a.all_users};
  core::Report report = audit::run(options, db);
  auto corrections = fix::profile_corrections(report, "applemail");
  if (corrections.accounts.empty()) {
    std::cerr << "mailmend: no Apple Mail account with a correctable finding; no profile written\n";
    return static_cast<int>(core::ExitCode::Ok);
  }
  std::string profile = adapters::apple::write_corrected_mobileconfig(corrections.accounts, corrections.edits);
  if (a.output.empty()) {
    std::cout << profile;
  } else if (auto st = util::write_file_atomic(a.output, profile); !st) {
    throw core::AppError(core::ExitCode::Usage, st.error().message);
  }
  std::cerr << "mailmend: profile for " << corrections.accounts.size() << " account(s) with "
            << corrections.edits.size() << " correction(s); review it, sign it and push it with your MDM\n";
  return static_cast<int>(core::ExitCode::Findings);
}

}  // namespace

void add_profile_command(CLI::App& app, ProfileArgs& a) {
  auto* cmd = app.add_subcommand(
      "profile", "Write a corrected .mobileconfig (com.apple.mail.managed) for the Apple Mail accounts found wrong");
  cmd->add_option("paths", a.paths, "Files or folders, as for audit");
  add_selection_options(*cmd, a);
  cmd->add_option("-o,--output", a.output, "Write the profile to this file instead of standard output");
  cmd->callback([&a] { throw ExitWith{run_profile(a)}; });
}

}  // namespace cli
