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
    source.message += "; certificate store not checked: " + findings.error().message;
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
                            std::string message) {
  core::Finding f;
  f.rule = std::string(local ? core::around::kClientProxyLocal : core::around::kClientProxy);
  f.severity = local ? core::Severity::Warning : core::Severity::Info;
  f.account = account.id;
  f.actual = std::move(actual);
  f.origin = std::move(origin);
  f.message = std::move(message);
  return f;
}

constexpr std::string_view kLocalAdvice =
    " The proxy is on this machine or a private network: a tunnel or tool (ssh -D, Tor, a security agent) that "
    "must be running; when it is not, every connection fails, which Thunderbird often reports as a server that cannot "
    "be reached or a wrong password. If nobody needs it, set Thunderbird's Connection Settings to \"No proxy\" or "
    "\"Use system proxy settings\".";

std::optional<core::Finding> manual_proxy_finding(const core::Account& account, const ProxySettings& s) {
  const auto servers = proxied_servers(account, s);
  if (servers.empty()) return std::nullopt;
  if (s.socks.usable()) {
    const bool local = is_local_proxy_host(s.socks.host);
    const std::string scheme = "socks" + std::to_string(s.socks_version);
    return proxy_finding(account, local, scheme + "://" + s.socks.text(), s.socks.origin,
                         "Thunderbird sends this account's " + util::join(servers, " and ") +
                             " connections through the SOCKS" + std::to_string(s.socks_version) + " proxy " +
                             util::printable(s.socks.text()) + " (network.proxy.type 1, manual; host names resolved " +
                             (s.names_resolved_by_proxy() ? "by the proxy" : "by this machine") + ")." +
                             (local ? std::string(kLocalAdvice) : std::string()));
  }
  const ProxyServer& web = s.ssl.usable() ? s.ssl : s.http;
  if (!web.usable()) return std::nullopt;
  const bool local = is_local_proxy_host(web.host) && uses_oauth2(account);
  return proxy_finding(account, local, "http://" + web.text(), web.origin,
                       "Thunderbird's manual proxy settings name only an HTTP/HTTPS proxy (" + util::printable(web.text()) +
                           "): it carries web connections (OAuth2 sign-in, autoconfig), not this account's " +
                           util::join(servers, " and ") + " connections, which go direct." +
                           (local ? " This account signs in with OAuth2, so its sign-in window goes through it." +
                                        std::string(kLocalAdvice)
                                  : std::string()));
}

std::optional<core::Finding> automatic_proxy_finding(const core::Account& account, const ProxySettings& s) {
  if (proxied_servers(account, s).empty()) return std::nullopt;
  switch (s.mode) {
    case ProxyMode::Pac:
      return proxy_finding(account, false, "pac:" + s.pac_url, s.mode_origin,
                           "Thunderbird asks the proxy auto-config script " + util::printable(s.pac_url) +
                               " (network.proxy.type 2) which proxy each connection uses; mailmend does not run it. "
                               "Mail connections go through a proxy only where it answers SOCKS.");
    case ProxyMode::AutoDetect:
      return proxy_finding(account, false, "auto-detect", s.mode_origin,
                           "Thunderbird detects the proxy on the network (WPAD, network.proxy.type 4); mail "
                           "connections go through a proxy only where the detected script answers SOCKS.");
    case ProxyMode::System:
      return proxy_finding(account, false, "system", s.mode_origin,
                           "Thunderbird uses the system proxy settings (network.proxy.type 5); mail connections go "
                           "through a proxy only where the system names a SOCKS proxy.");
    case ProxyMode::Direct:
    case ProxyMode::Manual: break;
  }
  return std::nullopt;
}

void report_proxy(const PrefStore& prefs, core::ReadOutput& out) {
  const ProxySettings settings = read_proxy_settings(prefs);
  if (!settings.mode_set || settings.mode == ProxyMode::Direct) return;  // no choice made: the default applies
  for (const auto& account : out.accounts) {
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
