// Declarative mail account JSON: reading always yields exactly one Source; accounts have ids.
#include <string>

#include "adapters/apple/declaration.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {

int declaration(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  namespace ap = adapters::apple;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ap::looks_like_mail_declaration(bytes);
  auto out = ap::read_declaration_bytes(bytes, "fuzz.json");
  check(out.sources.size() == 1);
  check(out.sources[0].message.find('\n') == std::string::npos);
  for (const auto& a : out.accounts) check(!a.id.empty());
  return 0;
}

}  // namespace fuzz
