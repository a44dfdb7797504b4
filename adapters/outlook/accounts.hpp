#pragma once
// Reads Outlook profiles and their POP3/IMAP/Exchange accounts out of a registry snapshot.
#include "adapters/outlook/registry.hpp"
#include "core/adapter.hpp"

namespace adapters::outlook {

inline constexpr const char* kAccountManagerKey = "9375CFF0413111d3B88A00104B2A6676";

// Where profiles live, newest first: "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles", ...
struct ProfileTree {
  std::string label;          // "16.0", "15.0", "WMS", "WMS9x"
  std::string profiles_path;  // relative to the user hive root
  std::string default_path;   // key holding DefaultProfile
};
const std::vector<ProfileTree>& profile_trees();
// The subtrees a hive reader must load for read_registry_accounts.
std::vector<std::string> outlook_subtrees();

// Outlook's encryption codes (IMAP/POP3 Use SSL, SMTP Secure Connection, and the PRF keys):
// 0 none, 1 implicit TLS, 2 STARTTLS; 3 (auto, see outlook-ssl-auto) and others are Unknown.
core::Security security_of_code(std::uint64_t code);
inline constexpr std::uint64_t kSecurityAuto = 3;

// Accounts, client-specific findings and one Source for the snapshot (plus a skipped Source
// when the new Outlook is in use).
core::ReadOutput read_registry_accounts(const RegistrySnapshot& snap);

}  // namespace adapters::outlook
