#include "rules/hosts_override.hpp"

#include "core/around.hpp"
#include "i18n/text.hpp"
#include "util/ip_address.hpp"
#include "util/text.hpp"

namespace rules {
namespace {

bool is_localhost_name(std::string_view key) {
  return key == "localhost" || key.ends_with(".localhost") || key == "localhost.localdomain" ||
         key == "ip6-localhost" || key == "ip6-loopback";
}

bool worth_looking_up(const std::string& key) {
  return !key.empty() && !is_localhost_name(key) && !util::parse_ip_address(key);
}

std::string email_of(const core::Account& account, const core::Endpoint& ep) {
  if (!account.email.empty()) return account.email;
  return ep.username.value.find('@') != std::string::npos ? ep.username.value : std::string();
}

// The provider's hosts for the endpoint's protocol (recommended and accepted), expanded for the account.
std::vector<std::string> provider_hosts(const core::Account& account, const core::Endpoint& ep, bool incoming,
                                        const std::optional<providers::Match>& match) {
  std::vector<std::string> out;
  if (!match) return out;
  const auto& specs = incoming ? match->provider.incoming : match->provider.outgoing;
  for (const auto& spec : specs) {
    if (spec.protocol != ep.protocol) continue;
    std::string host = util::hosts_key(providers::expand_template(spec.hostname, email_of(account, ep)));
    if (host.find('%') == std::string::npos && worth_looking_up(host)) out.push_back(std::move(host));
  }
  return out;
}

template <class F>
void for_each_endpoint(const core::Account& account, F&& f) {
  if (account.incoming && core::is_host_audited(account.incoming->protocol)) f(*account.incoming, true);
  if (account.outgoing && core::is_host_audited(account.outgoing->protocol)) f(*account.outgoing, false);
}

i18n::Text addresses_text(const std::vector<util::HostsMapping>& mappings) {
  std::vector<i18n::Text> parts;
  for (const auto& m : mappings) {
    parts.push_back(i18n::msg("{1} (line {2})", {util::printable(m.address), std::to_string(m.line)}));
  }
  return i18n::join_list(parts);
}

core::Finding override_finding(const core::Account& account, const core::Endpoint& ep, bool incoming,
                               const std::string& host, bool provider_host,
                               const std::vector<util::HostsMapping>& mappings, const std::string& hosts_path) {
  const util::HostsMapping& first = mappings.front();
  core::Finding f;
  f.rule = std::string(core::around::kHostsFileOverride);
  f.severity = core::Severity::Error;
  f.account = account.id;
  f.field = core::field_path(incoming, core::Field::Host);
  f.actual = ep.host.value;
  f.origin = {hosts_path, host, first.line, false};
  const i18n::Text server = i18n::msg("{1} server", {core::label_of(ep.protocol)});
  const i18n::Text whose =
      provider_host ? i18n::msg("The {1} this account's provider expects, {2},", {server, util::printable(host)})
                    : i18n::msg("The {1} {2}", {server, util::printable(host)});
  const i18n::Text every = mappings.size() > 1 ? i18n::msg(" (every mapping: {1})", {addresses_text(mappings)})
                                               : i18n::Text(std::string());
  f.explain(i18n::msg("{1} is mapped in the hosts file {2} at line {3} to {4}{5}: this machine connects to that "
                      "address whatever DNS says. A leftover of a migration or a test, or malware, it makes the "
                      "connection fail or reach another server (which the client often reports as a wrong password "
                      "or a certificate error). Remove or correct that line (as administrator); mailmend never edits "
                      "the hosts file.",
                      {whose, hosts_path, std::to_string(first.line), util::printable(first.address), every}));
  return f;
}

}  // namespace

std::set<std::string> hosts_looked_up(const core::Account& account, const std::optional<providers::Match>& match) {
  std::set<std::string> out;
  for_each_endpoint(account, [&](const core::Endpoint& ep, bool incoming) {
    if (std::string own = util::hosts_key(ep.host.value); worth_looking_up(own)) out.insert(std::move(own));
    for (auto& h : provider_hosts(account, ep, incoming, match)) out.insert(std::move(h));
  });
  return out;
}

std::vector<core::Finding> hosts_file_findings(const core::Account& account,
                                               const std::optional<providers::Match>& match,
                                               const util::HostsFile& hosts, const std::string& hosts_path) {
  std::vector<core::Finding> out;
  for_each_endpoint(account, [&](const core::Endpoint& ep, bool incoming) {
    const std::string own = util::hosts_key(ep.host.value);
    std::set<std::string> seen;
    auto check = [&](const std::string& host, bool provider_host) {
      if (!worth_looking_up(host) || !seen.insert(host).second) return;
      if (const auto* mappings = hosts.find(host)) {
        out.push_back(override_finding(account, ep, incoming, host, provider_host, *mappings, hosts_path));
      }
    };
    check(own, false);
    for (const auto& h : provider_hosts(account, ep, incoming, match)) check(h, true);
  });
  return out;
}

}  // namespace rules
