#pragma once
// The text of a certificate's issuer and subject attribute values read straight from its DER,
// without OpenSSL: enough to tell that a certificate names no TLS-inspection product, so that a
// certificate store of ordinary certificates is judged without loading libcrypto (which costs a
// run more than the rest of a typical audit).
#include <optional>
#include <string_view>
#include <vector>

namespace trust {

// The issuer's and then the subject's attribute values (CN, O, OU, ... in the order they appear),
// each the bytes of an ASCII-compatible string type (UTF8String, PrintableString, IA5String,
// T61String, VisibleString, NumericString). std::nullopt when the DER is not a certificate as
// expected or a value is of another type (BMPString, UniversalString, ...): then only a full
// X.509 parse can say what the names are.
std::optional<std::vector<std::string_view>> der_issuer_and_subject_values(std::string_view certificate_der);

}  // namespace trust
