#pragma once
// What `providers lookup` accepts: user@example.com or example.com.
#include <string>

#include "util/result.hpp"

namespace providers {

// Fails, with one line saying why, when `text` is neither an address nor a domain name
// ("@@@", "ann@", "exa mple.com", "a..b").
util::Status check_lookup_query(const std::string& text);

}  // namespace providers
