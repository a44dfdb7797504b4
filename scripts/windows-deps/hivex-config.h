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
