#pragma once
// What `probe` asks the network engine to look at: the distinct endpoints of a report's accounts,
// or servers named by URL (--server imaps://host:993), and curl-style --resolve overrides.
#include <optional>
#include <string_view>
#include <vector>

#include "core/probe.hpp"
#include "core/report.hpp"
#include "probe/engine.hpp"
#include "util/result.hpp"

namespace cli {

// One target per distinct (protocol, host, port, security, client proxy) among the accounts' IMAP,
// POP3 and SMTP endpoints, in the order first met, each naming every account that uses it. Stale accounts
// (files the client no longer reads) and endpoints without a host, a port or a known security are
// left out.
std::vector<core::ProbeTarget> probe_targets(const core::Report& report);

// imap://host[:143] (STARTTLS), imaps://host[:993], pop3://, pop3s://, smtp://host[:587]
// (submission, STARTTLS), smtps://host[:465]; an IPv6 literal in brackets. `security` overrides
// what the scheme implies. Errors name the URL and what is wrong.
util::Result<core::ProbeTarget> parse_server_url(std::string_view url, std::optional<core::Security> security);

// curl's --resolve HOST:PORT:ADDRESS (ADDRESS may be an IPv6 literal, with or without brackets).
util::Result<probe::ResolveOverride> parse_resolve(std::string_view text);

// curl's --connect-to HOST:PORT:CONNECT_HOST:CONNECT_PORT (CONNECT_HOST may be an IPv6 literal in
// brackets), returned as curl takes it.
util::Result<std::string> parse_connect_to(std::string_view text);

// --dns-server ADDRESS[:PORT] (an IPv6 address in brackets when a port follows), returned as
// c-ares takes it ("ADDRESS:PORT", "[V6]:PORT").
util::Result<std::string> parse_dns_server(std::string_view text);

}  // namespace cli
