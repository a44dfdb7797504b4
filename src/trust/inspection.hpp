#pragma once
// Products that inspect TLS by putting their own root certificate into the trust store (antivirus
// mail/web shields, corporate TLS-inspection gateways), recognised by the names they give their roots,
// and the tls-inspection-root finding for one such certificate.
#include <optional>
#include <string>
#include <string_view>

#include "core/finding.hpp"
#include "trust/x509_text.hpp"

namespace trust {

// The product whose root this subject or issuer names ("Avast", "ESET", ...), if any.
std::optional<std::string_view> inspection_product(std::string_view subject_or_issuer);
// Of a certificate: the subject's product, else the issuer's.
std::optional<std::string_view> inspection_product(const CertificateFacts& cert);

// Whether a certificate (DER) may be a product's root: false only when its issuer and subject values
// can be read from the DER alone (der_names.hpp) and none names a product, so that ordinary
// certificates need no X.509 parse (on Linux, libcrypto is then never loaded).
bool may_name_inspection_product(std::string_view certificate_der);

// A tls-inspection-root warning (no account: the store is the client's, not an account's).
// `store` says where ("Thunderbird's certificate store /p/cert9.db", "the Windows LocalMachine ROOT
// store"), `label` is the store's name for the certificate (empty when it has none).
core::Finding inspection_root_finding(const CertificateFacts& cert, std::string_view product, const std::string& store,
                                      const core::Origin& origin, const std::string& label);

}  // namespace trust
