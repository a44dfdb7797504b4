#include "cli/cli.hpp"

#include <iostream>

namespace cli {

int run(int, char**) {
  std::cout << "mailmend " << MAILMEND_VERSION << "\n";
  return 0;
}

}  // namespace cli
