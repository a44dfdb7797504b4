// Binary plists (bplist00): our bounded checker runs before libplist; whatever parses serialises
// back to a binary plist that parses to the same tree.
#include "fuzz/plist_util.hpp"

namespace fuzz {

int bplist(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  namespace ap = adapters::apple;
  std::string input(reinterpret_cast<const char*>(data), size);
  // Every input is read as binary: the magic is forced so that mutations stay on this reader.
  if (input.size() < 8 || !input.starts_with("bplist")) input.insert(0, "bplist00");
  auto parsed = ap::parse_plist(input, "fuzz.plist");
  if (!parsed) {
    check(parsed.error().message.starts_with("fuzz.plist: ") && parsed.error().message.find('\n') == std::string::npos);
    return 0;
  }
  check(parsed->format == ap::PlistFormat::Binary);
  check_binary_round_trip(parsed->root.get());
  check_port_edit(input, parsed->root.get(), true);
  return 0;
}

}  // namespace fuzz
