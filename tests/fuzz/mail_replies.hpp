#pragma once
// Shared by the probe reply targets (target_imap_reply.cpp, target_pop3_reply.cpp,
// target_smtp_reply.cpp): the invariants every framed reply keeps. A complete reply lies inside
// the input and frames the same from exactly its own bytes; its lines hold no line end and keep the
// limits; errors are one line; capabilities and mechanisms have no blanks.
#include <algorithm>
#include <cctype>
#include <string>

#include "fuzz/targets.hpp"
#include "probe/dialogue.hpp"

namespace fuzz {
namespace mail_replies {
using probe::Framed;
using probe::Limits;

// Small limits reach every limit path with short inputs; the default ones the usual paths.
inline const Limits kSmall{64, 8, 512};

inline bool upper_no_blank(const std::string& s) {
  return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == ' '; });
}

// Checks one framing result; returns the reply (inside `framed`) when complete.
template <class Frame>
const probe::Reply* check_framed(const Framed& framed, std::string_view bytes, const Limits& limits, Frame frame_again) {
  if (!framed.ok()) {
    check(!framed.error().message.empty() && framed.error().message.find('\n') == std::string::npos);
    return nullptr;
  }
  if (!framed->has_value()) return nullptr;
  const probe::Reply& r = **framed;
  check(r.consumed > 0 && r.consumed <= bytes.size() && r.consumed <= limits.max_total);
  check(!r.lines.empty() && r.lines.size() <= limits.max_lines);
  for (const auto& line : r.lines) check(line.size() <= limits.max_line && line.find('\n') == std::string::npos);
  Framed again = frame_again(bytes.substr(0, r.consumed));
  check(again.ok() && again->has_value() && (*again)->lines == r.lines && (*again)->consumed == r.consumed);
  return &r;
}

inline void check_caps(const probe::Capabilities& c, bool items_upper) {
  for (const auto& m : c.auth_mechanisms) check(upper_no_blank(m));
  if (items_upper) {
    for (const auto& i : c.items) check(upper_no_blank(i));
  }
  for (const auto& i : c.items) check(!i.empty() && i.find('\n') == std::string::npos);
  if (c.max_size) check(*c.max_size >= 0);
}

}  // namespace mail_replies
}  // namespace fuzz
