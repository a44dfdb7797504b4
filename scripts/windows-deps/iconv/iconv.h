/* The iconv interface hivex needs, for the Windows build (mingw-w64 has no iconv, and Debian 12
 * has no win-iconv source package). It converts exactly the four pairs hivex opens in
 * lib/handle.c (_hivex_get_iconv): UTF-8 <-> LATIN1 and UTF-8 <-> UTF-16LE, with glibc's
 * results and errors (scripts/windows-deps/iconv/check.c compares the two on the build machine).
 * The symbols are prefixed so that nothing else linked into mailmend.exe can pick them up. */
#ifndef MAILMEND_ICONV_SHIM_H
#define MAILMEND_ICONV_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *iconv_t;

#define iconv_open mailmend_iconv_open
#define iconv mailmend_iconv
#define iconv_close mailmend_iconv_close

/* (iconv_t)-1 with errno EINVAL for any other pair. */
iconv_t iconv_open(const char *tocode, const char *fromcode);
/* glibc's contract: converts whole characters; on E2BIG, EILSEQ (invalid input or a character
 * the target cannot hold) or EINVAL (input ends inside a character) returns (size_t)-1 with the
 * pointers after the last whole character converted. A NULL inbuf resets (stateless here). */
size_t iconv(iconv_t cd, char **inbuf, size_t *inbytesleft, char **outbuf, size_t *outbytesleft);
int iconv_close(iconv_t cd);

#ifdef __cplusplus
}
#endif

#endif
