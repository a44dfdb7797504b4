#include "providers/provider.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace providers {

static void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

std::string expand_template(const std::string& tmpl, const std::string& email) {
  std::string out = tmpl;
  replace_all(out, "%EMAILADDRESS%", email);
  replace_all(out, "%EMAILLOCALPART%", util::email_local_part(email));
  replace_all(out, "%EMAILDOMAIN%", util::email_domain(email));
  return out;
}

std::string expand_for(const std::string& tmpl, const std::string& address_or_domain) {
  if (address_or_domain.find('@') != std::string::npos) return expand_template(tmpl, address_or_domain);
  std::string out = tmpl;
  replace_all(out, "%EMAILDOMAIN%", util::to_lower(util::trim(address_or_domain)));
  return out;
}

const FactNote* find_note(const Provider& provider, std::string_view fact) {
  for (auto it = provider.notes.rbegin(); it != provider.notes.rend(); ++it) {
    if (it->fact == fact) return &*it;
  }
  return nullptr;
}

bool is_unverified(const Provider& provider, std::string_view fact) {
  const FactNote* n = find_note(provider, fact);
  return n != nullptr && n->value.ends_with(kUnverifiedSuffix);
}

bool listed_as_broken(const Provider& provider) {
  const FactNote* n = find_note(provider, kStatusFact);
  return n != nullptr && n->value.starts_with("broken");
}

bool is_unverified_server(const Provider& provider, bool incoming, const ServerSpec& server) {
  const std::string side = incoming ? "incoming_" : "outgoing_";
  const std::string place = server.hostname + ":" + std::to_string(server.port);
  return std::any_of(provider.notes.begin(), provider.notes.end(), [&](const FactNote& n) {
    const bool server_fact = n.fact == side + "server" || n.fact == side + "accepted_server";
    return server_fact && n.value.starts_with(place) && n.value.ends_with(kUnverifiedSuffix);
  });
}

bool is_unverified_mx_host(const Provider& provider, std::string_view pattern) {
  return std::any_of(provider.notes.begin(), provider.notes.end(), [&](const FactNote& n) {
    if (n.fact != "mx_host" || !n.value.starts_with(pattern) || !n.value.ends_with(kUnverifiedSuffix)) return false;
    return n.value.size() == pattern.size() || n.value[pattern.size()] == ' ';  // not a longer pattern
  });
}

bool has_unverified_server(const Provider& provider, bool incoming, core::Protocol protocol) {
  const auto& servers = incoming ? provider.incoming : provider.outgoing;
  return std::any_of(servers.begin(), servers.end(), [&](const ServerSpec& s) {
    return s.protocol == protocol && is_unverified_server(provider, incoming, s);
  });
}

bool is_literal(const std::string& text) { return text.find('%') == std::string::npos; }

bool is_domain_text(const std::string& text) {
  if (text.empty() || text.size() > 253) return false;
  for (unsigned char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

}  // namespace providers

namespace providers {

namespace {
constexpr std::string_view kWildcard = "*.";
}

bool is_mx_pattern(const std::string& text) {
  if (text.rfind(kWildcard, 0) != 0) return is_domain_text(text) && text.find('.') != std::string::npos;
  const std::string suffix = text.substr(kWildcard.size());
  return is_domain_text(suffix) && suffix.find('.') != std::string::npos && suffix.front() != '.';
}

bool mx_pattern_matches(const std::string& pattern, const std::string& host) {
  if (pattern.rfind(kWildcard, 0) != 0) return host == pattern;
  const std::string_view suffix = std::string_view(pattern).substr(1);  // ".mail.protection.outlook.com"
  return host.size() > suffix.size() && host.ends_with(suffix);
}

}  // namespace providers
