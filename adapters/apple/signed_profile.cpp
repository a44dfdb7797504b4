#include "adapters/apple/signed_profile.hpp"

#include <cstdint>

namespace adapters::apple {
namespace {

// Length of a DER OCTET STRING whose content starts at `content`, if a definite-length header
// (tag 0x04) ends exactly there.
std::optional<std::size_t> octet_string_length(std::string_view bytes, std::size_t content) {
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  if (content >= 2 && byte(content - 2) == 0x04 && byte(content - 1) < 0x80) return byte(content - 1);
  for (std::size_t n = 1; n <= 4; ++n) {
    if (content < n + 2) break;
    std::size_t tag = content - n - 2;
    if (byte(tag) != 0x04 || byte(tag + 1) != (0x80 | n)) continue;
    std::size_t len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | byte(tag + 2 + i);
    return len;
  }
  return std::nullopt;
}

}  // namespace

bool looks_like_cms(std::string_view bytes) { return !bytes.empty() && static_cast<std::uint8_t>(bytes[0]) == 0x30; }

std::optional<std::string_view> embedded_plist(std::string_view cms) {
  std::size_t start = cms.find("<?xml");
  if (start == std::string_view::npos) start = cms.find("<plist");
  if (start != std::string_view::npos) {
    std::size_t end = cms.find("</plist>", start);
    if (end == std::string_view::npos) return std::nullopt;
    return cms.substr(start, end + 8 - start);
  }
  std::size_t bin = cms.find("bplist00");
  if (bin == std::string_view::npos) return std::nullopt;
  auto len = octet_string_length(cms, bin);
  if (!len || *len > cms.size() - bin) return std::nullopt;
  return cms.substr(bin, *len);
}

}  // namespace adapters::apple
