// One UTF-8 sequence decoded strictly (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF. Header-only, for the Windows narrow-encoding facet (src/startup/utf8_codecvt_win.cpp,
// linked outside the libraries) and the text report's column widths alike.
#pragma once

#include <cstddef>

namespace util {

// Decodes the sequence at [from, end) (not empty) into `out`; returns the bytes it used, 0 when
// the input ends inside the sequence, -1 when it is not valid UTF-8.
inline int decode_utf8(const char* from, const char* end, char32_t& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(from);
  const std::ptrdiff_t avail = end - from;
  const unsigned char c = s[0];
  const int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : -1;
  if (len < 0) return -1;
  if (avail < len) return 0;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int i = 1; i < len; ++i) {
    if ((s[i] & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};  // below these: an overlong form
  if (cp < kLeast[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  out = cp;
  return len;
}

}  // namespace util
