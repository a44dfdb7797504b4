#pragma once
// How Apple's stored flags and port turn into none / STARTTLS / implicit TLS
// (reference applemail.md §2.4).
#include <cstdint>
#include <optional>

#include "core/model.hpp"

namespace adapters::apple {

// The port Mail uses when PortNumber is 0 or absent.
int default_port(core::Protocol protocol, bool ssl);
bool is_default_secure_port(core::Protocol protocol, std::int64_t port);

// Legacy Accounts.plist: SSLEnabled off means no TLS; SecurityLayerType 3 = implicit TLS,
// 2 = STARTTLS; otherwise the default secure port (or no port) means implicit TLS and any
// other port STARTTLS.
core::Security legacy_security(core::Protocol protocol, bool ssl_enabled, std::optional<std::int64_t> security_layer,
                               std::int64_t port);

// Accounts DB and profiles (MFAccount): SSLIsDirect decides when present; otherwise direct TLS
// iff the port is the default secure port (or unset).
core::Security account_store_security(core::Protocol protocol, bool ssl_enabled, std::optional<bool> ssl_is_direct,
                                      std::int64_t port);

}  // namespace adapters::apple
