#include "cli/probe_targets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

#include "i18n/text.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

using core::Protocol;
using core::Security;

bool probeable(const core::Endpoint& ep) {
  const bool mail = ep.protocol == Protocol::Imap || ep.protocol == Protocol::Pop3 || ep.protocol == Protocol::Smtp;
  return mail && !ep.host.value.empty() && ep.port.value > 0 && ep.security.value != Security::Unknown;
}

struct Scheme {
  std::string_view name;
  Protocol protocol;
  Security security;
};

constexpr std::array<Scheme, 6> kSchemes{{{"imap", Protocol::Imap, Security::StartTls},
                                          {"imaps", Protocol::Imap, Security::Tls},
                                          {"pop3", Protocol::Pop3, Security::StartTls},
                                          {"pop3s", Protocol::Pop3, Security::Tls},
                                          {"smtp", Protocol::Smtp, Security::StartTls},
                                          {"smtps", Protocol::Smtp, Security::Tls}}};

util::Error url_error(std::string_view url, const i18n::Text& what) {
  return i18n::error(i18n::msg("--server '{1}': {2}", {util::printable(url), what}));
}

bool valid_host(std::string_view host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == ':';
  });
}

// "host", "host:port", "[v6]", "[v6]:port" → host and the port text (empty when absent).
std::optional<std::pair<std::string, std::string>> split_host_port(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    return std::make_pair(std::string(authority.substr(1, close - 1)), std::string(rest.empty() ? rest : rest.substr(1)));
  }
  const auto colon = authority.find(':');
  if (colon == std::string_view::npos) return std::make_pair(std::string(authority), std::string());
  if (authority.find(':', colon + 1) != std::string_view::npos) return std::nullopt;  // a bare IPv6 literal
  return std::make_pair(std::string(authority.substr(0, colon)), std::string(authority.substr(colon + 1)));
}

}  // namespace

std::vector<core::ProbeTarget> probe_targets(const core::Report& report) {
  std::vector<core::ProbeTarget> targets;
  for (const auto& ar : report.accounts) {
    const auto& account = ar.account;
    if (account.stale) continue;
    for (const auto* ep : {account.incoming ? &*account.incoming : nullptr, account.outgoing ? &*account.outgoing : nullptr}) {
      if (ep == nullptr || !probeable(*ep)) continue;
      const std::string host = util::to_lower(ep->host.value);
      auto same = [&](const core::ProbeTarget& t) {
        return t.protocol == ep->protocol && t.host == host && t.port == ep->port.value &&
               t.security == ep->security.value && t.proxy == ep->proxy;
      };
      auto it = std::find_if(targets.begin(), targets.end(), same);
      if (it == targets.end()) {
        targets.push_back({host, ep->port.value, ep->protocol, ep->security.value, {}, ep->proxy});
        it = targets.end() - 1;
      }
      if (std::find(it->accounts.begin(), it->accounts.end(), account.id) == it->accounts.end()) {
        it->accounts.push_back(account.id);
      }
    }
  }
  return targets;
}

util::Result<core::ProbeTarget> parse_server_url(std::string_view url, std::optional<Security> security) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return url_error(url, i18n::msg("not a URL (imap://, imaps://, pop3://, pop3s://, smtp:// or smtps://)"));
  const std::string scheme = util::to_lower(url.substr(0, sep));
  const auto known = std::find_if(kSchemes.begin(), kSchemes.end(), [&](const Scheme& s) { return s.name == scheme; });
  if (known == kSchemes.end()) return url_error(url, i18n::msg("unknown scheme '{1}' (imap, imaps, pop3, pop3s, smtp, smtps)",
                                                                                {util::printable(scheme)}));
  std::string_view authority = url.substr(sep + 3);
  if (!authority.empty() && authority.back() == '/') authority.remove_suffix(1);
  if (authority.find_first_of("/@?#") != std::string_view::npos) {
    return url_error(url, i18n::msg("only a host and a port may follow the scheme (no user, path or query)"));
  }
  const auto parts = split_host_port(authority);
  if (!parts || !valid_host(parts->first)) return url_error(url, i18n::msg("no valid host name or address"));
  core::ProbeTarget t;
  t.protocol = known->protocol;
  t.security = security.value_or(known->security);
  t.host = util::to_lower(parts->first);
  if (parts->second.empty()) {
    t.port = core::standard_port(t.protocol, known->security);
  } else {
    const auto port = util::parse_int(parts->second, 1, 65535);
    if (!port) return url_error(url, i18n::msg("the port must be a number from 1 to 65535"));
    t.port = static_cast<int>(*port);
  }
  return t;
}

