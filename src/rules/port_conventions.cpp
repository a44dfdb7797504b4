#include "rules/port_conventions.hpp"

namespace rules {

using core::Protocol;
using core::Security;

std::optional<Security> security_implied_by_port(Protocol p, int port) {
  if (port == 993 && p == Protocol::Imap) return Security::Tls;
  if (port == 995 && p == Protocol::Pop3) return Security::Tls;
  if (port == 465 && p == Protocol::Smtp) return Security::Tls;
  if ((port == 143 && p == Protocol::Imap) || (port == 110 && p == Protocol::Pop3) ||
      ((port == 587 || port == 25) && p == Protocol::Smtp)) {
    return Security::StartTls;  // plain or STARTTLS, never implicit TLS
  }
  return std::nullopt;
}

bool port_fits_security(Protocol p, int port, Security s) {
  const auto implied = security_implied_by_port(p, port);
  if (!implied || s == Security::Unknown) return true;
  return *implied == Security::Tls ? s == Security::Tls : s != Security::Tls;
}

}  // namespace rules
