// The Thunderbird-specific rules (README "Clients"): the ids the adapter's findings carry.
#include "adapters/thunderbird/adapter.hpp"
#include "i18n/messages.hpp"

namespace adapters::thunderbird {

const std::vector<core::RuleInfo>& ThunderbirdAdapter::rule_catalogue() const {
  using core::Severity;
  static const std::vector<core::RuleInfo> rules{
      {"thunderbird-prefs-damaged", Severity::Error, i18n::marked("prefs.js is cut or inconsistent (ends inside a statement, an account without its server): read as far as it goes, never fixed")},
      {"thunderbird-pref-syntax", Severity::Warning, i18n::marked("a prefs.js statement Thunderbird cannot parse (skipped to the next ';')")},
      {"thunderbird-pref-type", Severity::Warning, i18n::marked("a pref of the wrong type that Thunderbird ignores (e.g. a quoted port)")},
      {"thunderbird-realhostname", Severity::Warning, i18n::marked("realhostname/realuserName override the server settings (Thunderbird 91 and older)")},
      {"thunderbird-empty-hostname", Severity::Warning, i18n::marked("a server without a hostname, which Thunderbird deletes")},
      {"thunderbird-policy-error", Severity::Warning, i18n::marked("an enterprise policies.json Thunderbird cannot read and ignores")},
      {"thunderbird-userjs-error", Severity::Warning, i18n::marked("a user.js that cannot be read")},
      {"thunderbird-autoconfig-error", Severity::Warning, i18n::marked("a missing or broken AutoConfig .cfg or default pref file of the installation")},
      {"thunderbird-pref-duplicate", Severity::Info, i18n::marked("a pref set twice in one file; the last one wins")},
      {"thunderbird-userjs-override", Severity::Info, i18n::marked("a pref set in user.js, which wins over prefs.js")},
      {"thunderbird-policy-locked", Severity::Info, i18n::marked("a pref locked or set by an enterprise policy")},
      {"thunderbird-policy-default", Severity::Info, i18n::marked("a pref whose value comes from an enterprise policy default")},
      {"thunderbird-autoconfig-locked", Severity::Info, i18n::marked("a pref locked by the installation's AutoConfig or default prefs")},
      {"thunderbird-autoconfig-set", Severity::Info, i18n::marked("a pref set at every start by the installation's AutoConfig")},
      {"thunderbird-autoconfig-default", Severity::Info, i18n::marked("a pref whose value is the installation's default")},
      {"thunderbird-autoconfig-code", Severity::Info, i18n::marked("AutoConfig code mailmend does not evaluate; fixes of prefs it may lock are refused")},
      {"thunderbird-no-accounts", Severity::Info, i18n::marked("a profile with no mail accounts")},
      {"thunderbird-unknown-server-type", Severity::Info, i18n::marked("a server type that is not a mail account mailmend audits")},
  };
  return rules;
}

}  // namespace adapters::thunderbird
