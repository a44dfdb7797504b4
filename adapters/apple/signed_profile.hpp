#pragma once
// The property list inside a signed configuration profile: a CMS/PKCS#7 SignedData (RFC 5652) in
// DER or BER. The signature is not verified: an audit only needs the content (reference §4.2).
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace adapters::apple {

// First byte 0x30 (a SEQUENCE): CMS, not a plist (those start with '<', 'b' or a BOM).
bool looks_like_cms(std::string_view bytes);

// The embedded content (eContent) of a SignedData: ContentInfo → [0] SignedData → encapContentInfo →
// [0] OCTET STRING. Definite and indefinite lengths; the chunks of a constructed OCTET STRING (what
// streaming encoders such as `openssl cms -sign -stream` and Apple's CMS encoder write) are
// concatenated. The whole ContentInfo must be present (a cut file is an error even when the content
// survived). Nesting is bounded and no length is trusted. Errors are one line naming the byte
// offset, without the file name: "truncated at byte N (…)", "not a CMS SignedData: …",
// "detached signature: no embedded content", "encrypted profile: cannot be read without the
// recipient's key", "indefinite length nested too deeply at byte N", ….
util::Result<std::string> embedded_plist(std::string_view cms);

}  // namespace adapters::apple
