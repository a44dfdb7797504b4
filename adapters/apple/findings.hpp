#pragma once
// Apple Mail specific findings. Port/TLS/provider checks belong to the shared rules.
#include <string>
#include <string_view>

#include "core/finding.hpp"
#include "i18n/text.hpp"

namespace adapters::apple::rule {

inline constexpr std::string_view kMultipleMailVersions = "applemail-multiple-mail-versions";  // warning
inline constexpr std::string_view kMissingDeliveryAccount = "applemail-missing-delivery-account";  // warning (info when an Internet Account owns the servers)
inline constexpr std::string_view kStalePlist = "applemail-stale-plist";  // info
inline constexpr std::string_view kManaged = "applemail-managed";  // info
inline constexpr std::string_view kInternetAccount = "applemail-internet-account";  // info
inline constexpr std::string_view kEncryptedPayload = "applemail-encrypted-payload";  // warning
inline constexpr std::string_view kProfileInvalidValue = "applemail-profile-invalid-value";  // error
inline constexpr std::string_view kProfilePassword = "applemail-profile-password";  // warning
inline constexpr std::string_view kDynamicConfiguration = "applemail-dynamic-configuration";  // info

}  // namespace adapters::apple::rule

namespace adapters::apple {

// A finding that is never fixable (the adapter's findings are all report-only).
core::Finding make_finding(std::string_view rule, core::Severity severity, std::string account,
                           const i18n::Text& message,
                           core::Origin origin = {}, std::string field = {});

}  // namespace adapters::apple
