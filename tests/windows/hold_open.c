/* Opens a file the way Thunderbird opens its profile's parent.lock (no sharing at all), prints
   "held" and keeps it open until killed or SECONDS pass. Used by tests/windows/e2e_files.sh.
   hold_open.exe FILE SECONDS */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int wmain(int argc, wchar_t** argv) {
  if (argc != 3) return 2;
  HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "hold_open: cannot open: error %lu\n", GetLastError());
    return 1;
  }
  printf("held\n");
  fflush(stdout);
  Sleep((DWORD)_wtoi(argv[2]) * 1000);
  CloseHandle(h);
  return 0;
}
