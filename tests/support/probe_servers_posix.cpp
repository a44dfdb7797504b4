// ProbeServers on POSIX: the Python harness through ServerHarness, its ready line's JSON parsed.
#include "support/probe_servers.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "support/testutil.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

namespace testutil {

ProbeServers::ProbeServers(const fs::path& folder, std::chrono::seconds start_timeout)
    : folder_(fs::absolute(folder)),
      harness_(std::make_unique<ServerHarness>("probe servers", "tests/probe/servers/servers.py",
                                               std::vector<std::string>{"--dir", fs::absolute(folder).string()}, folder,
                                               start_timeout)) {
  try {
    parse_ready_line();
  } catch (...) {
    harness_.reset();
    throw;
  }
}

ProbeServers::~ProbeServers() = default;

std::chrono::milliseconds ProbeServers::startup_time() const { return harness_->startup_time(); }
const std::string& ProbeServers::ready_line() const { return harness_->ready_line(); }

void ProbeServers::parse_ready_line() {
  const auto j = nlohmann::json::parse(harness_->ready_line());
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

ProbeServers& ProbeServers::shared() {
  return shared_in_private_folder<ProbeServers>("mailmend-probe-servers-", "probe servers",
                                                [](const fs::path& folder) { return std::make_unique<ProbeServers>(folder); });
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
  return text + "== " + harness_->stderr_file().string() + "\n" + read_if_present(harness_->stderr_file());
}

}  // namespace testutil
