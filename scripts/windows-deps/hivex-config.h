/* config.h for building the C files of hivex's lib/ (and the few gnulib files they use) with
 * mingw-w64, in place of the one hivex's configure would write: scripts/build-windows-deps
 * compiles those files directly, without the autotools build (OCaml, Perl, Python, Ruby, gnulib
 * configure) that the library does not need. */

/* No HAVE_MMAP: hivex then maps a hive read-only with CreateFileMapping (lib/mmap.c). */
/* No HAVE_ENDIAN_H: lib/byte_conversions.h then swaps with gnulib's byteswap.h, picking the
 * byte order below (x86_64 Windows is little-endian). */
#ifndef __LITTLE_ENDIAN
#define __LITTLE_ENDIAN 1234
#endif
#ifndef __BYTE_ORDER
#define __BYTE_ORDER __LITTLE_ENDIAN
#endif

/* iconv() takes a plain char ** (scripts/windows-deps/iconv/iconv.h). */
#define ICONV_CONST

/* No ENABLE_NLS: messages are not translated. */

/* hivex opens hives (and creates committed ones) with open(), which the C runtime reads in the
 * ANSI code page: a UTF-8 path such as C:\Users\<Chinese name>\NTUSER.DAT would not be found.
 * Its two calls go to hivex-open-utf8.c instead, which takes the path as UTF-8, as mailmend
 * holds every path, and opens it with _wopen. (io.h declares open() without dllimport, so the
 * renamed declaration there matches this one.) */
int mailmend_hivex_open(const char *path, int flags, ...);
#define open mailmend_hivex_open
