#include "trust/system_roots.hpp"

namespace trust {

// Thunderbird on Linux and macOS trusts its own cert9.db (read per profile), not the system's.
util::Result<std::vector<SystemRootCertificate>> system_root_certificates() { return std::vector<SystemRootCertificate>{}; }

}  // namespace trust
