#pragma once
#include <string>
#include <vector>

namespace cli {

// Runs mailmend with argv; returns the process exit code. Writes to stdout/stderr.
int run(int argc, char** argv);

}  // namespace cli
