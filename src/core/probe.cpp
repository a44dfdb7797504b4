#include "core/probe.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace core {

std::string probe_id(const ProbeTarget& t) {
  return std::string(to_string(t.protocol)) + ":" + t.host + ":" + std::to_string(t.port) + ":" +
         std::string(to_string(t.security)) + (t.proxy.empty() ? "" : "@" + t.proxy);
}

const Endpoint* endpoint_for(const Account& account, const ProbeTarget& t, bool* incoming) {
  for (bool in : {true, false}) {
    const auto& ep = in ? account.incoming : account.outgoing;
    if (ep && ep->protocol == t.protocol && util::iequals(ep->host.value, t.host) && ep->port.value == t.port &&
        ep->security.value == t.security && ep->proxy == t.proxy) {
      if (incoming) *incoming = in;
      return &*ep;
    }
  }
  return nullptr;
}

bool connected_anywhere(const ProbeResult& p) {
  return std::any_of(p.addresses.begin(), p.addresses.end(),
                     [](const ProbeAddress& a) { return a.tcp == TcpOutcome::Connected; });
}

const std::vector<std::string>& capabilities_at_login(const ProbeResult& p) {
  return p.target.security == Security::None ? p.capabilities_before_tls : p.capabilities_after_tls;
}

std::string address_outcomes(const ProbeResult& p) {
  std::string out;
  for (const auto& a : p.addresses) {
    if (!out.empty()) out += ", ";
    out += a.address + " " + std::string(to_string(a.tcp));
  }
  return out;
}

}  // namespace core
