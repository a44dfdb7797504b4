#pragma once
// Reading a password for an explicit credential test (`probe --login`): from the terminal without
// echo, or one line from standard input when that is not a terminal. Never from the command line,
// the environment or a file; the caller wipes it once used.
#include <optional>
#include <string>

namespace util {

// Shows `prompt` on standard error and reads one line (without its line end). nullopt at the end
// of the input.
std::optional<std::string> read_secret_line(const std::string& prompt);

// Overwrites the bytes of `secret` (in a way the compiler keeps) and empties it.
void wipe_secret(std::string& secret);

}  // namespace util
