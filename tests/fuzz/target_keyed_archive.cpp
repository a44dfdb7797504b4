// Accounts4 property values (NSKeyedArchiver scalars): a decoded scalar encodes and decodes back
// to itself.
#include <utf8cpp/utf8.h>

#include <string>

#include "adapters/apple/keyed_archive.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {

int keyed_archive(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  namespace ap = adapters::apple;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = ap::decode_archived_scalar(bytes);
  if (!decoded) {
    check(decoded.error().message.find('\n') == std::string::npos);
    return 0;
  }
  (void)ap::scalar_text(*decoded);
  (void)ap::scalar_int(*decoded);
  (void)ap::scalar_bool(*decoded);
  if (!decoded->has_value()) return 0;
  const auto& scalar = **decoded;
  // A NUL ends the C string libplist is given; invalid UTF-8 in an ASCII string object is written
  // back converted by libplist (see plist_util.hpp): neither can round-trip.
  if (const auto* s = std::get_if<std::string>(&scalar);
      s && (s->find('\0') != std::string::npos || !utf8::is_valid(s->begin(), s->end())))
    return 0;
  auto again = ap::decode_archived_scalar(ap::encode_archived_scalar(scalar));
  check(again.ok() && again->has_value() && **again == scalar);
  return 0;
}

}  // namespace fuzz
