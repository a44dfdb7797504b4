#include "adapters/thunderbird/proxy_prefs.hpp"

#include "util/ip_address.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

core::Origin origin_of(const PrefEntry& e, std::string_view name) {
  return {e.file, std::string(name), e.line, false};
}

std::string string_pref(const PrefStore& prefs, std::string_view name, core::Origin* origin = nullptr) {
  const PrefEntry* e = prefs.find(name);
  if (e == nullptr || !std::holds_alternative<std::string>(e->value)) return {};
  if (origin) *origin = origin_of(*e, name);
  return std::get<std::string>(e->value);
}

std::optional<int> int_pref(const PrefStore& prefs, std::string_view name) {
  const PrefEntry* e = prefs.find(name);
  if (e == nullptr || !std::holds_alternative<std::int32_t>(e->value)) return std::nullopt;
  return std::get<std::int32_t>(e->value);
}

std::optional<bool> bool_pref(const PrefStore& prefs, std::string_view name) {
  const PrefEntry* e = prefs.find(name);
  if (e == nullptr || !std::holds_alternative<bool>(e->value)) return std::nullopt;
  return std::get<bool>(e->value);
}

ProxyServer server_pref(const PrefStore& prefs, const std::string& name) {
  ProxyServer s;
  s.host = util::to_lower(util::trim(string_pref(prefs, name, &s.origin)));
  s.port = int_pref(prefs, name + "_port").value_or(0);
  return s;
}

// network.proxy.type: 0 and 3 (a legacy value) direct, 1 manual, 2 PAC, 4 WPAD, 5 system.
ProxyMode mode_of(int type) {
  switch (type) {
    case 1: return ProxyMode::Manual;
    case 2: return ProxyMode::Pac;
    case 4: return ProxyMode::AutoDetect;
    case 5: return ProxyMode::System;
    default: return ProxyMode::Direct;
  }
}

}  // namespace

ProxySettings read_proxy_settings(const PrefStore& prefs) {
  ProxySettings s;
  if (const PrefEntry* e = prefs.find("network.proxy.type"); e && std::holds_alternative<std::int32_t>(e->value)) {
    s.mode = mode_of(std::get<std::int32_t>(e->value));
    s.mode_set = true;
    s.mode_origin = origin_of(*e, "network.proxy.type");
  }
  s.socks = server_pref(prefs, "network.proxy.socks");
  s.socks_version = int_pref(prefs, "network.proxy.socks_version").value_or(5) == 4 ? 4 : 5;
  s.socks_remote_dns = bool_pref(prefs, "network.proxy.socks_remote_dns").value_or(false);
  s.socks5_remote_dns = bool_pref(prefs, "network.proxy.socks5_remote_dns").value_or(true);
  s.http = server_pref(prefs, "network.proxy.http");
  s.ssl = server_pref(prefs, "network.proxy.ssl");
  s.pac_url = std::string(util::trim(string_pref(prefs, "network.proxy.autoconfig_url")));
  for (auto& item : util::split(util::to_lower(string_pref(prefs, "network.proxy.no_proxies_on")), ',')) {
    for (auto& word : util::split(item, ' ', true)) {
      std::string_view w = util::trim(word);
      if (!w.empty()) s.bypass.emplace_back(w);
    }
  }
  return s;
}

bool bypasses_proxy(const ProxySettings& settings, std::string_view host_in) {
  const std::string host = util::to_lower(host_in);
  if (host == "localhost" || host.ends_with(".localhost")) return true;
  if (auto ip = util::parse_ip_address(host); ip && util::is_loopback(*ip)) return true;
  for (std::string_view entry : settings.bypass) {
    if (entry.starts_with("*")) entry.remove_prefix(1);
    if (entry.starts_with(".")) entry.remove_prefix(1);
    if (entry.empty()) continue;
    if (host == entry || (host.size() > entry.size() && host.ends_with(entry) && host[host.size() - entry.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

bool is_local_proxy_host(std::string_view host) {
  if (host == "localhost" || host.ends_with(".localhost")) return true;
  auto ip = util::parse_ip_address(host.starts_with("[") && host.ends_with("]") ? host.substr(1, host.size() - 2) : host);
  return ip && (util::is_loopback(*ip) || util::is_private(*ip) || util::is_unspecified(*ip));
}

}  // namespace adapters::thunderbird
