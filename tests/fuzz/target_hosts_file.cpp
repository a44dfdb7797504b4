// The hosts file: parsing is total below the size limit; every name kept is lower case without
// a trailing dot, blank, '#' or line break; every mapping's address parses and its line is within
// the file; the bounds on names and mappings hold.
#include <string>

#include "fuzz/targets.hpp"
#include "util/hosts_file.hpp"
#include "util/ip_address.hpp"

namespace fuzz {

int hosts_file(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = util::parse_hosts(bytes);
  check(static_cast<bool>(parsed));
  check(parsed->names.size() <= util::kMaxHostsNames);
  for (const auto& [name, mappings] : parsed->names) {
    check(!name.empty() && name.back() != '.' && name == util::hosts_key(name));
    check(name.find_first_of(" \t\r\n#") == std::string::npos);
    check(!mappings.empty() && mappings.size() <= util::kMaxMappingsPerName);
    for (const auto& m : mappings) {
      check(util::parse_ip_address(m.address).has_value());
      check(m.line >= 1 && static_cast<std::size_t>(m.line) <= parsed->lines);
      check(parsed->find(name) == &mappings);
    }
  }
  return 0;
}

}  // namespace fuzz
