#pragma once
// The discovery tests' real servers: tests/discovery/servers/discovery_servers.py (dnsmasq with
// the .test zone, an HTTPS server with the test CA and a plain HTTP server) on loopback, started
// once per test executable. What each test domain answers: tests/discovery/servers/README.md.
// POSIX only (discovery_servers_posix.cpp): its tests are in *_posix.cpp files.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/server_harness.hpp"

namespace testutil {

class DiscoveryServers {
 public:
  static DiscoveryServers& shared();

  // --dns-server, --ca-file and one --connect-to per test host name (ports 443 and 80), for the
  // mailmend command line.
  std::vector<std::string> options() const;
  std::string dns_server() const { return dns_server_; }
  std::filesystem::path ca_file() const { return ca_file_; }
  const std::vector<std::string>& connect_to() const { return connect_to_; }
  // Every HTTP request so far, one "METHOD SCHEME HOST PATH" line each, in order.
  std::string requests() const;
  std::filesystem::path folder() const { return folder_; }

 private:
  explicit DiscoveryServers(const std::filesystem::path& folder);
  std::filesystem::path folder_;
  std::unique_ptr<ServerHarness> harness_;
  std::string dns_server_;
  std::filesystem::path ca_file_;
  std::filesystem::path requests_log_;
  std::vector<std::string> connect_to_;
};

}  // namespace testutil
