// The probe's reply framers on what a hostile server can send. IMAP: the greeting (no tag) and a tagged reply; imap_capabilities, imap_status.
#include "fuzz/mail_replies.hpp"

namespace fuzz {

int imap_reply(const uint8_t* data, size_t size) {
  using namespace mail_replies;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const Limits& limits : {Limits{}, kSmall}) {
    for (std::string_view tag : {std::string_view(), std::string_view("a1")}) {
      auto frame = [&](std::string_view b) { return probe::frame_imap(b, tag, limits); };
      Framed framed = frame(bytes);
      if (const auto* r = check_framed(framed, bytes, limits, frame)) {
        check_caps(probe::imap_capabilities(*r), true);
        for (const auto& line : r->lines) {
          auto s = probe::imap_status(line);
          check(s.status.find(' ') == std::string::npos && s.code.find(' ') == std::string::npos);
        }
      }
    }
  }
  return 0;
}

}  // namespace fuzz
