#pragma once
// The property list inside a signed configuration profile (CMS/PKCS#7 SignedData, DER, first
// byte 0x30). The signature is not verified: an audit only needs the content (reference §4.2).
#include <optional>
#include <string_view>

namespace adapters::apple {

bool looks_like_cms(std::string_view bytes);

// The embedded XML (`<?xml`…`</plist>`) or binary (`bplist00`, sized by its DER OCTET STRING
// header) plist; nullopt when none is found.
std::optional<std::string_view> embedded_plist(std::string_view cms);

}  // namespace adapters::apple
