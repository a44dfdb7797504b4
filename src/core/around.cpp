#include "core/around.hpp"
#include "i18n/messages.hpp"

namespace core::around {

const std::vector<RuleInfo>& catalogue() {
  static const std::vector<RuleInfo> rules{
      {kHostsFileOverride, Severity::Error, i18n::marked("the hosts file maps an account's server (or its provider's) to a fixed address; names the line and the address; never edited")},
      {kTlsInspectionRoot, Severity::Warning, i18n::marked("a root certificate of a TLS-inspecting product (antivirus mail shield) in Thunderbird's cert9.db or the Windows ROOT stores; product, validity, SHA-256")},
      {kClientProxy, Severity::Info, i18n::marked("the proxy the client sends this account's connections through (Thunderbird network.proxy.*)")},
      {kClientProxyLocal, Severity::Warning, i18n::marked("a manual SOCKS/HTTP proxy on a loopback or private address: a tunnel or tool that must be running")},
  };
  return rules;
}

}  // namespace core::around
