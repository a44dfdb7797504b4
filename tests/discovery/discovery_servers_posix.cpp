#include "discovery/discovery_servers.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "support/testutil.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

namespace testutil {

DiscoveryServers::DiscoveryServers(const fs::path& folder)
    : folder_(folder),
      harness_(std::make_unique<ServerHarness>("discovery servers", "tests/discovery/servers/discovery_servers.py",
                                               std::vector<std::string>{"--dir", folder.string()}, folder,
                                               std::chrono::seconds(30))) {
  const auto j = nlohmann::json::parse(harness_->ready_line());
  dns_server_ = j.at("dns").at("host").get<std::string>() + ":" + std::to_string(j.at("dns").at("port").get<int>());
  ca_file_ = j.at("ca_file").get<std::string>();
  requests_log_ = j.at("requests_log").get<std::string>();
  connect_to_ = j.at("connect_to").get<std::vector<std::string>>();
}

DiscoveryServers& DiscoveryServers::shared() {
  // The constructor is private: the factory is made here, where it may call it.
  return shared_in_private_folder<DiscoveryServers>(
      "mailmend-discovery-servers-", "discovery servers",
      [](const fs::path& folder) { return std::unique_ptr<DiscoveryServers>(new DiscoveryServers(folder)); });
}

std::vector<std::string> DiscoveryServers::options() const {
  std::vector<std::string> out{"--dns-server", dns_server_, "--ca-file", ca_file_.string()};
  for (const auto& c : connect_to_) {
    out.push_back("--connect-to");
    out.push_back(c);
  }
  return out;
}

std::string DiscoveryServers::requests() const { return read_bytes(requests_log_); }

}  // namespace testutil
