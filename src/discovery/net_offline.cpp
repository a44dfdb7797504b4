// A build without libcurl and c-ares (CMake: MAILMEND_DISCOVERY_NETWORK=OFF): discovery's own
// logic is there, its network is not.
#include "discovery/net.hpp"

namespace discovery {
namespace {
util::Error not_built(const std::string& what) {
  return util::make_error(what + ": online discovery is not in this build of mailmend (built without libcurl and c-ares)");
}
}  // namespace

util::Result<HttpAnswer> http_fetch(const std::string& url, const NetOptions&, const std::optional<std::string>&) {
  return not_built(url);
}
util::Result<DnsAnswer<MxRecord>> query_mx(const std::string& domain, const NetOptions&) { return not_built(domain); }
util::Result<DnsAnswer<SrvRecord>> query_srv(const std::string& name, const NetOptions&) { return not_built(name); }
bool network_built_in() { return false; }

}  // namespace discovery
