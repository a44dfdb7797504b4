#pragma once
// The TLS mode a port number implies by convention (RFC 8314, IANA): 993/995/465 speak TLS from
// the first byte, 143/110/587/25 start plain (and may upgrade with STARTTLS). The rules judge
// accounts by it, and the fix planner never plans a port without the security that matches it.
#include <optional>

#include "core/model.hpp"

namespace rules {

// Security::Tls for the implicit-TLS ports, Security::StartTls for the plain/STARTTLS ones (never
// implicit TLS), nothing for a port without a convention.
std::optional<core::Security> security_implied_by_port(core::Protocol p, int port);

// Whether a port and a security mode can work together: false for 993/995/465 without implicit TLS
// and for 143/110/587/25 with it; true when the port has no convention or the mode is unknown.
bool port_fits_security(core::Protocol p, int port, core::Security s);

}  // namespace rules
