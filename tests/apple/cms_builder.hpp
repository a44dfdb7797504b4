#pragma once
// Hand-written CMS (RFC 5652) bytes for the signed-profile tests: BER/DER TLVs, definite or
// indefinite, and a ContentInfo/SignedData around a chosen eContent. No signature is computed (the
// reader never verifies one); certificates and signerInfos are placeholders.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace cms_test {

inline const std::string kIdData("\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x07\x01", 11);
inline const std::string kIdSignedData("\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x07\x02", 11);
inline const std::string kIdEnvelopedData("\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x07\x03", 11);
inline const std::string kEndOfContents("\x00\x00", 2);

inline std::string byte(unsigned b) { return std::string(1, static_cast<char>(b)); }

// Long form with exactly `n` length bytes (0x81..0x88), minimal or not.
inline std::string long_length(std::uint64_t length, int n) {
  std::string out = byte(0x80u | static_cast<unsigned>(n));
  for (int i = n - 1; i >= 0; --i) out += byte(static_cast<unsigned>((length >> (8 * i)) & 0xFF));
  return out;
}

// The DER (shortest) length octets.
inline std::string der_length(std::size_t length) {
  if (length < 0x80) return byte(static_cast<unsigned>(length));
  int n = 0;
  for (std::size_t l = length; l > 0; l >>= 8) ++n;
  return long_length(length, n);
}

// A definite-length element.
inline std::string tlv(unsigned tag, const std::string& content) { return byte(tag) + der_length(content.size()) + content; }

// An indefinite-length (constructed) element: tag, 0x80, content, end-of-contents.
inline std::string indefinite(unsigned tag, const std::string& content) {
  return byte(tag) + byte(0x80) + content + kEndOfContents;
}

enum class Lengths { Definite, Indefinite };

inline std::string container(Lengths lengths, unsigned tag, const std::string& content) {
  return lengths == Lengths::Definite ? tlv(tag, content) : indefinite(tag, content);
}

// A constructed OCTET STRING (0x24) of primitive chunks of `chunk` bytes.
inline std::string chunked_octets(const std::string& data, std::size_t chunk, Lengths lengths) {
  std::string chunks;
  for (std::size_t i = 0; i < data.size(); i += chunk) chunks += tlv(0x04, data.substr(i, chunk));
  return container(lengths, 0x24, chunks);
}

// A certificates [0] field whose bytes look like a plist: a reader that searches would take it.
inline std::string decoy_certificates(Lengths lengths) {
  return container(lengths, 0xA0, container(lengths, 0x30, tlv(0x0C, "<?xml version=\"1.0\"?><plist><dict/></plist>")));
}

// ContentInfo { signedData, [0] SignedData { version 1, digestAlgorithms { sha256 },
// encapContentInfo { id-data, [0] `econtent` }, certificates [0] (decoy), signerInfos {} } }.
// `econtent` is the element inside [0] EXPLICIT (an OCTET STRING, primitive or constructed);
// nullopt gives a detached signature.
inline std::string signed_data(const std::optional<std::string>& econtent, Lengths lengths = Lengths::Definite) {
  std::string sha256 = tlv(0x30, tlv(0x06, std::string("\x60\x86\x48\x01\x65\x03\x04\x02\x01", 9)));
  std::string encap = kIdData + (econtent ? container(lengths, 0xA0, *econtent) : "");
  std::string body = tlv(0x02, byte(1)) + container(lengths, 0x31, sha256) + container(lengths, 0x30, encap) +
                     decoy_certificates(lengths) + container(lengths, 0x31, "");
  return container(lengths, 0x30, kIdSignedData + container(lengths, 0xA0, container(lengths, 0x30, body)));
}

inline std::string signed_profile(const std::string& content, Lengths lengths = Lengths::Definite) {
  return signed_data(tlv(0x04, content), lengths);
}

// ContentInfo { envelopedData, [0] { version 0, ... } }: what `openssl cms -encrypt` writes.
inline std::string enveloped_data() {
  return tlv(0x30, kIdEnvelopedData + tlv(0xA0, tlv(0x30, tlv(0x02, byte(0)) + tlv(0x31, ""))));
}

}  // namespace cms_test
