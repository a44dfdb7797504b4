// Configuration profiles (XML, binary, CMS-signed): the embedded plist found in a CMS blob lies
// inside it; reading always yields exactly one Source and errors of one line.
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
    if (auto inner = ap::embedded_plist(bytes)) {
      check(inner->data() >= bytes.data() && inner->data() + inner->size() <= bytes.data() + bytes.size());
    }
  }
  auto out = ap::read_profile_bytes(bytes, "fuzz.mobileconfig");
  check(out.sources.size() == 1);
  check(out.sources[0].message.find('\n') == std::string::npos);
  return 0;
}

}  // namespace fuzz
