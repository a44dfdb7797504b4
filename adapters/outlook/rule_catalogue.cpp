// The Outlook-specific rules (README "Clients"): the ids the adapter's findings carry.
#include "adapters/outlook/adapter.hpp"
#include "adapters/outlook/rules.hpp"
#include "i18n/messages.hpp"

namespace adapters::outlook {

const std::vector<core::RuleInfo>& OutlookAdapter::rule_catalogue() const {
  using core::Severity;
  static const std::vector<core::RuleInfo> rules{
      {kRuleBasicAuthMicrosoft, Severity::Error, i18n::marked("an Outlook.com/Microsoft 365 mailbox set up as POP/IMAP with a password; re-add it as a Microsoft 365 account")},
      {kRuleSpaWithoutNtlm, Severity::Error, i18n::marked("\"Use SPA\" on a provider that does not offer NTLM")},
      {kRuleSmtpAuthOff, Severity::Error, i18n::marked("SMTP authentication off at a provider that requires it")},
      {kRuleSslAuto, Severity::Warning, i18n::marked("the \"auto\" encryption setting, which may fall back to plain text")},
  };
  return rules;
}

}  // namespace adapters::outlook
