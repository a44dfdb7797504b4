#pragma once
// The certificates in an NSS certificate database (cert9.db: SQLite, table nssPublic, one row per
// PKCS #11 object, column a<hex attribute>): read from a private copy, read-only, never the keys.
#include <filesystem>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "util/result.hpp"

namespace trust {

struct StoredCertificate {
  std::string label;  // CKA_LABEL, the nickname certutil -n gave it
  std::string der;    // CKA_VALUE
};

inline constexpr std::uintmax_t kMaxNssDbBytes = 64u * 1024u * 1024u;
inline constexpr std::size_t kMaxNssCertificates = 10'000;

util::Result<std::vector<StoredCertificate>> read_nss_certificates(const std::filesystem::path& cert9_db);

// tls-inspection-root findings for the certificates of `cert9_db` (`owner` names whose store it is:
// "Thunderbird's certificate store"). A certificate that does not parse is skipped.
util::Result<std::vector<core::Finding>> nss_inspection_findings(const std::filesystem::path& cert9_db,
                                                                 const std::string& owner);

}  // namespace trust
