#pragma once
// Apple's authentication scheme names (AuthenticationScheme in Accounts.plist and the Accounts DB,
// EmailAuth* in profiles, AuthenticationMethod in declarations) in the normalised vocabulary.
#include <optional>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace adapters::apple {

// Absent scheme = Mail's default password scheme (plain password, protected by TLS if any).
core::Auth auth_from_scheme(const std::optional<std::string>& scheme);
// nullopt for a value Apple rejects (MCEmailAccountPayload error 2004).
std::optional<core::Auth> auth_from_profile(std::string_view email_auth);
std::optional<core::Auth> auth_from_declaration(std::string_view method);
// Profile value for an auth mode; EmailAuthPassword for modes a profile cannot express.
std::string profile_auth_name(core::Auth auth);
// AuthenticationScheme string for an auth mode, when one is confirmed by sources.
std::optional<std::string> scheme_name(core::Auth auth);

}  // namespace adapters::apple
