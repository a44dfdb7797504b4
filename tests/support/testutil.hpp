#pragma once
// Helpers shared by every test executable.
#include <filesystem>
#include <string>
#include <vector>

namespace testutil {

// The project's source tree (fixtures/, schemas/, data/).
std::filesystem::path source_dir();
// ../shared beside the checkout, or empty when absent (a user's clone has none).
std::filesystem::path shared_dir();
// The fresh scratch folder of the running test case (also the current directory).
std::filesystem::path scratch();
// The built mailmend binary.
std::filesystem::path mailmend_binary();

std::string read_bytes(const std::filesystem::path& p);
void write_bytes(const std::filesystem::path& p, const std::string& bytes);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the mailmend binary with arguments (no shell), capturing stdout and stderr.
RunResult run_mailmend(const std::vector<std::string>& args, const std::string& stdin_data = {});
// Runs any program with arguments (no shell).
RunResult run_program(const std::vector<std::string>& argv, const std::string& stdin_data = {});

// Parses `xml` with tinyxml2 (the independent second parser); empty string when it parses.
std::string tinyxml2_error(const std::string& xml);

}  // namespace testutil

// Skips the current test case (with a message) when ../shared is absent.
#define REQUIRE_SHARED()                                                   \
  do {                                                                     \
    if (testutil::shared_dir().empty()) {                                  \
      MESSAGE("skipped: ../shared is not beside this checkout");           \
      return;                                                              \
    }                                                                      \
  } while (0)
