#include "util/hosts_file.hpp"

namespace util {

std::filesystem::path system_hosts_file() {
#ifdef __APPLE__
  return "/private/etc/hosts";  // /etc is a link to /private/etc
#else
  return "/etc/hosts";
#endif
}

}  // namespace util
