// Windows only, linked as an object into every executable (never through a static library):
// UTF-8 as the narrow encoding of the C++ library.
//
// mailmend keeps text in UTF-8 inside and std::filesystem::path holds UTF-16 on Windows;
// libstdc++ converts between the two with std::codecvt<wchar_t, char, mbstate_t>, whose generic
// implementation asks the C runtime (msvcrt), and msvcrt has no UTF-8 locale: a profile folder
// called 张伟 would turn into mojibake or an exception. These five members are exactly what
// libstdc++.a's codecvt_members.o defines; defined here, that archive member is never linked, and
// every narrow <-> wide conversion of the process (paths, wide streams) is UTF-8 <-> UTF-16.
// Invalid input stops a conversion with `error`, as the standard facet does.
#include <cwchar>
#include <locale>

#include "util/utf8_decode.hpp"

namespace {

using State = std::mbstate_t;

}  // namespace

// codecvt<wchar_t, char, mbstate_t> is a full specialization: its members are plain definitions.
namespace std {

codecvt_base::result codecvt<wchar_t, char, State>::do_out(State&, const wchar_t* from, const wchar_t* from_end,
                                                           const wchar_t*& from_next, char* to, char* to_end,
                                                           char*& to_next) const {
  result res = ok;
  while (from < from_end) {
    char32_t cp = static_cast<char16_t>(*from);
    int units = 1;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (from + 1 == from_end) { res = partial; break; }
      const char32_t low = static_cast<char16_t>(from[1]);
      if (low < 0xDC00 || low > 0xDFFF) { res = error; break; }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      units = 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      res = error;
      break;
    }
    char buf[4];
    int n = 0;
    if (cp < 0x80) {
      buf[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    if (to_end - to < n) { res = partial; break; }
    for (int i = 0; i < n; ++i) *to++ = buf[i];
    from += units;
  }
  from_next = from;
  to_next = to;
  return res;
}

codecvt_base::result codecvt<wchar_t, char, State>::do_in(State&, const char* from, const char* from_end,
                                                          const char*& from_next, wchar_t* to, wchar_t* to_end,
                                                          wchar_t*& to_next) const {
  result res = ok;
  while (from < from_end) {
    char32_t cp = 0;
    const int used = util::decode_utf8(from, from_end, cp);
    if (used < 0) { res = error; break; }
    if (used == 0) { res = partial; break; }
    const int units = cp >= 0x10000 ? 2 : 1;
    if (to_end - to < units) { res = partial; break; }
    if (units == 2) {
      *to++ = static_cast<wchar_t>(0xD800 + ((cp - 0x10000) >> 10));
      *to++ = static_cast<wchar_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      *to++ = static_cast<wchar_t>(cp);
    }
    from += used;
  }
  from_next = from;
  to_next = to;
  return res;
}

int codecvt<wchar_t, char, State>::do_encoding() const throw() { return 0; }

int codecvt<wchar_t, char, State>::do_max_length() const throw() { return 4; }

int codecvt<wchar_t, char, State>::do_length(State&, const char* from, const char* end, size_t max) const {
  const char* start = from;
  while (from < end && max > 0) {
    char32_t cp = 0;
    const int used = util::decode_utf8(from, end, cp);
    if (used <= 0) break;
    const size_t units = cp >= 0x10000 ? 2 : 1;
    if (units > max) break;
    max -= units;
    from += used;
  }
  return static_cast<int>(from - start);
}

}  // namespace std
