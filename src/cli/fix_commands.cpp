#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace cli {

// Wired to the fix engine once it lands.
void add_fix_commands(CLI::App&, FixArgs&) {}

}  // namespace cli
