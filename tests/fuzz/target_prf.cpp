// Outlook PRF files: every origin line lies inside the file, every account has an id and errors
// are one line naming the file.
#include <string>

#include "adapters/outlook/prf.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {
namespace detail_prf {

void check_origin(const core::Origin& o, int max_line) { check(o.line >= 0 && o.line <= max_line); }

void check_endpoint(const std::optional<core::Endpoint>& e, int max_line) {
  if (!e) return;
  check_origin(e->host.origin, max_line);
  check_origin(e->port.origin, max_line);
  check_origin(e->security.origin, max_line);
  check_origin(e->auth.origin, max_line);
  check_origin(e->username.origin, max_line);
  check(e->port.value >= 0 && e->port.value <= 65535);
}

}  // namespace detail_prf

int prf(const uint8_t* data, size_t size) {
  using namespace detail_prf;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  int max_line = 1;
  for (char c : bytes) max_line += (c == '\n' || c == '\r');
  auto out = adapters::outlook::parse_prf(bytes, "deploy.prf");
  if (!out) {
    check(out.error().message.starts_with("deploy.prf") && out.error().message.find('\n') == std::string::npos);
    return 0;
  }
  for (const auto& a : out->accounts) {
    check(!a.id.empty());
    check_endpoint(a.incoming, max_line);
    check_endpoint(a.outgoing, max_line);
  }
  return 0;
}

}  // namespace fuzz
