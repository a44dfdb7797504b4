#pragma once
// Rules compare one account with what its provider expects and emit findings with stable ids.
// The ids are a public contract (README "Rules"): never rename one, only add.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "core/rule_info.hpp"
#include "providers/database.hpp"

namespace rules {

namespace id {
inline constexpr std::string_view kPortSecurityMismatch = "port-security-mismatch";
inline constexpr std::string_view kPlaintext = "plaintext";
inline constexpr std::string_view kRetiredHost = "retired-host";
inline constexpr std::string_view kHostNotProvider = "host-not-provider";
inline constexpr std::string_view kProtocolNotOffered = "protocol-not-offered";
inline constexpr std::string_view kPortNotProvider = "port-not-provider";
inline constexpr std::string_view kSecurityNotProvider = "security-not-provider";
inline constexpr std::string_view kStartTlsWhereTlsOffered = "starttls-where-tls-offered";
inline constexpr std::string_view kPasswordNotAccepted = "password-not-accepted";
inline constexpr std::string_view kPasswordSoonRefused = "password-soon-refused";
inline constexpr std::string_view kAppPasswordRequired = "app-password-required";
inline constexpr std::string_view kAuthNotOffered = "auth-not-offered";
inline constexpr std::string_view kSmtpNoAuth = "smtp-no-auth";
inline constexpr std::string_view kUsernameForm = "username-form";
inline constexpr std::string_view kUnknownDomain = "unknown-domain";
inline constexpr std::string_view kProviderListedBroken = "provider-listed-broken";
inline constexpr std::string_view kAcceptedAlternative = "accepted-alternative";
}  // namespace id

using RuleInfo = core::RuleInfo;
// Every shared rule, for `mailmend rules` and the README.
const std::vector<RuleInfo>& catalogue();

// `today` (YYYY-MM-DD, UTC) decides dated facts such as a provider's last day of SMTP passwords;
// empty means the current date.
std::vector<core::Finding> evaluate(const core::Account& account, const std::optional<providers::Match>& match,
                                    std::string_view today = {});

// One finding per (account, field, problem): findings on the same account and field that propose a
// change of the same actual value (errors and warnings with an expected value; notes are left
// alone) are one problem, and so are findings of one rule on the same stored value. The finding that outranks the others stays — higher severity first,
// then a client-specific rule over a shared one (its message names the client's own setting),
// then a fixable one, then the one found first — at the place of the first; the others' ids go
// into its `also`, sorted. Applying it again changes nothing. Accounts are merged on up to
// `threads` threads; the result is the same for any number.
void merge_related(std::vector<core::Finding>& findings, unsigned threads = 1);

// The current UTC date, YYYY-MM-DD.
std::string today_utc();

}  // namespace rules
