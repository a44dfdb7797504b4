#pragma once
// libcurl and c-ares, loaded the first time a run goes online (util::SharedLibrary; the Windows exe
// links their static builds instead, net_libraries_win_net.cpp): linked as shared libraries, they
// cost every run ~16 ms of loading (libcurl brings GnuTLS, Kerberos, LDAP, ...). Only the *_net.cpp
// files include this; they call the libraries through these tables, never by their own names.
#include <ares.h>
#include <curl/curl.h>

#include "util/result.hpp"

namespace discovery {

struct CurlFunctions {
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_perform) easy_perform;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
};

struct AresFunctions {
  decltype(&ares_init_options) init_options;
  decltype(&ares_destroy) destroy;
  decltype(&ares_set_servers_ports_csv) set_servers_ports_csv;
  decltype(&ares_query) query;
  decltype(&ares_fds) fds;
  decltype(&ares_timeout) timeout;
  decltype(&ares_process) process;
  decltype(&ares_strerror) strerror;
  decltype(&ares_parse_mx_reply) parse_mx_reply;
  decltype(&ares_parse_srv_reply) parse_srv_reply;
  decltype(&ares_free_data) free_data;
};

// Loaded and initialised (curl_global_init, ares_library_init) once per process, thread-safe; the
// error is one line naming the library the system lacks.
util::Result<const CurlFunctions*> curl_functions();
util::Result<const AresFunctions*> ares_functions();

}  // namespace discovery
