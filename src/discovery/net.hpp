#pragma once
// The network underneath online discovery: HTTPS (libcurl) and MX/SRV queries (c-ares), each with
// its own deadline. Nothing here is called unless the user asked for --online; the two libraries
// are loaded then (net_libraries.hpp), not when mailmend starts.
// A build without libcurl and c-ares (MAILMEND_DISCOVERY_NETWORK=OFF) links net_offline.cpp,
// whose functions fail with one line saying so.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "i18n/text.hpp"
#include "util/result.hpp"

namespace discovery {

struct NetOptions {
  std::chrono::milliseconds timeout{10000};  // per HTTP request (all of it) and per DNS query
  int max_redirects = 5;
  std::size_t max_body = 1024 * 1024;
  std::string ca_file;                  // extra trust anchors (PEM), on top of the system's
  std::vector<std::string> connect_to;  // curl's HOST:PORT:CONNECT_HOST:CONNECT_PORT
  std::string dns_server;               // ADDR or ADDR:PORT ([V6]:PORT); empty: the system's
};

struct HttpAnswer {
  std::string body;
  std::string final_url;                    // after redirects
  bool encrypted = true;                    // every hop was https
  std::optional<std::chrono::seconds> max_age;  // Cache-Control max-age (0 for no-store/no-cache)
};

// GET (or POST of `post_body` as text/xml when it is set). Redirects are followed up to
// max_redirects; one from https to http is refused; a body over max_body is refused; anything but
// HTTP 200 in the end is an error. Errors are one line naming the URL.
util::Result<HttpAnswer> http_fetch(const std::string& url, const NetOptions& options,
                                    const std::optional<std::string>& post_body = std::nullopt);

struct MxRecord {
  int preference = 0;
  std::string host;  // "" for a null MX ("." , RFC 7505)
};
struct SrvRecord {
  int priority = 0;
  int weight = 0;
  int port = 0;
  std::string target;  // "" for "." (service not offered, RFC 2782)
};
template <class T>
struct DnsAnswer {
  std::vector<T> records;  // empty: the name exists with no such records, or does not exist
  std::chrono::seconds ttl{0};  // the smallest TTL of the answer
};

// Errors: "DNS server failure (SERVFAIL)", "no DNS answer within N s", ...
util::Result<DnsAnswer<MxRecord>> query_mx(const std::string& domain, const NetOptions& options);
util::Result<DnsAnswer<SrvRecord>> query_srv(const std::string& name, const NetOptions& options);

// "2 s" (or "250 ms"): the timeout as the messages of this layer name it.
std::string timeout_duration(const NetOptions& options);
// "within 2 s" (or "within 250 ms"): how every timeout message of this layer ends (in English).
std::string timeout_phrase(const NetOptions& options);
// This layer's error about `subject` (a URL, a DNS name): "subject: why", in both languages.
util::Error net_error(const std::string& subject, const i18n::Text& why);
// Whether `error` (from this layer) is a timeout.
bool is_timeout(const util::Error& error, const NetOptions& options);

// False in a build without libcurl and c-ares.
bool network_built_in();

}  // namespace discovery
