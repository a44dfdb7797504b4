// XML plists: the depth/NUL check runs before libplist; the position scanner's elements lie inside
// the input and nest properly; whatever parses has a binary form that reads back the same.
#include "adapters/apple/xml_plist_scanner.hpp"
#include "fuzz/plist_util.hpp"

namespace fuzz {

int xml_plist(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  namespace ap = adapters::apple;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (ap::looks_like_binary_plist(bytes)) return 0;  // the bplist target's input
  auto parsed = ap::parse_plist(bytes, "fuzz.plist");
  if (!parsed) {
    check(parsed.error().message.starts_with("fuzz.plist: ") && parsed.error().message.find('\n') == std::string::npos);
    return 0;
  }
  check(parsed->format == ap::PlistFormat::Xml);
  auto elements = ap::scan_xml_plist(bytes);
  if (elements) {
    for (const auto& [path, e] : *elements) {
      check(e.begin < e.end && e.end <= size);
      check(e.begin <= e.content_begin && e.content_begin <= e.content_end && e.content_end <= e.end);
      check(bytes[e.begin] == '<' && bytes[e.end - 1] == '>');
    }
  }
  check_binary_round_trip(parsed->root.get());
  check_port_edit(bytes, parsed->root.get(), false);
  return 0;
}

}  // namespace fuzz
