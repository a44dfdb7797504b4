// MX and SRV queries over c-ares: one channel per query, one try, the caller's timeout.
#include <cstring>

#include "discovery/dns_message.hpp"
#include "discovery/net.hpp"
#include "discovery/net_libraries.hpp"
#include "util/text.hpp"

#ifndef _WIN32
#include <sys/select.h>
#endif

namespace discovery {
namespace {

struct Reply {
  bool done = false;
  int status = ARES_SUCCESS;
  std::vector<unsigned char> message;
};

void on_reply(void* user, int status, int, unsigned char* abuf, int alen) {
  auto* r = static_cast<Reply*>(user);
  r->done = true;
  r->status = status;
  if (abuf && alen > 0) r->message.assign(abuf, abuf + alen);
}

i18n::Text status_text(const AresFunctions& ares, int status, const NetOptions& o) {
  using i18n::msg;
  switch (status) {
    case ARES_ESERVFAIL: return msg("DNS server failure (SERVFAIL)");
    case ARES_EREFUSED: return msg("the DNS server refused the query (REFUSED)");
    case ARES_ETIMEOUT: return msg("no DNS answer within {1}", {timeout_duration(o)});
    case ARES_ECONNREFUSED: return msg("the DNS server could not be reached (connection refused)");
    default: return msg("DNS error: {1}", {std::string(ares.strerror(status))});
  }
}

// The answer message for `name`/`type`, empty for "no such name" or "no such records".
util::Result<std::vector<unsigned char>> query(const AresFunctions& ares, const std::string& name, int type,
                                               const NetOptions& o) {
  ares_options options{};
  options.timeout = static_cast<int>(o.timeout.count());
  options.tries = 1;
  // SERVFAIL and REFUSED are answers to report, not a reason to try the (only) server again.
  options.flags = ARES_FLAG_NOCHECKRESP;
  ares_channel channel = nullptr;
  if (ares.init_options(&channel, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS) != ARES_SUCCESS) {
    return net_error(name, i18n::msg("cannot start a DNS query"));
  }
  struct Closer {
    const AresFunctions& ares;
    ares_channel c;
    ~Closer() { ares.destroy(c); }
  } closer{ares, channel};
  if (!o.dns_server.empty() && ares.set_servers_ports_csv(channel, o.dns_server.c_str()) != ARES_SUCCESS) {
    return i18n::error(i18n::msg("--dns-server '{1}': not an address or ADDRESS:PORT", {util::printable(o.dns_server)}));
  }
  Reply reply;
  ares.query(channel, name.c_str(), 1 /* IN */, type, on_reply, &reply);
  while (!reply.done) {
    fd_set readers, writers;
    FD_ZERO(&readers);
    FD_ZERO(&writers);
    const int count = ares.fds(channel, &readers, &writers);
    if (count == 0) break;
    timeval wait{};
    timeval* deadline = ares.timeout(channel, nullptr, &wait);
    select(count, &readers, &writers, nullptr, deadline);
    ares.process(channel, &readers, &writers);
  }
  if (!reply.done) return net_error(name, status_text(ares, ARES_ETIMEOUT, o));
  if (reply.status == ARES_ENOTFOUND || reply.status == ARES_ENODATA) return std::vector<unsigned char>{};
  if (reply.status != ARES_SUCCESS) return net_error(name, status_text(ares, reply.status, o));
  return std::move(reply.message);
}

std::string host_text(const char* host) {
  std::string h = host ? util::to_lower(host) : std::string();
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

std::chrono::seconds ttl_of(const std::vector<unsigned char>& m) {
  return smallest_answer_ttl(m.data(), m.size()).value_or(std::chrono::seconds(0));
}

}  // namespace

util::Result<DnsAnswer<MxRecord>> query_mx(const std::string& domain, const NetOptions& o) {
  auto ares = ares_functions();
  if (!ares) return net_error(domain, i18n::text_of(ares.error()));
  auto message = query(**ares, domain, 15 /* MX */, o);
  if (!message) return message.error();
  DnsAnswer<MxRecord> out;
  if (message->empty()) return out;
  ares_mx_reply* list = nullptr;
  const int rc = (*ares)->parse_mx_reply(message->data(), static_cast<int>(message->size()), &list);
  if (rc == ARES_ENODATA) return out;
  if (rc != ARES_SUCCESS) return net_error(domain, i18n::msg("malformed MX answer"));
  for (auto* r = list; r; r = r->next) out.records.push_back({r->priority, host_text(r->host)});
  (*ares)->free_data(list);
  out.ttl = ttl_of(*message);
  return out;
}

util::Result<DnsAnswer<SrvRecord>> query_srv(const std::string& name, const NetOptions& o) {
  auto ares = ares_functions();
  if (!ares) return net_error(name, i18n::text_of(ares.error()));
  auto message = query(**ares, name, 33 /* SRV */, o);
  if (!message) return message.error();
  DnsAnswer<SrvRecord> out;
  if (message->empty()) return out;
  ares_srv_reply* list = nullptr;
  const int rc = (*ares)->parse_srv_reply(message->data(), static_cast<int>(message->size()), &list);
  if (rc == ARES_ENODATA) return out;
  if (rc != ARES_SUCCESS) return net_error(name, i18n::msg("malformed SRV answer"));
  for (auto* r = list; r; r = r->next) out.records.push_back({r->priority, r->weight, r->port, host_text(r->host)});
  (*ares)->free_data(list);
  out.ttl = ttl_of(*message);
  return out;
}

bool network_built_in() { return true; }

}  // namespace discovery
