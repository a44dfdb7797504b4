#pragma once
// Thunderbird's proxy prefs (network.proxy.*, Necko's nsProtocolProxyService) as the connections of
// mail accounts see them: IMAP, POP3 and SMTP go through a manual SOCKS proxy only; the manual
// HTTP/SSL proxies carry web connections (OAuth2 sign-in, autoconfig), not mail. Measured on
// Thunderbird 153.8.0esr (Debian): with SOCKS5 and HTTP/SSL proxies set, verifyLogon of an IMAP,
// a POP3 and an SMTP server each reached the SOCKS listener only, sending the host name; with the
// HTTP/SSL proxies alone nothing reached any proxy. Names go to a SOCKS5 proxy unless
// network.proxy.socks5_remote_dns is false (default true); network.proxy.socks_remote_dns (default
// false, the checkbox of Thunderbird's Connection Settings) decides for SOCKS4 only (toolkit's
// ext-proxy.js reads them the same way; Thunderbird's own preferences/connection.js and
// certificate-check.mjs still read socks_remote_dns).
#include <optional>
#include <string>
#include <vector>

#include "adapters/thunderbird/pref_store.hpp"
#include "core/model.hpp"

namespace adapters::thunderbird {

enum class ProxyMode { Direct, Manual, Pac, AutoDetect, System };

struct ProxyServer {
  std::string host;
  int port = 0;
  core::Origin origin;  // of the host pref
  bool usable() const { return !host.empty() && port > 0; }
  std::string text() const { return host + ":" + std::to_string(port); }
};

struct ProxySettings {
  ProxyMode mode = ProxyMode::System;  // Thunderbird's default (5) when network.proxy.type is not set
  bool mode_set = false;               // network.proxy.type is in the profile's prefs
  core::Origin mode_origin;
  ProxyServer socks;
  int socks_version = 5;
  bool socks_remote_dns = false;   // network.proxy.socks_remote_dns: SOCKS4 only
  bool socks5_remote_dns = true;   // network.proxy.socks5_remote_dns: SOCKS5
  // Whether host names are sent to the SOCKS proxy rather than resolved by this machine.
  bool names_resolved_by_proxy() const { return socks_version == 4 ? socks_remote_dns : socks5_remote_dns; }
  ProxyServer http;  // network.proxy.http
  ProxyServer ssl;   // network.proxy.ssl (HTTPS)
  std::string pac_url;
  std::vector<std::string> bypass;  // network.proxy.no_proxies_on, lower case
};

ProxySettings read_proxy_settings(const PrefStore& prefs);

// Whether a connection to `host` skips the proxy: localhost and loopback always (Necko's default),
// and hosts on no_proxies_on ("example.com", ".example.com", "*.example.com" cover subdomains too).
bool bypasses_proxy(const ProxySettings& settings, std::string_view host);

// A proxy host on a loopback or private address (a literal, or "localhost"): a tunnel or local tool.
bool is_local_proxy_host(std::string_view host);

}  // namespace adapters::thunderbird
