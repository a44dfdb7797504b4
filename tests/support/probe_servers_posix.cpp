// ProbeServers on POSIX: fork + execvp of the Python harness, its ready line read through a pipe
// with poll (bounded), its standard input held open as the "keep running" signal.
#include "support/probe_servers.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/testutil.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace testutil {

namespace {

constexpr std::chrono::seconds kStopTimeout{15};
constexpr const char* kStderrFile = "servers.stderr";

// MAILMEND_PYTHON, else the interpreter CMake found (the system one, which sees Debian's
// python3-aiosmtpd), else /usr/bin/python3.
std::string python() {
  if (const char* chosen = std::getenv("MAILMEND_PYTHON"); chosen && *chosen) return chosen;
#ifdef MAILMEND_PYTHON3
  return MAILMEND_PYTHON3;
#else
  return "/usr/bin/python3";
#endif
}

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  const auto cut = trimmed.rfind('\n');
  return cut == std::string::npos ? trimmed : trimmed.substr(cut + 1);
}

std::string read_if_present(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int millis_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
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

ProbeServers::ProbeServers(const fs::path& folder, std::chrono::seconds start_timeout) : folder_(fs::absolute(folder)) {
  fs::create_directories(folder_);
  try {
    start(start_timeout);
    parse_ready_line();
  } catch (...) {
    stop();
    throw;
  }
}

ProbeServers::~ProbeServers() { stop(); }

void ProbeServers::start(std::chrono::seconds start_timeout) {
  const std::string script = (source_dir() / "tests/probe/servers/servers.py").string();
  const std::vector<std::string> argv{python(), script, "--dir", folder_.string()};
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("probe servers: pipe failed");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    throw std::runtime_error("probe servers: pipe failed");
  }
  const int err_fd = open((folder_ / kStderrFile).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const auto started = Clock::now();
  pid_ = err_fd < 0 ? -1 : fork();
  if (pid_ == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (err_fd >= 0) close(err_fd);
  stdin_fd_ = in_pipe[1];
  stdout_fd_ = out_pipe[0];
  if (pid_ < 0) throw std::runtime_error("probe servers: cannot start " + argv[0]);

  const auto line = read_line(stdout_fd_, started + start_timeout);
  if (!line) {
    const bool timed_out = Clock::now() >= started + start_timeout;
    stop();
    const std::string error = last_line(read_if_present(folder_ / kStderrFile));
    throw std::runtime_error("probe servers did not start" +
                             std::string(timed_out ? " within " + std::to_string(start_timeout.count()) + " s" : "") +
                             " (" + python() + " " + script + "): " + (error.empty() ? "no error text" : error));
  }
  startup_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  ready_line_ = *line;
}

void ProbeServers::parse_ready_line() {
  const auto j = nlohmann::json::parse(ready_line_);
  for (const auto& [name, e] : j.at("endpoints").items()) {
    endpoints_[name] = ServerEndpoint{e.at("host").get<std::string>(), e.at("port").get<int>()};
  }
  for (const auto& [role, u] : j.at("users").items()) {
    users_[role] = ServerUser{u.at("username").get<std::string>(), u.value("password", std::string{})};
  }
  locked_reason_ = j.at("users").at("locked").at("reason").get<std::string>();
  for (const char* key : {"ca_file", "inspection_ca_file", "ca_bundle"}) {
    files_[key] = j.at(key).get<std::string>();
  }
  for (const auto& [name, path] : j.at("logs").items()) files_["log:" + name] = path.get<std::string>();
  ipv6_ = j.at("ipv6").get<bool>();
}

void ProbeServers::stop() noexcept {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
  if (pid_ > 0) {
    const auto deadline = Clock::now() + kStopTimeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() >= deadline) {
        kill(pid_, SIGKILL);  // its Dovecot follows (PR_SET_PDEATHSIG)
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

ProbeServers& ProbeServers::shared() {
  struct Shared {
    fs::path folder;
    std::optional<ProbeServers> servers;
    Shared() {
      auto made = util::make_private_temp_folder("mailmend-probe-servers-");
      if (!made) throw std::runtime_error("probe servers: " + made.error().message);
      folder = *made;
      servers.emplace(folder);
    }
    ~Shared() {
      servers.reset();
      std::error_code ec;
      fs::remove_all(folder, ec);
    }
  };
  static Shared instance;
  return *instance.servers;
}

const ServerEndpoint& ProbeServers::endpoint(const std::string& name) const {
  const auto it = endpoints_.find(name);
  if (it == endpoints_.end()) throw std::out_of_range("probe servers: no endpoint named " + name);
  return it->second;
}

bool ProbeServers::has_endpoint(const std::string& name) const { return endpoints_.count(name) > 0; }

std::string ProbeServers::resolve(const std::string& host, const std::string& endpoint_name) const {
  const auto& e = endpoint(endpoint_name);
  const std::string address = e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host;
  return host + ":" + std::to_string(e.port) + ":" + address;
}

fs::path ProbeServers::ca_file() const { return files_.at("ca_file"); }
fs::path ProbeServers::inspection_ca_file() const { return files_.at("inspection_ca_file"); }
fs::path ProbeServers::ca_bundle() const { return files_.at("ca_bundle"); }

ServerUser ProbeServers::user(const std::string& role) const {
  const auto it = users_.find(role);
  if (it == users_.end()) throw std::out_of_range("probe servers: no user role " + role);
  return it->second;
}

std::string ProbeServers::locked_reason() const { return locked_reason_; }

std::string ProbeServers::logs() const {
  std::string text;
  for (const auto& [key, path] : files_) {
    if (key.rfind("log:", 0) == 0) text += "== " + path.string() + "\n" + read_if_present(path);
  }
  return text + "== " + (folder_ / kStderrFile).string() + "\n" + read_if_present(folder_ / kStderrFile);
}

}  // namespace testutil
