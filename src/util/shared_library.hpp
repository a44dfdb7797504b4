#pragma once
// A shared library loaded when a run first needs it, not at start-up. Online discovery's libcurl
// (with GnuTLS, Kerberos, LDAP, ... behind it) and c-ares cost ~16 ms to load and relocate, five
// times a whole audit of a typical home, yet only `--online` uses them.
#include <string>
#include <vector>

#include "util/result.hpp"

namespace util {

class SharedLibrary {
 public:
  // The first of `names` (file names such as "libcurl.so.4") the system's loader finds.
  static Result<SharedLibrary> open(const std::vector<std::string>& names);

  SharedLibrary(SharedLibrary&& other) noexcept : handle_(other.handle_), name_(std::move(other.name_)) {
    other.handle_ = nullptr;
  }
  SharedLibrary& operator=(SharedLibrary&&) = delete;
  SharedLibrary(const SharedLibrary&) = delete;
  ~SharedLibrary();

  // The address of `symbol`, or an error naming the library and the symbol.
  Result<void*> address(const char* symbol) const;

  // `symbol` as a pointer of the function type F (the caller names the type from the header).
  template <class F>
  Result<F*> function(const char* symbol) const {
    auto a = address(symbol);
    if (!a) return a.error();
    return reinterpret_cast<F*>(*a);
  }

  const std::string& name() const { return name_; }

 private:
  SharedLibrary(void* handle, std::string name) : handle_(handle), name_(std::move(name)) {}
  void* handle_ = nullptr;
  std::string name_;
};

}  // namespace util
