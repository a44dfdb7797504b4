/* open() for hivex's Windows build (see hivex-config.h): the path is UTF-8, opened through
 * _wopen, so any name Windows allows works; a path that is not valid UTF-8 is EINVAL. */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdlib.h>
#include <windows.h>

int mailmend_hivex_open(const char *path, int flags, ...);

int mailmend_hivex_open(const char *path, int flags, ...) {
  int mode = 0;
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, int);
    va_end(ap);
  }
  int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
  if (n <= 0) {
    errno = EINVAL;
    return -1;
  }
  wchar_t *wide = malloc((size_t)n * sizeof *wide);
  if (!wide) {
    errno = ENOMEM;
    return -1;
  }
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, wide, n);
  int fd = _wopen(wide, flags, mode);
  int err = errno;
  free(wide);
  errno = err;
  return fd;
}
