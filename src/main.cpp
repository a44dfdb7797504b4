#include <sqlite3.h>

#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "util/system.hpp"

int main(int argc, char** argv) {
  // SQLite's page caches start empty instead of with 20 pages set up in advance (a --providers
  // file, the SQLite report, Accounts4.sqlite): a run touches ~20 fewer fresh heap pages (README
  // "Performance"). Must come before SQLite's first use (on Linux, where SQLite is loaded when first
  // used, startup/sqlite_on_demand_posix.cpp makes it right after loading).
  sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
  util::prepare_standard_streams();
  std::vector<std::string> args = util::command_line_arguments(argc, argv);
  std::vector<char*> pointers;
  for (auto& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  return cli::run(static_cast<int>(args.size()), pointers.data());
}
