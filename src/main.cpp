#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "util/system.hpp"

int main(int argc, char** argv) {
  util::prepare_standard_streams();
  std::vector<std::string> args = util::command_line_arguments(argc, argv);
  std::vector<char*> pointers;
  for (auto& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  return cli::run(static_cast<int>(args.size()), pointers.data());
}
