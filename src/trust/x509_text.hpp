#pragma once
// Certificates as people read them, out of OpenSSL: names on one line, dates in RFC 3339, the
// SHA-256 fingerprint; and the facts of one DER certificate (the probe's server certificates and
// the roots in client trust stores use the same words).
#include <string>
#include <string_view>

#include <openssl/x509.h>

#include "util/result.hpp"

namespace trust {

// RFC 2253 on one line, UTF-8 kept as it is (not escaped to \XX), control characters escaped.
std::string name_line(const X509_NAME* name);
// "2026-01-31T12:00:00Z"; empty when unreadable.
std::string rfc3339(const ASN1_TIME* t);
// Lower-case hex of the SHA-256 of the DER encoding.
std::string sha256_hex(X509* cert);

struct CertificateFacts {
  std::string subject;
  std::string issuer;
  std::string not_before;  // RFC 3339
  std::string not_after;
  std::string sha256;      // lower-case hex
  bool expired = false;    // not_after is in the past (now)
};

// Parses exactly one DER certificate (trailing bytes are an error).
util::Result<CertificateFacts> read_der_certificate(std::string_view der);

}  // namespace trust
