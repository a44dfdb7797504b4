#pragma once
// The probe engine: for each endpoint, resolve, connect to every address, speak the protocol's
// pre-login dialogue (IMAP CAPABILITY, POP3 CAPA, SMTP EHLO), STARTTLS or implicit TLS, and record
// what the server showed (core::ProbeResult). Nothing that can authenticate is sent unless the
// target carries an explicit login request (--login), and then only over TLS.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/probe.hpp"

namespace probe {

enum class AddressFamily { Any, V4, V6 };

// curl's --resolve HOST:PORT:ADDRESS: connect to ADDRESS for HOST:PORT instead of asking DNS.
struct ResolveOverride {
  std::string host;
  int port = 0;
  std::string address;
};

// A credential for an explicit login test. The password lives only here, is never copied into a
// result, and is wiped by whoever owns it once the probe has run.
struct LoginRequest {
  std::string account;   // reported in core::ProbeLogin::account
  std::string username;
  std::string password;
};

struct Target {
  core::ProbeTarget endpoint;
  std::vector<LoginRequest> logins;  // empty unless --login
};

struct Options {
  std::chrono::milliseconds step_timeout{10'000};  // each of resolve, connect, greeting, STARTTLS, handshake, reply
  int concurrency = 16;                            // endpoints probed at the same time
  std::vector<ResolveOverride> resolve;
  std::string ca_file;                             // extra trust anchors (PEM), on top of the system store
  AddressFamily family = AddressFamily::Any;
};

// Probes every target (concurrently, up to options.concurrency) and returns one result per target,
// in the order given. Never throws for what a server does; throws util-style errors only for bad
// options (an unreadable --ca-file), as core::AppError.
std::vector<core::ProbeResult> run(const std::vector<Target>& targets, const Options& options);

}  // namespace probe
