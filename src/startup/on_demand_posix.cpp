#include "startup/on_demand_posix.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace startup {

void* open_library_or_exit(const char* soname, const char* needed) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    std::fprintf(stderr, "mailmend: this run needs %s (%s): %s\n", needed, soname, why ? why : "cannot be loaded");
    std::_Exit(2);
  }
  return handle;
}

void* symbol_or_exit(void* library, const char* name, const char* needed) {
  void* address = dlsym(library, name);
  if (address == nullptr) {
    std::fprintf(stderr, "mailmend: %s has no function %s\n", needed, name);
    std::_Exit(2);
  }
  return address;
}

}  // namespace startup
