// net_libraries.hpp in the Windows exe: libcurl and c-ares are the static builds of
// scripts/build-windows-deps linked into the one file (no DLL to load), so the tables hold the
// linked functions. Initialised once, thread-safe, as on POSIX.
#include "discovery/net_libraries.hpp"

#include <mutex>
#include <string>

namespace discovery {
namespace {

// curl_global_init also starts Winsock, which c-ares needs and does not start itself: a run whose
// first online step is a DNS query initialises libcurl first.
const std::string& curl_started() {
  static std::string error;
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) error = "libcurl cannot start (curl_global_init)";
  });
  return error;
}

}  // namespace

util::Result<const CurlFunctions*> curl_functions() {
  static const CurlFunctions table{&curl_easy_init,     &curl_easy_setopt,  &curl_easy_perform,
                                   &curl_easy_getinfo,  &curl_easy_cleanup, &curl_easy_strerror,
                                   &curl_slist_append,  &curl_slist_free_all};
  if (const std::string& error = curl_started(); !error.empty()) return util::make_error(error);
  return &table;
}

util::Result<const AresFunctions*> ares_functions() {
  static const AresFunctions table{&ares_init_options, &ares_destroy,         &ares_set_servers_ports_csv,
                                   &ares_query,        &ares_fds,             &ares_timeout,
                                   &ares_process,      &ares_strerror,        &ares_parse_mx_reply,
                                   &ares_parse_srv_reply, &ares_free_data};
  static std::string error;
  static std::once_flag once;
  std::call_once(once, [] {
    if (const std::string& curl = curl_started(); !curl.empty()) error = curl;
    else if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) error = "c-ares cannot start (ares_library_init)";
  });
  if (!error.empty()) return util::make_error(error);
  return &table;
}

}  // namespace discovery
