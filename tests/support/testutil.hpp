#pragma once
// Helpers shared by every test executable.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
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
// The file's bytes, or "" when it cannot be read (a log a server may not have written yet).
std::string read_if_present(const std::filesystem::path& p);
// Milliseconds left until `deadline` (for poll()), at least 0.
int millis_until(std::chrono::steady_clock::time_point deadline);
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
// `environment` adds variables (name, value) to the child's environment (or replaces them).
inline constexpr std::chrono::seconds kProgramTimeout{300};
using Environment = std::vector<std::pair<std::string, std::string>>;
RunResult run_program(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                      std::chrono::seconds timeout = kProgramTimeout, const Environment& environment = {});
// Sets a variable of this process's environment, which the programs it runs inherit.
void set_environment_variable(const std::string& name, const std::string& value);
// The environment variable that names the current user's home folder: HOME on POSIX,
// USERPROFILE on Windows.
std::string home_variable();
// "PROGRAM ARGS...: still running after N s, killed" (both implementations throw it).
std::string timeout_message(const std::vector<std::string>& argv, std::chrono::seconds timeout);

// A relative path written with "/" ("p/prefs.js") as the tool shows it on this platform: with
// the platform's separator ("p\\prefs.js" on Windows), as std::filesystem::path makes it.
std::string native(std::string_view generic);
// `folder` and a trailing separator: the part of a shown path to strip to get its relative rest.
std::string folder_prefix(const std::filesystem::path& folder);
// The system's text for a file that does not exist, as the tool shows it after "cannot open: ":
// strerror(ENOENT) on POSIX, FormatMessage of ERROR_FILE_NOT_FOUND on Windows (its wording
// depends on the system and its language).
std::string missing_file_error();

// Whether a test can start the build machine's tools (python3 with scripts/validate-json,
// openssl): true on POSIX; false on Windows, which has neither (under Wine a Linux program does
// start, but its exit code is lost, so a check through it could not fail). A check that needs one
// says it is skipped there (host_tool_skipped); tests/windows/e2e_files.sh validates the reports of
// mailmend.exe against the schema on the build machine instead.
bool host_tools_available();
// The message a test shows when it leaves out a check that needs `tool`.
std::string host_tool_skipped(const std::string& tool);

// Whether files carry POSIX permission bits (a test sets a mode and sees it kept); false on
// Windows, where an ACL travels with the file instead.
bool files_have_posix_modes();

// Whether a file's name can be replaced (renamed over) while the tool holds the file open: true on
// POSIX; false on Windows, where OpenRegularFile does not share delete.
bool open_files_can_be_renamed_over();

// Creates a symbolic link at `link` to `target` (a folder link when `target` is a folder) and
// returns true; on Windows returns false when the system makes none (Wine 8 cannot; Windows needs
// the privilege or developer mode), and the test leaves out the part that needs it, with a message.
// Throws when creating it fails on POSIX.
bool make_symlink(const std::filesystem::path& target, const std::filesystem::path& link);
// The message for a part left out because make_symlink returned false.
// (A std::string: doctest 2.4.9 prints a const char* variable given to MESSAGE as its address.)
inline const std::string kNoSymlinks = "symbolic link part skipped: this system makes no symbolic links";

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
