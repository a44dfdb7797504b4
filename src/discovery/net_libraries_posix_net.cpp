#include "discovery/net_libraries.hpp"

#include <mutex>
#include <optional>

#include "util/shared_library.hpp"

namespace discovery {
namespace {

// Fills `table` through `bind` (one call per member); the first missing symbol is the error.
class Binder {
 public:
  explicit Binder(const util::SharedLibrary& library) : library_(library) {}
  template <class F>
  void operator()(F*& slot, const char* symbol) {
    if (!error_.empty()) return;
    auto f = library_.function<F>(symbol);
    if (f) slot = *f;
    else error_ = f.error().message;
  }
  const std::string& error() const { return error_; }

 private:
  const util::SharedLibrary& library_;
  std::string error_;
};

// A loaded library stays loaded until the process ends: the tables below are never destroyed, so
// no dlclose() runs at exit. Unloading libcurl or c-ares from a static destructor would leave stale
// thread-local storage entries that later exit handlers walk (LeakSanitizer's exit-time check
// crashed on exactly that).
template <class Table>
struct Loaded {
  std::optional<util::SharedLibrary> library;
  Table table{};
  std::string error;
};

util::Status bind_curl(Binder& b, CurlFunctions& t) {
  b(t.easy_init, "curl_easy_init");
  b(t.easy_setopt, "curl_easy_setopt");
  b(t.easy_perform, "curl_easy_perform");
  b(t.easy_getinfo, "curl_easy_getinfo");
  b(t.easy_cleanup, "curl_easy_cleanup");
  b(t.easy_strerror, "curl_easy_strerror");
  b(t.slist_append, "curl_slist_append");
  b(t.slist_free_all, "curl_slist_free_all");
  decltype(&curl_global_init) global_init = nullptr;
  b(global_init, "curl_global_init");
  if (!b.error().empty()) return util::make_error(b.error());
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return util::make_error("libcurl cannot start (curl_global_init)");
  return {};
}

util::Status bind_ares(Binder& b, AresFunctions& t) {
  b(t.init_options, "ares_init_options");
  b(t.destroy, "ares_destroy");
  b(t.set_servers_ports_csv, "ares_set_servers_ports_csv");
  b(t.query, "ares_query");
  b(t.fds, "ares_fds");
  b(t.timeout, "ares_timeout");
  b(t.process, "ares_process");
  b(t.strerror, "ares_strerror");
  b(t.parse_mx_reply, "ares_parse_mx_reply");
  b(t.parse_srv_reply, "ares_parse_srv_reply");
  b(t.free_data, "ares_free_data");
  decltype(&ares_library_init) library_init = nullptr;
  b(library_init, "ares_library_init");
  if (!b.error().empty()) return util::make_error(b.error());
  if (library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) return util::make_error("c-ares cannot start (ares_library_init)");
  return {};
}

template <class Table>
void load(Loaded<Table>& out, const char* what, const std::vector<std::string>& names,
          util::Status (*bind)(Binder&, Table&)) {
  auto library = util::SharedLibrary::open(names);
  if (!library) {
    out.error = std::string("online discovery needs ") + what + " (" + names.front() + "): " + library.error().message;
    return;
  }
  out.library.emplace(std::move(*library));
  Binder binder(*out.library);
  if (auto bound = bind(binder, out.table); !bound) out.error = bound.error().message;
}

template <class Table>
util::Result<const Table*> answer(const Loaded<Table>& loaded) {
  if (!loaded.error.empty()) return util::make_error(loaded.error);
  return &loaded.table;
}

}  // namespace

util::Result<const CurlFunctions*> curl_functions() {
  static Loaded<CurlFunctions>& curl = *new Loaded<CurlFunctions>;  // never destroyed (see Loaded)
  static std::once_flag once;
  std::call_once(once, [] { load(curl, "libcurl", {"libcurl.so.4", "libcurl.4.dylib"}, bind_curl); });
  return answer(curl);
}

util::Result<const AresFunctions*> ares_functions() {
  static Loaded<AresFunctions>& ares = *new Loaded<AresFunctions>;  // never destroyed (see Loaded)
  static std::once_flag once;
  std::call_once(once, [] { load(ares, "c-ares", {"libcares.so.2", "libcares.2.dylib"}, bind_ares); });
  return answer(ares);
}

}  // namespace discovery
