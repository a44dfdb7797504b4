// The Apple Mail-specific rules (README "Clients"): the ids the adapter's findings carry.
#include "adapters/apple/adapter.hpp"
#include "adapters/apple/findings.hpp"
#include "i18n/messages.hpp"

namespace adapters::apple {

const std::vector<core::RuleInfo>& AppleMailAdapter::rule_catalogue() const {
  using core::Severity;
  static const std::vector<core::RuleInfo> rules{
      {rule::kProfileInvalidValue, Severity::Error, i18n::marked("a configuration profile value Mail cannot use")},
      {rule::kMultipleMailVersions, Severity::Warning, i18n::marked("Accounts.plist files of several Mail versions; only the newest is live")},
      {rule::kMissingDeliveryAccount, Severity::Warning, i18n::marked("an account whose outgoing (delivery) account is missing")},
      {rule::kEncryptedPayload, Severity::Warning, i18n::marked("an encrypted profile payload mailmend cannot read")},
      {rule::kProfilePassword, Severity::Warning, i18n::marked("a configuration profile that carries a password")},
      {rule::kStalePlist, Severity::Info, i18n::marked("a legacy plist the current Mail no longer reads; never fixed")},
      {rule::kManaged, Severity::Info, i18n::marked("an account managed by a profile or MDM; not changed")},
      {rule::kInternetAccount, Severity::Info, i18n::marked("an Internet Account (Google, iCloud, Exchange) the system manages; not changed")},
      {rule::kDynamicConfiguration, Severity::Info, i18n::marked("a declarative configuration whose values are filled in at run time")},
  };
  return rules;
}

}  // namespace adapters::apple
