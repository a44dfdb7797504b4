#pragma once
// What a server's TLS session and certificate show, read out of OpenSSL: the leaf's names, dates
// and fingerprint, the chain as the server sent it, and whether it verifies against a trust store
// and names the host. Verification is a separate step after the handshake, so a bad certificate
// is recorded instead of ending the probe.
#include <string_view>

#include <openssl/ssl.h>

#include "core/probe.hpp"

namespace probe {

// The leaf `leaf` with the chain the server sent (`chain`, leaf first; may be null), verified
// against `store` for `host` (a name or an IP address literal) at the current time.
core::ProbeCertificate inspect_certificate(X509* leaf, STACK_OF(X509) * chain, X509_STORE* store,
                                           std::string_view host);

// Version and cipher of an established session, and the SNI name sent.
core::ProbeTls session_info(const SSL* ssl, std::string_view sni);

// The name to send as SNI: the host, or empty when it is an IP address literal.
std::string sni_name(std::string_view host);

}  // namespace probe
