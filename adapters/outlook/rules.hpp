#pragma once
// Outlook-specific findings (rule ids "outlook-..."), on top of the shared rules that check
// ports, TLS and provider hosts for every client.
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"

namespace adapters::outlook {

inline constexpr const char* kRuleSslAuto = "outlook-ssl-auto";
inline constexpr const char* kRuleBasicAuthMicrosoft = "outlook-basic-auth-microsoft";
inline constexpr const char* kRuleSpaWithoutNtlm = "outlook-spa-without-ntlm";
inline constexpr const char* kRuleSmtpAuthOff = "outlook-smtp-auth-off";

// What the account model does not carry but the rules need.
struct AccountFacts {
  bool incoming_security_auto = false;  // "IMAP/POP3 Use SSL" = 3
  bool outgoing_security_auto = false;  // "SMTP Secure Connection" = 3
  bool password_stored = false;         // an "IMAP/POP3 Password" value exists (never read)
  core::Origin password_origin;
  bool from_prf = false;                // a PRF: the password is typed in at first start
};

std::vector<core::Finding> outlook_findings(const core::Account& account, const AccountFacts& facts);

}  // namespace adapters::outlook
