#pragma once
// The rules about what surrounds the client (README "Around the client"): the machine's hosts
// file, the client's proxy, trust roots of TLS inspection. Their ids are public contracts like the
// shared rules' (add, never rename); adapters and the audit both emit them, so they live here.
#include <string_view>
#include <vector>

#include "core/rule_info.hpp"

namespace core::around {

inline constexpr std::string_view kHostsFileOverride = "hosts-file-override";
inline constexpr std::string_view kTlsInspectionRoot = "tls-inspection-root";
inline constexpr std::string_view kClientProxy = "client-proxy";
inline constexpr std::string_view kClientProxyLocal = "client-proxy-local";

const std::vector<RuleInfo>& catalogue();

}  // namespace core::around
