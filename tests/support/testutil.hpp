#pragma once
// Helpers shared by every test executable.
#include <chrono>
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
// Runs any program with arguments (no shell), found on PATH when argv[0] has no folder; exit code
// 127 when it cannot be started, 128 + N for a POSIX program killed by signal N. A program still
// running after `timeout` is killed and run_program throws: a hang fails its test case instead of
// stalling the whole executable.
// Platform layer: testutil_posix.cpp (fork, execvp, poll), testutil_win.cpp (CreateProcessW with
// the arguments quoted for CommandLineToArgvW, pipes served by threads).
inline constexpr std::chrono::seconds kProgramTimeout{300};
RunResult run_program(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                      std::chrono::seconds timeout = kProgramTimeout);
// "PROGRAM ARGS...: still running after N s, killed" (both implementations throw it).
std::string timeout_message(const std::vector<std::string>& argv, std::chrono::seconds timeout);

// Whether files carry POSIX permission bits (a test sets a mode and sees it kept); false on
// Windows, where an ACL travels with the file instead.
bool files_have_posix_modes();

// Creates a FIFO at `p` and returns true; false on Windows, whose file systems have none (a test
// skips its FIFO part there). Throws when creating it fails.
bool make_fifo(const std::filesystem::path& p);

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
