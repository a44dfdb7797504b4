#pragma once
// The operating system's own root stores where TLS-inspecting products add their roots: on Windows
// the LocalMachine and CurrentUser ROOT stores (read through CryptoAPI, like the probe's trust
// store); elsewhere none (Thunderbird keeps its own store, cert9.db, read per profile).
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "util/result.hpp"

namespace trust {

struct SystemRootCertificate {
  std::string store;  // "LocalMachine ROOT", "CurrentUser ROOT"
  std::string der;
};

// system_roots_win.cpp / system_roots_posix.cpp.
util::Result<std::vector<SystemRootCertificate>> system_root_certificates();

// tls-inspection-root findings for the system stores (one per certificate, the first store it is in).
std::vector<core::Finding> system_store_inspection_findings(const std::vector<SystemRootCertificate>& roots);

}  // namespace trust
