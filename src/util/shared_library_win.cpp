#include <windows.h>

#include "util/shared_library.hpp"
#include "util/windows_support.hpp"

namespace util {

Result<SharedLibrary> SharedLibrary::open(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    // Only the system folder: never a DLL planted beside the executable or in the working folder.
    if (HMODULE h = LoadLibraryExA(name.c_str(), nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32)) {
      return SharedLibrary(reinterpret_cast<void*>(h), name);
    }
  }
  if (names.empty()) return make_error("no shared library to load");
  return make_error(names.front() + ": " + win::error_text(GetLastError()));
}

SharedLibrary::~SharedLibrary() {
  if (handle_) FreeLibrary(reinterpret_cast<HMODULE>(handle_));
}

Result<void*> SharedLibrary::address(const char* symbol) const {
  FARPROC a = GetProcAddress(reinterpret_cast<HMODULE>(handle_), symbol);
  if (a == nullptr) return make_error(name_ + ": no symbol " + symbol);
  return reinterpret_cast<void*>(a);
}

}  // namespace util