util::Result<probe::ResolveOverride> parse_resolve(std::string_view text) {
  auto error = [&](const i18n::Text& what) {
    return i18n::error(i18n::msg("--resolve '{1}': {2} (expected HOST:PORT:ADDRESS)", {util::printable(text), what}));
  };
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos) return error(i18n::msg("too few parts"));
  const std::string host = util::to_lower(text.substr(0, first));
  const auto port = util::parse_int(text.substr(first + 1, second - first - 1), 1, 65535);
  std::string_view address = text.substr(second + 1);
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  if (!valid_host(host)) return error(i18n::msg("no valid host name"));
  if (!port) return error(i18n::msg("the port must be a number from 1 to 65535"));
  if (address.empty() || !valid_host(address)) return error(i18n::msg("no valid address"));
  return probe::ResolveOverride{host, static_cast<int>(*port), std::string(address)};
}

util::Result<std::string> parse_connect_to(std::string_view text) {
  auto error = [&](const i18n::Text& what) {
    return i18n::error(i18n::msg("--connect-to '{1}': {2} (expected HOST:PORT:CONNECT_HOST:CONNECT_PORT)",
                                 {util::printable(text), what}));
  };
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  const auto last = text.rfind(':');
  if (second == std::string_view::npos || last <= second) return error(i18n::msg("too few parts"));
  const std::string host = util::to_lower(text.substr(0, first));
  const auto port = util::parse_int(text.substr(first + 1, second - first - 1), 1, 65535);
  const auto connect_port = util::parse_int(text.substr(last + 1), 1, 65535);
  std::string_view connect_host = text.substr(second + 1, last - second - 1);
  if (!valid_host(host)) return error(i18n::msg("no valid host name"));
  if (!port || !connect_port) return error(i18n::msg("the ports must be numbers from 1 to 65535"));
  const bool bracketed = connect_host.size() >= 2 && connect_host.front() == '[' && connect_host.back() == ']';
  const auto bare = bracketed ? connect_host.substr(1, connect_host.size() - 2) : connect_host;
  if (!valid_host(bare) || (!bracketed && bare.find(':') != std::string_view::npos)) {
    return error(i18n::msg("no valid connect host (an IPv6 address goes in brackets)"));
  }
  return host + ":" + std::to_string(*port) + ":" + std::string(connect_host) + ":" + std::to_string(*connect_port);
}

util::Result<std::string> parse_dns_server(std::string_view text) {
  auto error = [&](const i18n::Text& what) {
    return i18n::error(i18n::msg("--dns-server '{1}': {2} (expected ADDRESS or ADDRESS:PORT)", {util::printable(text), what}));
  };
  const auto parts = split_host_port(text);
  if (!parts || parts->first.empty() || !valid_host(parts->first)) return error(i18n::msg("no valid address"));
  const bool v6 = parts->first.find(':') != std::string::npos;
  if (parts->second.empty()) return v6 ? "[" + parts->first + "]" : parts->first;
  const auto port = util::parse_int(parts->second, 1, 65535);
  if (!port) return error(i18n::msg("the port must be a number from 1 to 65535"));
  return (v6 ? "[" + parts->first + "]" : parts->first) + ":" + std::to_string(*port);
}

}  // namespace cli
