#include <dlfcn.h>

#include "util/error_text.hpp"
#include "util/shared_library.hpp"

namespace util {

Result<SharedLibrary> SharedLibrary::open(const std::vector<std::string>& names) {
  std::string why;
  for (const auto& name : names) {
    // RTLD_LOCAL: the library's symbols stay out of the global scope (no clash with ours).
    if (void* h = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL)) return SharedLibrary(h, name);
    if (const char* e = dlerror(); e && why.empty()) why = e;
  }
  return why.empty() ? error_from("no shared library to load") : make_error(why);
}

SharedLibrary::~SharedLibrary() {
  if (handle_) dlclose(handle_);
}

Result<void*> SharedLibrary::address(const char* symbol) const {
  dlerror();
  void* a = dlsym(handle_, symbol);
  if (a == nullptr) return error_from("{1}: no symbol {2}", {name_, std::string(symbol)});
  return a;
}

}  // namespace util
