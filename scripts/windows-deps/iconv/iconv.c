/* See iconv.h: UTF-8 <-> LATIN1 and UTF-8 <-> UTF-16LE, as glibc converts them. */
#include "iconv.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

enum { DECODED = 0, INVALID = -1, INCOMPLETE = -2 };

/* Reads one character from in[0..len) into *cp; returns the bytes it took, INVALID or
 * INCOMPLETE. */
typedef int (*decode_fn)(const unsigned char *in, size_t len, uint32_t *cp);
/* Writes cp into out[0..room); returns the bytes written, 0 when out of room, INVALID when the
 * target cannot hold cp. */
typedef int (*encode_fn)(uint32_t cp, unsigned char *out, size_t room);

struct converter {
  decode_fn decode;
  encode_fn encode;
  size_t min_out; /* the smallest character of the target: less room left is E2BIG at once */
};

static int decode_utf8(const unsigned char *in, size_t len, uint32_t *cp) {
  unsigned char b = in[0];
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  /* The length a lead byte announces, as glibc reads it (the old 5- and 6-byte forms too);
   * continuation bytes and C0, C1, FE, FF are no lead. */
  size_t n = b >= 0xC2 && b <= 0xDF ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4
           : (b & 0xFC) == 0xF8 ? 5 : (b & 0xFE) == 0xFC ? 6 : 0;
  if (n == 0) return INVALID;
  *cp = b & (0x7F >> n);
  /* A cut sequence is INCOMPLETE as long as the bytes it has are continuation bytes; overlong
   * forms and surrogates are judged once it is whole. Values past U+10FFFF decode, as in glibc,
   * and the encoders refuse them: so a full output is reported (E2BIG) before them. */
  for (size_t i = 1; i < n; ++i) {
    if (i == len) return INCOMPLETE;
    if ((in[i] & 0xC0) != 0x80) return INVALID;
    *cp = (*cp << 6) | (in[i] & 0x3F);
  }
  static const uint32_t shortest[7] = {0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000};
  if (*cp < shortest[n] || (*cp >= 0xD800 && *cp <= 0xDFFF)) return INVALID;
  return (int)n;
}

static int decode_latin1(const unsigned char *in, size_t len, uint32_t *cp) {
  (void)len;
  *cp = in[0];
  return 1;
}

static int decode_utf16le(const unsigned char *in, size_t len, uint32_t *cp) {
  if (len < 2) return INCOMPLETE;
  uint32_t u = (uint32_t)in[0] | (uint32_t)in[1] << 8;
  if (u >= 0xDC00 && u <= 0xDFFF) return INVALID; /* a low surrogate first */
  if (u < 0xD800 || u > 0xDBFF) {
    *cp = u;
    return 2;
  }
  if (len < 4) return INCOMPLETE;
  uint32_t lo = (uint32_t)in[2] | (uint32_t)in[3] << 8;
  if (lo < 0xDC00 || lo > 0xDFFF) return INVALID;
  *cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
  return 4;
}

static int encode_utf8(uint32_t cp, unsigned char *out, size_t room) {
  size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  if (room < n) return 0;
  static const unsigned char lead[5] = {0, 0x00, 0xC0, 0xE0, 0xF0};
  for (size_t i = n - 1; i > 0; --i) {
    out[i] = (unsigned char)(0x80 | (cp & 0x3F));
    cp >>= 6;
  }
  out[0] = (unsigned char)(lead[n] | cp);
  return (int)n;
}

static int encode_latin1(uint32_t cp, unsigned char *out, size_t room) {
  if (cp > 0xFF) return INVALID;
  if (room < 1) return 0;
  out[0] = (unsigned char)cp;
  return 1;
}

