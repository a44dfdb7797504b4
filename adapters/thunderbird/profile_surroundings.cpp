#include "adapters/thunderbird/profile_surroundings.hpp"

#include "adapters/thunderbird/proxy_prefs.hpp"
#include "core/around.hpp"
#include "trust/nss_db.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;
namespace {

void read_certificate_store(const fs::path& profile_dir, core::ReadOutput& out, core::Source& source) {
  const fs::path db = profile_dir / "cert9.db";
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(db, ec))) return;  // a profile Thunderbird has not started yet
  auto findings = trust::nss_inspection_findings(db, "Thunderbird's certificate store");
  if (!findings) {
    source.note_further(i18n::msg("certificate store not checked: {1}", {i18n::text_of(findings.error())}));
    return;
  }
  for (auto& f : *findings) out.findings.push_back(std::move(f));
}

// The account's endpoints whose connections would use the proxy ("IMAP and SMTP").
std::vector<std::string> proxied_servers(const core::Account& account, const ProxySettings& settings) {
  std::vector<std::string> out;
  for (const auto* ep : {account.incoming ? &*account.incoming : nullptr, account.outgoing ? &*account.outgoing : nullptr}) {
    if (ep && core::is_host_audited(ep->protocol) && !bypasses_proxy(settings, ep->host.value)) {
      out.push_back(core::label_of(ep->protocol));
    }
  }
  return out;
}

bool uses_oauth2(const core::Account& account) {
  return (account.incoming && account.incoming->auth.value == core::Auth::OAuth2) ||
         (account.outgoing && account.outgoing->auth.value == core::Auth::OAuth2);
}

core::Finding proxy_finding(const core::Account& account, bool local, std::string actual, core::Origin origin,
                            const i18n::Text& message) {
  core::Finding f;
  f.rule = std::string(local ? core::around::kClientProxyLocal : core::around::kClientProxy);
  f.severity = local ? core::Severity::Warning : core::Severity::Info;
  f.account = account.id;
  f.actual = std::move(actual);
  f.origin = std::move(origin);
  f.explain(message);
  return f;
}

i18n::Text local_advice() {
  return i18n::msg("The proxy is on this machine or a private network: a tunnel or tool (ssh -D, Tor, a security "
                   "agent) that must be running; when it is not, every connection fails, which Thunderbird often "
                   "reports as a server that cannot be reached or a wrong password. If nobody needs it, set "
                   "Thunderbird's Connection Settings to \"No proxy\" or \"Use system proxy settings\".");
}

// "IMAP and SMTP"
i18n::Text servers_text(const std::vector<std::string>& servers) {
  i18n::Text out = servers.empty() ? i18n::Text(std::string()) : i18n::Text(servers.front());
  for (std::size_t i = 1; i < servers.size(); ++i) out = i18n::msg("{1} and {2}", {out, servers[i]});
  return out;
}

std::optional<core::Finding> manual_proxy_finding(const core::Account& account, const ProxySettings& s) {
  const auto servers = proxied_servers(account, s);
  if (servers.empty()) return std::nullopt;
  if (s.socks.usable()) {
    const bool local = is_local_proxy_host(s.socks.host);
    const std::string scheme = "socks" + std::to_string(s.socks_version);
    const std::initializer_list<i18n::Text> args{servers_text(servers), std::to_string(s.socks_version),
                                                 util::printable(s.socks.text())};
    i18n::Text text = s.names_resolved_by_proxy()
                          ? i18n::msg("Thunderbird sends this account's {1} connections through the SOCKS{2} proxy {3} "
                                      "(network.proxy.type 1, manual; host names resolved by the proxy).",
                                      args)
                          : i18n::msg("Thunderbird sends this account's {1} connections through the SOCKS{2} proxy {3} "
                                      "(network.proxy.type 1, manual; host names resolved by this machine).",
                                      args);
    if (local) text.append_sentence(local_advice());
    return proxy_finding(account, local, scheme + "://" + s.socks.text(), s.socks.origin, text);
  }
  const ProxyServer& web = s.ssl.usable() ? s.ssl : s.http;
  if (!web.usable()) return std::nullopt;
  const bool local = is_local_proxy_host(web.host) && uses_oauth2(account);
  i18n::Text text = i18n::msg("Thunderbird's manual proxy settings name only an HTTP/HTTPS proxy ({1}): it carries "
                              "web connections (OAuth2 sign-in, autoconfig), not this account's {2} connections, which "
                              "go direct.",
                              {util::printable(web.text()), servers_text(servers)});
  if (local) {
    text.append_sentence(i18n::msg("This account signs in with OAuth2, so its sign-in window goes through it."))
        .append_sentence(local_advice());
  }
  return proxy_finding(account, local, "http://" + web.text(), web.origin, text);
}

