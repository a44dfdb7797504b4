#pragma once
// A test-server harness process (tests/probe/servers/servers.py, tests/discovery/servers/...):
// started with the system Python, ready when it prints one line on stdout, stopped by closing its
// standard input (it then stops everything it started). Its stderr goes to FOLDER/servers.stderr.
// POSIX only (server_harness_posix.cpp).
#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "util/system.hpp"

namespace testutil {

// One server set per test process: made by `make(folder)` on first use in a private temporary
// folder (named from `prefix`) that is removed at exit, after the servers are stopped. `what`
// names the set in the error when the folder cannot be made.
template <class Servers, class Make>
Servers& shared_in_private_folder(const std::string& prefix, const std::string& what, Make make) {
  struct Shared {
    std::filesystem::path folder;
    std::unique_ptr<Servers> servers;
    Shared(const std::string& p, const std::string& w, Make& m) {
      auto made = util::make_private_temp_folder(p);
      if (!made) throw std::runtime_error(w + ": " + made.error().message);
      folder = *made;
      servers = m(folder);
    }
    ~Shared() {
      servers.reset();
      std::error_code ec;
      std::filesystem::remove_all(folder, ec);
    }
  };
  static Shared instance(prefix, what, make);
  return *instance.servers;
}

class ServerHarness {
 public:
  // Runs `python3 SCRIPT ARGS...` (the script relative to the source tree) and waits for its ready
  // line. Throws std::runtime_error ("NAME did not start (...): <its last stderr line>") when it
  // exits or is not ready within `start_timeout`.
  ServerHarness(const std::string& name, const std::string& script, const std::vector<std::string>& args, const std::filesystem::path& folder,
                std::chrono::seconds start_timeout);
  ~ServerHarness();
  ServerHarness(const ServerHarness&) = delete;
  ServerHarness& operator=(const ServerHarness&) = delete;

  const std::string& ready_line() const { return ready_line_; }
  std::chrono::milliseconds startup_time() const { return startup_time_; }
  std::filesystem::path stderr_file() const;
  // Stops the harness now (the destructor does too).
  void stop() noexcept;

 private:
  std::string name_;
  std::filesystem::path folder_;
  int pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string ready_line_;
  std::chrono::milliseconds startup_time_{0};
};

// MAILMEND_PYTHON, else the interpreter CMake found (the system one), else /usr/bin/python3.
std::string harness_python();

}  // namespace testutil
