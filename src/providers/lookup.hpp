#pragma once
// Output of `mailmend providers lookup ADDRESS|DOMAIN`: the settings a provider expects, with the
// address's placeholders expanded (for a bare domain only %EMAILDOMAIN% is expanded).
#include <nlohmann/json.hpp>

#include <string>

#include "providers/provider.hpp"

namespace providers {

// Plain-English description of a username template ("the full email address").
std::string describe_username(const std::string& tmpl);

std::string render_lookup_text(const Provider& provider, const std::string& address_or_domain);
nlohmann::json lookup_json(const Provider& provider, const std::string& address_or_domain);

}  // namespace providers
