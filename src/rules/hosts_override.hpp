#pragma once
// hosts-file-override: an account's server, or the server its provider expects, is mapped in the
// machine's hosts file, so this machine connects to that fixed address whatever DNS says.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "providers/database.hpp"
#include "util/hosts_file.hpp"

namespace rules {

// The host names an account's connections (and a fix of them) would look up: its incoming and
// outgoing hosts and its provider's hosts for the same protocols, lower case. IP literals and
// localhost names are left out (a hosts file maps localhost by design).
std::set<std::string> hosts_looked_up(const core::Account& account, const std::optional<providers::Match>& match);

// One error per (endpoint, host name) the hosts file maps; `hosts_path` is the file read.
std::vector<core::Finding> hosts_file_findings(const core::Account& account,
                                               const std::optional<providers::Match>& match,
                                               const util::HostsFile& hosts, const std::string& hosts_path);

}  // namespace rules
