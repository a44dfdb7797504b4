// ServerHarness on POSIX: fork + execvp of the Python harness, its ready line read through a pipe
// with poll (bounded), its standard input held open as the "keep running" signal.
#include "support/server_harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/testutil.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace testutil {

namespace {

constexpr std::chrono::seconds kStopTimeout{15};
constexpr const char* kStderrFile = "servers.stderr";

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  const auto cut = trimmed.rfind('\n');
  return cut == std::string::npos ? trimmed : trimmed.substr(cut + 1);
}

// Reads from `fd` up to the first '\n' (excluded). nullopt on end of stream or at the deadline.
std::optional<std::string> read_line(int fd, Clock::time_point deadline) {
  std::string line;
  char c = 0;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, millis_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    const ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    if (c == '\n') return line;
    line.push_back(c);
  }
}

}  // namespace

std::string harness_python() {
  if (const char* chosen = std::getenv("MAILMEND_PYTHON"); chosen && *chosen) return chosen;
#ifdef MAILMEND_PYTHON3
  return MAILMEND_PYTHON3;
#else
  return "/usr/bin/python3";
#endif
}

ServerHarness::ServerHarness(const std::string& name, const std::string& script_in_source, const std::vector<std::string>& args,
                             const fs::path& folder, std::chrono::seconds start_timeout)
    : name_(name), folder_(fs::absolute(folder)) {
  fs::create_directories(folder_);
  const std::string script = (source_dir() / script_in_source).string();
  std::vector<std::string> argv{harness_python(), script};
  argv.insert(argv.end(), args.begin(), args.end());
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error(name_ + ": pipe failed");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    throw std::runtime_error(name_ + ": pipe failed");
  }
  const int err_fd = open(stderr_file().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const auto started = Clock::now();
  pid_ = err_fd < 0 ? -1 : fork();
  if (pid_ == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_fd, 2);
    std::vector<char*> cargs;
    for (const auto& a : argv) cargs.push_back(const_cast<char*>(a.c_str()));
    cargs.push_back(nullptr);
    execvp(cargs[0], cargs.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (err_fd >= 0) close(err_fd);
  stdin_fd_ = in_pipe[1];
  stdout_fd_ = out_pipe[0];
  if (pid_ < 0) {
    stop();
    throw std::runtime_error(name_ + ": cannot start " + argv[0]);
  }
  const auto line = read_line(stdout_fd_, started + start_timeout);
  if (!line) {
    const bool timed_out = Clock::now() >= started + start_timeout;
    stop();
    const std::string error = last_line(read_if_present(stderr_file()));
    throw std::runtime_error(name_ + " did not start" +
                             std::string(timed_out ? " within " + std::to_string(start_timeout.count()) + " s" : "") +
                             " (" + argv[0] + " " + script + "): " + (error.empty() ? "no error text" : error));
  }
  startup_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  ready_line_ = *line;
}

ServerHarness::~ServerHarness() { stop(); }

fs::path ServerHarness::stderr_file() const { return folder_ / kStderrFile; }

void ServerHarness::stop() noexcept {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
  if (pid_ > 0) {
    const auto deadline = Clock::now() + kStopTimeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() >= deadline) {
        kill(pid_, SIGKILL);  // what it started follows (PR_SET_PDEATHSIG)
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

}  // namespace testutil
