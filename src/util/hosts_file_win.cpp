#include <windows.h>

#include "util/hosts_file.hpp"

namespace util {

// %SystemRoot%\System32\drivers\etc\hosts; the DataBasePath registry value can move the folder,
// which almost nobody does (and malware that does is beyond this check).
std::filesystem::path system_hosts_file() {
  wchar_t root[MAX_PATH];
  const DWORD n = GetEnvironmentVariableW(L"SystemRoot", root, MAX_PATH);
  std::filesystem::path windows = (n > 0 && n < MAX_PATH) ? std::filesystem::path(std::wstring(root, n))
                                                          : std::filesystem::path(L"C:\\Windows");
  return windows / L"System32" / L"drivers" / L"etc" / L"hosts";
}

}  // namespace util
