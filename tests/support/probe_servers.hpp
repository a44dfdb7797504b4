#pragma once
// The real mail servers the probe tests run against: tests/probe/servers/servers.py (Dovecot,
// aiosmtpd submission, hostile servers) on loopback, on free ports, without root. The object
// starts the harness, waits for its ready line and stops it (and everything it started) when
// destroyed. What listens where, and which SNI name gives which certificate:
// tests/probe/servers/README.md.
//
// POSIX only (probe_servers_posix.cpp): test files that use it are named *_posix.cpp.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "support/server_harness.hpp"

namespace testutil {

struct ServerEndpoint {
  std::string host;  // "127.0.0.2", or "::1" for imap_tls_ipv6
  int port = 0;
};

// A throwaway test credential of this run (the harness makes a new password each start).
struct ServerUser {
  std::string username;
  std::string password;  // empty for "smtp_app_password": any password gets 534 5.7.9
};

class ProbeServers {
 public:
  static constexpr std::chrono::seconds kStartTimeout{30};

  // Starts the harness in `folder` (created if missing; it keeps its certificates, configs and
  // logs there and removes nothing). Throws std::runtime_error with the harness's own one-line
  // error when it exits or is not ready within `start_timeout`.
  explicit ProbeServers(const std::filesystem::path& folder, std::chrono::seconds start_timeout = kStartTimeout);
  // Closes the harness's standard input (its signal to stop), waits for it, kills it if it hangs.
  ~ProbeServers();
  ProbeServers(const ProbeServers&) = delete;
  ProbeServers& operator=(const ProbeServers&) = delete;

  // One instance per test executable, started on first use in its own private temporary folder,
  // stopped and removed at exit: start-up is paid once, not per test case.
  static ProbeServers& shared();

  // "imap_starttls", "imap_tls", "imap_tls_ipv6" (when ipv6()), "pop3_starttls", "pop3_tls",
  // "smtp_starttls", "smtp_tls", "imap_old_tls", "starttls_injection", "silent", "endless_line",
  // "huge_capability", "garbage", "tls_alert", "half_close", "closed", "imap_plain",
  // "imap_login_codes", "socks5" (its log: folder() / "socks.log"). Throws
  // std::out_of_range naming an unknown one.
  const ServerEndpoint& endpoint(const std::string& name) const;
  bool has_endpoint(const std::string& name) const;
  // curl's HOST:PORT:ADDRESS for mailmend's --resolve: `host` (e.g. "expired.test", which picks
  // the certificate by SNI) at the endpoint's port and address.
  std::string resolve(const std::string& host, const std::string& endpoint_name) const;

  std::filesystem::path ca_file() const;             // the test CA (pass as --ca-file)
  std::filesystem::path inspection_ca_file() const;  // "Avast Web/Mail Shield Root"
  std::filesystem::path ca_bundle() const;           // both, one PEM file
  // "good" (IMAP, POP3, SMTP), "locked" (Dovecot: nologin with a reason), "smtp_app_password".
  ServerUser user(const std::string& role) const;
  std::string locked_reason() const;  // the text Dovecot sends the locked user
  bool ipv6() const { return ipv6_; }

  // From starting the process to its ready line, measured here.
  std::chrono::milliseconds startup_time() const;
  const std::string& ready_line() const;
  const std::filesystem::path& folder() const { return folder_; }
  // Dovecot's and the SMTP servers' logs, for the message of a failing check.
  std::string logs() const;

 private:
  void parse_ready_line();

  std::filesystem::path folder_;
  std::unique_ptr<ServerHarness> harness_;
  std::map<std::string, ServerEndpoint> endpoints_;
  std::map<std::string, ServerUser> users_;
  std::map<std::string, std::filesystem::path> files_;  // ca_file, inspection_ca_file, ca_bundle, logs
  std::string locked_reason_;
  bool ipv6_ = false;
};

}  // namespace testutil
