#pragma once
// What --online adds to a command: one discovery session for the run, the audit's fallback for
// unknown domains, and one report source per domain looked up.
#include <memory>
#include <vector>

#include "audit/audit.hpp"
#include "cli/commands.hpp"
#include "discovery/session.hpp"

namespace cli {

// nullptr without --online (then every other online option is a usage error). Usage errors for
// malformed --dns-server / --connect-to / --timeout, and for a build without online discovery.
std::unique_ptr<discovery::Session> online_session(const OnlineArgs& a);

// The audit's fallback through `session` (empty without one).
audit::DomainFallback discovery_fallback(discovery::Session* session, const providers::Database& db);

// One source per domain looked up (client "discovery": ok when found, skipped when not, with the
// one-line summary), then one per cache problem.
std::vector<core::Source> discovery_sources(const discovery::Session* session);

// A discovery line for the terminal: both languages escaped (util::printable) and cut at `limit` bytes.
i18n::Text printable_line(const i18n::Text& line, std::size_t limit = 4000);

}  // namespace cli