static int encode_utf16le(uint32_t cp, unsigned char *out, size_t room) {
  if (cp > 0x10FFFF) return INVALID;
  if (cp < 0x10000) {
    if (room < 2) return 0;
    out[0] = (unsigned char)(cp & 0xFF);
    out[1] = (unsigned char)(cp >> 8);
    return 2;
  }
  if (room < 4) return 0;
  uint32_t hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
  out[0] = (unsigned char)(hi & 0xFF);
  out[1] = (unsigned char)(hi >> 8);
  out[2] = (unsigned char)(lo & 0xFF);
  out[3] = (unsigned char)(lo >> 8);
  return 4;
}

static const struct converter utf8_to_latin1 = {decode_utf8, encode_latin1, 1};
static const struct converter latin1_to_utf8 = {decode_latin1, encode_utf8, 1};
static const struct converter utf8_to_utf16le = {decode_utf8, encode_utf16le, 2};
static const struct converter utf16le_to_utf8 = {decode_utf16le, encode_utf8, 1};

/* The charset names hivex passes, compared as glibc does: case-insensitively. */
static int same_name(const char *a, const char *b) {
  for (; *a && *b; ++a, ++b) {
    char x = (*a >= 'a' && *a <= 'z') ? (char)(*a - 32) : *a;
    if (x != *b) return 0;
  }
  return *a == *b;
}

iconv_t iconv_open(const char *tocode, const char *fromcode) {
  const struct converter *c = NULL;
  if (same_name(fromcode, "UTF-8") && same_name(tocode, "LATIN1")) c = &utf8_to_latin1;
  if (same_name(fromcode, "LATIN1") && same_name(tocode, "UTF-8")) c = &latin1_to_utf8;
  if (same_name(fromcode, "UTF-8") && same_name(tocode, "UTF-16LE")) c = &utf8_to_utf16le;
  if (same_name(fromcode, "UTF-16LE") && same_name(tocode, "UTF-8")) c = &utf16le_to_utf8;
  if (!c) {
    errno = EINVAL;
    return (iconv_t)-1;
  }
  return (iconv_t)c;
}

/* The input bytes up to the first invalid or cut character, and the error there (0: none). */
static size_t decodable_prefix(const struct converter *c, const unsigned char *in, size_t len, int *err) {
  size_t n = 0;
  *err = 0;
  while (n < len) {
    uint32_t cp = 0;
    int took = c->decode(in + n, len - n, &cp);
    if (took < 0) {
      *err = took == INCOMPLETE ? EINVAL : EILSEQ;
      break;
    }
    n += (size_t)took;
  }
  return n;
}

size_t iconv(iconv_t cd, char **inbuf, size_t *inbytesleft, char **outbuf, size_t *outbytesleft) {
  const struct converter *c = (const struct converter *)cd;
  if (!inbuf || !*inbuf) return 0; /* reset: these conversions keep no state */
  const unsigned char *in = (const unsigned char *)*inbuf;
  unsigned char *out = (unsigned char *)*outbuf;
  size_t out_left = *outbytesleft;
  /* glibc converts in two steps through UCS-4: the input is decoded first, up to a bad
   * character, and then encoded; so an error in the input is reported only when everything
   * before it was written, and E2BIG or an unencodable character before it wins. */
  int err = 0;
  size_t in_left = decodable_prefix(c, in, *inbytesleft, &err);
  while (in_left > 0) {
    if (out_left < c->min_out) {
      err = E2BIG;
      break;
    }
    uint32_t cp = 0;
    int took = c->decode(in, in_left, &cp);
    int wrote = c->encode(cp, out, out_left);
    if (wrote <= 0) {
      err = wrote == 0 ? E2BIG : EILSEQ;
      break;
    }
    in += took, in_left -= (size_t)took;
    out += wrote, out_left -= (size_t)wrote;
  }
  *inbytesleft -= (size_t)(in - (const unsigned char *)*inbuf);
  *inbuf = (char *)in;
  *outbuf = (char *)out, *outbytesleft = out_left;
  if (err) {
    errno = err;
    return (size_t)-1;
  }
  return 0;
}

int iconv_close(iconv_t cd) {
  (void)cd;
  return 0;
}
