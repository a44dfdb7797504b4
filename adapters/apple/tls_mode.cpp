#include "adapters/apple/tls_mode.hpp"

namespace adapters::apple {

int default_port(core::Protocol protocol, bool ssl) {
  return core::standard_port(protocol, ssl ? core::Security::Tls : core::Security::StartTls);
}

bool is_default_secure_port(core::Protocol protocol, std::int64_t port) {
  return port == default_port(protocol, true);
}

core::Security legacy_security(core::Protocol protocol, bool ssl_enabled, std::optional<std::int64_t> security_layer,
                               std::int64_t port) {
  if (!ssl_enabled) return core::Security::None;
  if (security_layer == 3) return core::Security::Tls;
  if (security_layer == 2) return core::Security::StartTls;
  return port == 0 || is_default_secure_port(protocol, port) ? core::Security::Tls : core::Security::StartTls;
}

core::Security account_store_security(core::Protocol protocol, bool ssl_enabled, std::optional<bool> ssl_is_direct,
                                      std::int64_t port) {
  if (!ssl_enabled) return core::Security::None;
  if (ssl_is_direct) return *ssl_is_direct ? core::Security::Tls : core::Security::StartTls;
  return port == 0 || is_default_secure_port(protocol, port) ? core::Security::Tls : core::Security::StartTls;
}

}  // namespace adapters::apple
