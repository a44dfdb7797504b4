#include "trust/inspection.hpp"

#include <array>

#include "core/around.hpp"
#include "trust/der_names.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace trust {
namespace {

struct Product {
  std::string_view marker;  // lower case, searched in the subject and issuer
  std::string_view name;
};

// The names these products give the roots they install (vendors' documentation and certificates
// seen in the wild); a marker is specific enough not to match an ordinary CA.
constexpr std::array<Product, 15> kProducts{{
    {"avast web/mail shield", "Avast Web/Mail Shield"},
    {"avast antivirus", "Avast Web/Mail Shield"},
    {"avg web/mail shield", "AVG Web/Mail Shield"},
    {"avg technologies", "AVG Web/Mail Shield"},
    {"norton web/mail shield", "Norton Web/Mail Shield"},
    {"kaspersky", "Kaspersky (encrypted connection scanning)"},
    {"eset ssl filter", "ESET SSL/TLS protocol filtering"},
    {"bitdefender", "Bitdefender (encrypted web/mail scan)"},
    {"dr.web", "Dr.Web SpIDer Gate/Mail"},
    {"sophos", "Sophos (TLS inspection)"},
    {"fortigate", "Fortinet FortiGate (TLS inspection)"},
    {"zscaler", "Zscaler (TLS inspection)"},
    {"netskope", "Netskope (TLS inspection)"},
    {"cisco umbrella", "Cisco Umbrella (TLS inspection)"},
    {"mcafee web gateway", "McAfee Web Gateway (TLS inspection)"},
}};

}  // namespace

std::optional<std::string_view> inspection_product(std::string_view subject_or_issuer) {
  const std::string lower = util::to_lower(subject_or_issuer);
  for (const auto& p : kProducts) {
    if (lower.find(p.marker) != std::string::npos) return p.name;
  }
  return std::nullopt;
}

std::optional<std::string_view> inspection_product(const CertificateFacts& cert) {
  if (auto p = inspection_product(cert.subject)) return p;
  return inspection_product(cert.issuer);
}

bool may_name_inspection_product(std::string_view certificate_der) {
  const auto values = der_issuer_and_subject_values(certificate_der);
  if (!values) return true;
  for (const std::string_view value : *values) {
    if (inspection_product(value)) return true;
  }
  return false;
}

core::Finding inspection_root_finding(const CertificateFacts& cert, std::string_view product, const std::string& store,
                                      const core::Origin& origin, const std::string& label) {
  core::Finding f;
  f.rule = std::string(core::around::kTlsInspectionRoot);
  f.severity = core::Severity::Warning;
  f.actual = cert.subject;
  f.origin = origin;
  const i18n::Text where = label.empty() ? i18n::Text(store)
                                         : i18n::msg("{1} as '{2}'", {store, util::printable(label)});
  const i18n::Text until = cert.expired ? i18n::msg("{1} (EXPIRED)", {cert.not_after}) : i18n::Text(cert.not_after);
  f.explain(i18n::msg("A root certificate of {1} is in {2}: subject {3}, issuer {4}, valid {5} to {6}, SHA-256 {7}. "
                      "The product intercepts the client's TLS connections (its mail shield) and presents its own "
                      "certificates; when the product or this root is out of date or removed, every connection fails "
                      "with a certificate error, which mail clients often report as a wrong password. Update the "
                      "product, or turn off its mail/TLS scanning and remove this root.",
                      {std::string(product), where, cert.subject, cert.issuer, cert.not_before, until, cert.sha256}));
  return f;
}

}  // namespace trust
