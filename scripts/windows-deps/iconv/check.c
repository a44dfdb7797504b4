/* Compares the iconv shim (iconv.c, symbols mailmend_iconv*) with glibc's iconv on the build
 * machine, for the four conversions hivex uses: the same result, errno, bytes consumed, bytes
 * written and output, for hand-picked edge cases and many generated inputs, at every output
 * room from 0 up. Exits 1 and prints the first difference. Run by scripts/build-windows-deps. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *mailmend_iconv_open(const char *tocode, const char *fromcode);
size_t mailmend_iconv(void *cd, char **inbuf, size_t *inbytesleft, char **outbuf, size_t *outbytesleft);
int mailmend_iconv_close(void *cd);

struct outcome {
  size_t result, consumed, written;
  int err;
  unsigned char out[64];
};

static const char *pairs[4][2] = {{"LATIN1", "UTF-8"}, {"UTF-8", "LATIN1"}, {"UTF-16LE", "UTF-8"}, {"UTF-8", "UTF-16LE"}};
static iconv_t glibc_cd[4];
static void *shim_cd[4];
static unsigned long compared;

static struct outcome run(int shim, int pair, const unsigned char *in, size_t len, size_t room) {
  struct outcome o;
  memset(&o, 0, sizeof o);
  char *inp = (char *)in, *outp = (char *)o.out;
  size_t in_left = len, out_left = room;
  errno = 0;
  if (shim) {
    mailmend_iconv(shim_cd[pair], NULL, NULL, NULL, NULL);
    o.result = mailmend_iconv(shim_cd[pair], &inp, &in_left, &outp, &out_left);
  } else {
    iconv(glibc_cd[pair], NULL, NULL, NULL, NULL);
    o.result = iconv(glibc_cd[pair], &inp, &in_left, &outp, &out_left);
  }
  o.err = o.result == (size_t)-1 ? errno : 0;
  o.consumed = len - in_left;
  o.written = room - out_left;
  return o;
}

static int compare(int pair, const unsigned char *in, size_t len) {
  for (size_t room = 0; room <= 4 * len + 4 && room <= 64; ++room) {
    struct outcome g = run(0, pair, in, len, room), s = run(1, pair, in, len, room);
    ++compared;
    if (g.result != s.result || g.err != s.err || g.consumed != s.consumed || g.written != s.written ||
        memcmp(g.out, s.out, g.written) != 0) {
      printf("iconv shim differs from glibc, %s -> %s, room %zu, input", pairs[pair][1], pairs[pair][0], room);
      for (size_t i = 0; i < len; ++i) printf(" %02X", in[i]);
      printf("\n  glibc: result %zd errno %d consumed %zu written %zu\n", (ssize_t)g.result, g.err, g.consumed, g.written);
      printf("  shim:  result %zd errno %d consumed %zu written %zu\n", (ssize_t)s.result, s.err, s.consumed, s.written);
      return 1;
    }
  }
  return 0;
}

static uint32_t rng = 12345;
static uint32_t next(void) {
  rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
  return rng;
}

int main(void) {
  for (int p = 0; p < 4; ++p) {
    glibc_cd[p] = iconv_open(pairs[p][0], pairs[p][1]);
    shim_cd[p] = mailmend_iconv_open(pairs[p][0], pairs[p][1]);
    if (glibc_cd[p] == (iconv_t)-1 || shim_cd[p] == (void *)-1) {
      printf("cannot open %s -> %s\n", pairs[p][1], pairs[p][0]);
      return 1;
    }
  }
  if (mailmend_iconv_open("UTF-16", "UTF-8") != (void *)-1 || errno != EINVAL) {
    printf("the shim opened a pair it does not convert\n");
    return 1;
  }
  /* Bytes around every boundary of UTF-8 (leads, continuations, overlong, surrogates, >U+10FFFF). */
  static const unsigned char utf8_bytes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xA9, 0xBF, 0xC0, 0xC1, 0xC2,
                                             0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF};
  /* UTF-16 units around the surrogate ranges, a BOM, Latin-1 and wider characters. */
  static const uint16_t utf16_units[] = {0x0000, 0x0041, 0x00E9, 0x00FF, 0x0100, 0x07FF, 0x0800, 0x20AC, 0xD7FF,
                                         0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFF};
  /* Names as hives hold them: Latin-1, Chinese, symbols, a character beyond the BMP, empty. */
  static const char *utf8_names[] = {"asdf_\xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F", "\xE5\xBC\xA0\xE4\xBC\x9F", "weird\xE2\x84\xA2",
                                     "symbols \xEF\xB9\xA9\xEF\xBF\xA1\xE2\x82\xA4\xE2\x82\xA7\xE2\x82\xAC", "\xF0\x9F\x98\x80", ""};
  static const char utf16_names[][8] = {"\x20\x5F\x1F\x4F", "\x3D\xD8\x00\xDE", "A\0\xE9\0"};
  for (size_t i = 0; i < sizeof utf8_names / sizeof utf8_names[0]; ++i) {
    const unsigned char *s = (const unsigned char *)utf8_names[i];
    for (int p = 0; p < 4; ++p)
      if (compare(p, s, strlen(utf8_names[i]))) return 1;
  }
  for (size_t i = 0; i < sizeof utf16_names / sizeof utf16_names[0]; ++i)
    if (compare(3, (const unsigned char *)utf16_names[i], 4)) return 1;
  unsigned char in[16];
  for (int round = 0; round < 60000; ++round) {
    size_t len = next() % 9;
    for (size_t i = 0; i < len; ++i) in[i] = utf8_bytes[next() % sizeof utf8_bytes];
    if (compare(0, in, len) || compare(2, in, len)) return 1; /* from UTF-8 */
    for (size_t i = 0; i < len; ++i) in[i] = (unsigned char)next();
    for (int p = 0; p < 4; ++p)
      if (compare(p, in, len)) return 1;
    size_t units = next() % 5;
    for (size_t i = 0; i < units; ++i) {
      uint16_t u = utf16_units[next() % (sizeof utf16_units / sizeof utf16_units[0])];
      in[2 * i] = (unsigned char)(u & 0xFF), in[2 * i + 1] = (unsigned char)(u >> 8);
    }
    size_t ulen = 2 * units + (next() % 4 == 0 && units ? 1 : 0); /* sometimes an odd byte more */
    if (ulen > 2 * units) in[2 * units] = 0x41;
    if (compare(3, in, ulen)) return 1; /* from UTF-16LE */
  }
  printf("iconv shim: %lu conversions identical to glibc\n", compared);
  return 0;
}
