// The probe's reply framers on what a hostile server can send. POP3: one status line and a CAPA listing; pop3_capabilities.
#include "fuzz/mail_replies.hpp"

namespace fuzz {

int pop3_reply(const uint8_t* data, size_t size) {
  using namespace mail_replies;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const Limits& limits : {Limits{}, kSmall}) {
    auto single = [&](std::string_view b) { return probe::frame_pop3_line(b, limits); };
    Framed one = single(bytes);
    if (const auto* r = check_framed(one, bytes, limits, single)) check(r->lines.size() == 1);
    auto multi = [&](std::string_view b) { return probe::frame_pop3_multiline(b, limits); };
    Framed listing = multi(bytes);
    if (const auto* r = check_framed(listing, bytes, limits, multi)) {
      auto caps = probe::pop3_capabilities(*r);
      check_caps(caps, false);
      if (!probe::pop3_ok(r->lines.front())) check(r->lines.size() == 1 && caps.items.empty());
      if (!caps.auth_mechanisms.empty()) check(caps.sasl_listed);
    }
  }
  return 0;
}

}  // namespace fuzz