std::optional<core::Finding> automatic_proxy_finding(const core::Account& account, const ProxySettings& s) {
  if (proxied_servers(account, s).empty()) return std::nullopt;
  switch (s.mode) {
    case ProxyMode::Pac:
      return proxy_finding(account, false, "pac:" + s.pac_url, s.mode_origin,
                           i18n::msg("Thunderbird asks the proxy auto-config script {1} (network.proxy.type 2) which "
                                     "proxy each connection uses; mailmend does not run it. Mail connections go "
                                     "through a proxy only where it answers SOCKS.",
                                     {util::printable(s.pac_url)}));
    case ProxyMode::AutoDetect:
      return proxy_finding(account, false, "auto-detect", s.mode_origin,
                           i18n::msg("Thunderbird detects the proxy on the network (WPAD, network.proxy.type 4); mail "
                                     "connections go through a proxy only where the detected script answers SOCKS."));
    case ProxyMode::System:
      return proxy_finding(account, false, "system", s.mode_origin,
                           i18n::msg("Thunderbird uses the system proxy settings (network.proxy.type 5); mail "
                                     "connections go through a proxy only where the system names a SOCKS proxy."));
    case ProxyMode::Direct:
    case ProxyMode::Manual: break;
  }
  return std::nullopt;
}

// The proxy URL of the account's endpoints that use the manual SOCKS proxy (what the probe connects
// through): socks5h:// when the proxy resolves names, as curl spells it.
void mark_proxied_endpoints(core::Account& account, const ProxySettings& s) {
  if (s.mode != ProxyMode::Manual || !s.socks.usable()) return;
  const std::string scheme = s.socks_version == 4 ? "socks4" : s.names_resolved_by_proxy() ? "socks5h" : "socks5";
  for (auto* ep : {account.incoming ? &*account.incoming : nullptr, account.outgoing ? &*account.outgoing : nullptr}) {
    if (ep && core::is_host_audited(ep->protocol) && !bypasses_proxy(s, ep->host.value)) {
      const bool v6 = s.socks.host.find(':') != std::string::npos;
      ep->proxy = scheme + "://" + (v6 ? "[" + s.socks.host + "]" : s.socks.host) + ":" + std::to_string(s.socks.port);
    }
  }
}

void report_proxy(const PrefStore& prefs, core::ReadOutput& out) {
  const ProxySettings settings = read_proxy_settings(prefs);
  if (!settings.mode_set || settings.mode == ProxyMode::Direct) return;  // no choice made: the default applies
  for (auto& account : out.accounts) {
    mark_proxied_endpoints(account, settings);
    auto f = settings.mode == ProxyMode::Manual ? manual_proxy_finding(account, settings)
                                                : automatic_proxy_finding(account, settings);
    if (f) out.findings.push_back(std::move(*f));
  }
}

}  // namespace

void read_surroundings(const fs::path& profile_dir, const PrefStore& prefs, core::ReadOutput& out,
                       core::Source& source) {
  read_certificate_store(profile_dir, out, source);
  report_proxy(prefs, out);
}

}  // namespace adapters::thunderbird
