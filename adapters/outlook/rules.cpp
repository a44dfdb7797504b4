#include "adapters/outlook/rules.hpp"

#include <string>

#include "adapters/outlook/hosts.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace {

using core::Finding;
using core::Severity;
using i18n::msg;

// The explicit mode that matches a standard port; empty when the port says nothing.
std::string security_for_port(int port) {
  if (port == 993 || port == 995 || port == 465) return "tls";
  if (port == 143 || port == 110 || port == 587 || port == 25) return "starttls";
  return {};
}

std::string protocol_label(core::Protocol p) { return core::label_of(p); }

void ssl_auto(const core::Account& a, const core::Endpoint& e, bool incoming, std::vector<Finding>& out) {
  Finding f;
  f.rule = kRuleSslAuto;
  f.severity = Severity::Warning;
  f.account = a.id;
  f.field = core::field_path(incoming, core::Field::Security);
  f.actual = std::string("auto");
  auto expected = security_for_port(e.port.value);
  if (!expected.empty()) f.expected = expected;
  f.fixable = !expected.empty();
  f.origin = e.security.origin;
  const std::string protocol = protocol_label(e.protocol);
  if (expected.empty()) {
    f.explain(msg("{1} encryption is set to \"Auto\": Outlook may fall back to plaintext when the server does not "
                  "offer TLS, sending the password unencrypted. Choose SSL/TLS or STARTTLS explicitly.",
                  {protocol}));
  } else {
    f.explain(msg("{1} encryption is set to \"Auto\": Outlook may fall back to plaintext when the server does not "
                  "offer TLS, sending the password unencrypted. Choose {2} explicitly for port {3}.",
                  {protocol, std::string(expected == "tls" ? "SSL/TLS" : "STARTTLS"), std::to_string(e.port.value)}));
  }
  out.push_back(std::move(f));
}

bool is_microsoft_mailbox(const core::Account& a) {
  return is_microsoft_mail_host(a.incoming->host.value) || is_microsoft_consumer_domain(util::email_domain(a.email));
}

void basic_auth_microsoft(const core::Account& a, const AccountFacts& facts, std::vector<Finding>& out) {
  Finding f;
  f.rule = kRuleBasicAuthMicrosoft;
  f.severity = Severity::Error;
  f.account = a.id;
  f.field = core::field_path(true, core::Field::Auth);
  f.actual = std::string(core::to_string(a.incoming->auth.value));
  f.expected = std::string(core::to_string(core::Auth::OAuth2));
  f.origin = facts.password_stored ? facts.password_origin : a.incoming->host.origin;
  const i18n::Text who = a.email.empty() ? msg("This mailbox") : i18n::Text(a.email);
  const std::string protocol = protocol_label(a.incoming->protocol);
  f.explain(facts.from_prf
                ? msg("{1} is an Outlook.com / Microsoft 365 mailbox set up as {2} with a password: Microsoft no longer "
                      "accepts passwords (basic authentication) for POP/IMAP (Microsoft 365 since October 2022, "
                      "Outlook.com since September 2024), so sign-in fails. Remove this account and add the mailbox "
                      "again as a Microsoft 365 / Exchange account.",
                      {who, protocol})
                : msg("{1} is an Outlook.com / Microsoft 365 mailbox set up as {2} with a stored password: Microsoft "
                      "no longer accepts passwords (basic authentication) for POP/IMAP (Microsoft 365 since October "
                      "2022, Outlook.com since September 2024), so sign-in fails. Remove this account and add the "
                      "mailbox again as a Microsoft 365 / Exchange account.",
                      {who, protocol}));
  out.push_back(std::move(f));
}

void spa_without_ntlm(const core::Account& a, const core::Endpoint& e, bool incoming, std::vector<Finding>& out) {
  Finding f;
  f.rule = kRuleSpaWithoutNtlm;
  f.severity = Severity::Error;
  f.account = a.id;
  f.field = core::field_path(incoming, core::Field::Auth);
  f.actual = std::string(core::to_string(core::Auth::Ntlm));
  f.expected = std::string(core::to_string(core::Auth::PasswordCleartext));
  f.fixable = true;
  f.origin = e.auth.origin;
  f.explain(msg("\"Require logon using Secure Password Authentication (SPA)\" is on for {1} server {2}, but this "
                "public provider does not support NTLM/SPA, so login fails. Turn SPA off (the password is still "
                "protected by TLS).",
                {protocol_label(e.protocol), e.host.value}));
  out.push_back(std::move(f));
}

void smtp_auth_off(const core::Account& a, std::vector<Finding>& out) {
  const auto& e = *a.outgoing;
  Finding f;
  f.rule = kRuleSmtpAuthOff;
  f.severity = Severity::Error;
  f.account = a.id;
  f.field = core::field_path(false, core::Field::Auth);
  f.actual = std::string(core::to_string(core::Auth::None));
  f.expected = std::string(core::to_string(core::Auth::PasswordCleartext));
  f.fixable = true;
  f.origin = e.auth.origin;
  f.explain(msg("\"My outgoing server (SMTP) requires authentication\" is off, but {1} only accepts mail from "
                "signed-in users, so sending fails. Turn it on (\"Use same settings as my incoming mail server\").",
                {e.host.value}));
  out.push_back(std::move(f));
}

}  // namespace

std::vector<Finding> outlook_findings(const core::Account& a, const AccountFacts& facts) {
  std::vector<Finding> out;
  bool pop_or_imap = a.incoming && (a.incoming->protocol == core::Protocol::Imap ||
                                    a.incoming->protocol == core::Protocol::Pop3);
  if (pop_or_imap && facts.incoming_security_auto) ssl_auto(a, *a.incoming, true, out);
  if (a.outgoing && facts.outgoing_security_auto) ssl_auto(a, *a.outgoing, false, out);
  if (pop_or_imap && (facts.password_stored || facts.from_prf) && is_microsoft_mailbox(a)) {
    basic_auth_microsoft(a, facts, out);
  }
  if (pop_or_imap && a.incoming->auth.value == core::Auth::Ntlm && is_public_provider(a.incoming->host.value)) {
    spa_without_ntlm(a, *a.incoming, true, out);
  }
  if (a.outgoing && a.outgoing->auth.value == core::Auth::Ntlm && is_public_provider(a.outgoing->host.value)) {
    spa_without_ntlm(a, *a.outgoing, false, out);
  }
  if (a.outgoing && a.outgoing->auth.value == core::Auth::None && is_public_provider(a.outgoing->host.value)) {
    smtp_auth_off(a, out);
  }
  return out;
}

}  // namespace adapters::outlook
