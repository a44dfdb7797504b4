// The Apple Mail-specific rules (README "Clients"): the ids the adapter's findings carry.
#include "adapters/apple/adapter.hpp"
#include "adapters/apple/findings.hpp"

namespace adapters::apple {

const std::vector<core::RuleInfo>& AppleMailAdapter::rule_catalogue() const {
  using core::Severity;
  static const std::vector<core::RuleInfo> rules{
      {rule::kProfileInvalidValue, Severity::Error, "a configuration profile value Mail cannot use"},
      {rule::kMultipleMailVersions, Severity::Warning, "Accounts.plist files of several Mail versions; only the newest is live"},
      {rule::kMissingDeliveryAccount, Severity::Warning, "an account whose outgoing (delivery) account is missing"},
      {rule::kEncryptedPayload, Severity::Warning, "an encrypted profile payload mailmend cannot read"},
      {rule::kProfilePassword, Severity::Warning, "a configuration profile that carries a password"},
      {rule::kStalePlist, Severity::Info, "a legacy plist the current Mail no longer reads; never fixed"},
      {rule::kManaged, Severity::Info, "an account managed by a profile or MDM; not changed"},
      {rule::kInternetAccount, Severity::Info, "an Internet Account (Google, iCloud, Exchange) the system manages; not changed"},
      {rule::kDynamicConfiguration, Severity::Info, "a declarative configuration whose values are filled in at run time"},
  };
  return rules;
}

}  // namespace adapters::apple
