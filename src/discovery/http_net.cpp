// HTTPS for discovery over libcurl. Redirects are followed here, one hop at a time, so that an
// https → http hop and a loop are refused with their own message.
#include <openssl/ssl.h>

#include <algorithm>

#include "discovery/net.hpp"
#include "discovery/net_libraries.hpp"
#include "util/text.hpp"

namespace discovery {
namespace {

struct Transfer {
  std::string body;
  std::size_t limit = 0;
  bool too_big = false;
  std::optional<std::chrono::seconds> max_age;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->body.size() + n > t->limit) {
    t->too_big = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  t->body.append(data, n);
  return n;
}

// Cache-Control: max-age=N, no-store, no-cache (the last one seen wins).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  const std::string line = util::to_lower(std::string_view(data, n));
  if (line.rfind("cache-control:", 0) != 0) return n;
  if (line.find("no-store") != std::string::npos || line.find("no-cache") != std::string::npos) {
    t->max_age = std::chrono::seconds(0);
  } else if (const auto at = line.find("max-age="); at != std::string::npos) {
    const auto digits = line.substr(at + 8, line.find_first_not_of("0123456789", at + 8) - (at + 8));
    if (auto v = util::parse_int(digits, 0, 1LL << 40)) t->max_age = std::chrono::seconds(*v);
  }
  return n;
}

// --ca-file adds its anchors to the store curl has already filled with the system's.
CURLcode add_ca_file(CURL*, void* ssl_ctx, void* file) {
  X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
  return X509_STORE_load_file(store, static_cast<const char*>(file)) == 1 ? CURLE_OK : CURLE_SSL_CACERT_BADFILE;
}

struct Easy {
  explicit Easy(const CurlFunctions& curl) : api(curl), handle(curl.easy_init()) {}
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;
  ~Easy() {
    api.slist_free_all(connect_to);
    api.slist_free_all(headers);
    api.easy_cleanup(handle);
  }
  const CurlFunctions& api;
  CURL* handle;
  curl_slist* connect_to = nullptr;
  curl_slist* headers = nullptr;
};

struct Hop {
  long status = 0;
  std::string location;  // absolute, for a 3xx
};

util::Result<Hop> one_hop(const std::string& url, const NetOptions& o, const std::optional<std::string>& post,
                          Transfer& t) {
  auto loaded = curl_functions();
  if (!loaded) return net_error(url, i18n::text_of(loaded.error()));
  const CurlFunctions& curl = **loaded;
  Easy e(curl);
  if (e.handle == nullptr) return net_error(url, i18n::msg("cannot start an HTTP transfer"));
  char error[CURL_ERROR_SIZE] = {0};
  CURL* h = e.handle;
  curl.easy_setopt(h, CURLOPT_URL, url.c_str());
  curl.easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout.count()));
  curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.timeout.count()));
  curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body));
  curl.easy_setopt(h, CURLOPT_USERAGENT, "mailmend/" MAILMEND_VERSION);
  curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl.easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl.easy_setopt(h, CURLOPT_SSL_OPTIONS, static_cast<long>(CURLSSLOPT_NATIVE_CA));
  if (!o.ca_file.empty()) {
    curl.easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, add_ca_file);
    curl.easy_setopt(h, CURLOPT_SSL_CTX_DATA, o.ca_file.c_str());
  }
  for (const auto& c : o.connect_to) e.connect_to = curl.slist_append(e.connect_to, c.c_str());
  if (e.connect_to) curl.easy_setopt(h, CURLOPT_CONNECT_TO, e.connect_to);
  if (post) {
    e.headers = curl.slist_append(e.headers, "Content-Type: text/xml; charset=utf-8");
    curl.easy_setopt(h, CURLOPT_HTTPHEADER, e.headers);
    curl.easy_setopt(h, CURLOPT_POSTFIELDS, post->c_str());
    curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(post->size()));
  }
  const CURLcode rc = curl.easy_perform(h);
  if (t.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
    return net_error(url, i18n::msg("the answer is larger than {1} KB; not read", {std::to_string(o.max_body / 1024)}));
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) return net_error(url, i18n::msg("no complete answer within {1}", {timeout_duration(o)}));
  if (rc != CURLE_OK) {
    return util::make_error(url + ": " + util::printable(error[0] ? std::string(error) : curl.easy_strerror(rc)));
  }
  Hop hop;
  curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &hop.status);
  char* location = nullptr;
  if (curl.easy_getinfo(h, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) hop.location = location;
  return hop;
}

bool is_https(const std::string& url) { return util::to_lower(url.substr(0, 8)) == "https://"; }

}  // namespace

util::Result<HttpAnswer> http_fetch(const std::string& start, const NetOptions& o, const std::optional<std::string>& post) {
  std::string url = start;
  std::vector<std::string> seen{url};
  HttpAnswer answer;
  for (int hops = 0;; ++hops) {
    Transfer t;
    t.limit = o.max_body;
    auto hop = one_hop(url, o, post, t);
    if (!hop) return hop.error();
    answer.encrypted = answer.encrypted && is_https(url);
    if (hop->status >= 300 && hop->status < 400 && !hop->location.empty()) {
      const std::string& next = hop->location;
      if (is_https(url) && !is_https(next)) {
        return net_error(url, i18n::msg("redirect to {1} refused (from https to plain http)", {util::printable(next)}));
      }
      if (std::find(seen.begin(), seen.end(), next) != seen.end()) {
        return net_error(start, i18n::msg("redirect loop ({1} again)", {util::printable(next)}));
      }
      if (hops + 1 > o.max_redirects) {
        return net_error(start, i18n::msg("more than {1} redirects", {std::to_string(o.max_redirects)}));
      }
      seen.push_back(next);
      url = next;
      continue;
    }
    if (hop->status != 200) return util::make_error(url + ": HTTP " + std::to_string(hop->status));
    answer.body = std::move(t.body);
    answer.final_url = url;
    answer.max_age = t.max_age;
    return answer;
  }
}

}  // namespace discovery
