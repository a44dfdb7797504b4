// Configuration profiles (XML, binary, CMS-signed): the content taken from a CMS blob (chunks
// concatenated) is never longer than the blob; reading always yields exactly one Source and errors
// of one line.
#include <string>

#include "adapters/apple/profile.hpp"
#include "adapters/apple/signed_profile.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {

int mobileconfig(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  namespace ap = adapters::apple;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (ap::looks_like_cms(bytes)) {
    auto inner = ap::embedded_plist(bytes);
    if (inner) {
      check(inner->size() <= bytes.size());
    } else {
      check(!inner.error().message.empty() && inner.error().message.find('\n') == std::string::npos);
    }
  }
  auto out = ap::read_profile_bytes(bytes, "fuzz.mobileconfig");
  check(out.sources.size() == 1);
  check(out.sources[0].message.find('\n') == std::string::npos);
  return 0;
}

}  // namespace fuzz
