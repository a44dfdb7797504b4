// The probe's reply framers on what a hostile server can send. SMTP: a (multi-line) reply; smtp_status, smtp_capabilities.
#include "fuzz/mail_replies.hpp"

namespace fuzz {

int smtp_reply(const uint8_t* data, size_t size) {
  using namespace mail_replies;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const Limits& limits : {Limits{}, kSmall}) {
    auto frame = [&](std::string_view b) { return probe::frame_smtp(b, limits); };
    Framed framed = frame(bytes);
      if (const auto* r = check_framed(framed, bytes, limits, frame)) {
      for (const auto& line : r->lines) check(line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])));
      auto status = probe::smtp_status(*r);
      check(status.code >= 0 && status.code <= 999);
      check(status.enhanced.empty() || std::isdigit(static_cast<unsigned char>(status.enhanced.front())));
      check_caps(probe::smtp_capabilities(*r), false);
    }
  }
  return 0;
}

}  // namespace fuzz
