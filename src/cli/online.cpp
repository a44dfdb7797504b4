// --online: online discovery of the settings of domains no --policy and no database entry knows.
#include "cli/online.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/probe_targets.hpp"
#include "core/error.hpp"
#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "discovery/net.hpp"
#include "providers/lookup.hpp"
#include "providers/lookup_query.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

constexpr std::size_t kLineLimit = 4000;

template <class T>
T checked(util::Result<T> r) {
  if (!r) usage_error(r.error());
  return std::move(*r);
}

void refuse_without_online(const OnlineArgs& a) {
  const char* given = a.refresh ? "--refresh"
                      : !a.cache_dir.empty() ? "--cache-dir"
                      : !a.dns_server.empty() ? "--dns-server"
                      : !a.connect_to.empty() ? "--connect-to"
                                              : nullptr;
  if (given) usage_error(i18n::msg("{1} applies to online discovery only: add --online", {std::string(given)}));
}

}  // namespace

void add_online_options(CLI::App& cmd, OnlineArgs& a, bool own_ca_file_and_timeout) {
  cmd.add_flag("--online", a.online,
               "Look up domains that no --policy and no database entry knows on the network (autoconfig, ISPDB, MX, "
               "SRV, Autodiscover); without it mailmend never opens a network connection");
  cmd.add_flag("--refresh", a.refresh, "With --online: ignore cached discovery answers (new ones are still cached)");
  cmd.add_option("--cache-dir", a.cache_dir,
                 "With --online: the discovery cache folder (default $XDG_CACHE_HOME/mailmend, %LOCALAPPDATA%\\mailmend, "
                 "~/Library/Caches/mailmend)");
  cmd.add_option("--dns-server", a.dns_server, "With --online: ask this DNS server (ADDRESS[:PORT]) instead of the system's");
  add_repeatable_option(cmd, "--connect-to", a.connect_to,
                        "With --online: HOST:PORT:CONNECT_HOST:CONNECT_PORT, fetch HOST:PORT's URLs from CONNECT_HOST:CONNECT_PORT "
                        "(curl's form; repeatable)");
  if (own_ca_file_and_timeout) {
    cmd.add_option("--ca-file", a.ca_file, "PEM file of extra trust anchors, on top of the system's");
    cmd.add_option("--timeout", a.timeout_seconds, "Seconds each network request may take")->capture_default_str();
  }
}

std::unique_ptr<discovery::Session> online_session(const OnlineArgs& a) {
  if (!a.online) {
    refuse_without_online(a);
    return nullptr;
  }
  if (!(a.timeout_seconds > 0 && a.timeout_seconds <= 600)) usage_error(i18n::msg("--timeout: give seconds from 0.001 to 600"));
  discovery::SessionOptions o;
  o.chain.net.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(a.timeout_seconds * 1000)));
  o.chain.net.ca_file = a.ca_file;
  if (!a.dns_server.empty()) o.chain.net.dns_server = checked(parse_dns_server(a.dns_server));
  for (const auto& c : a.connect_to) o.chain.net.connect_to.push_back(checked(parse_connect_to(c)));
  o.cache_dir = a.cache_dir;
  o.refresh = a.refresh;
  if (!discovery::network_built_in()) {
    usage_error(i18n::msg("--online: online discovery is not in this build of mailmend (built without libcurl and c-ares)"));
  }
  return std::make_unique<discovery::Session>(std::move(o));
}

audit::DomainFallback discovery_fallback(discovery::Session* session, const providers::Database& db) {
  if (session == nullptr) return {};
  return [session, &db](const std::string& address) -> std::optional<providers::Provider> {
    const auto& outcome = session->lookup(address, db);
    if (!outcome.found) return std::nullopt;
    return outcome.found->provider;
  };
}

std::vector<core::Source> discovery_sources(const discovery::Session* session) {
  std::vector<core::Source> out;
  if (session == nullptr) return out;
  for (const auto* o : session->outcomes()) {
    out.push_back(core::Source::noted("discovery", o->domain, o->found ? core::SourceStatus::Ok : core::SourceStatus::Skipped,
                                      o->summary()));
  }
  for (const auto& problem : session->cache_problems()) {
    out.push_back(core::Source::noted("discovery", "cache", core::SourceStatus::Skipped, problem));
  }
  return out;
}

i18n::Text printable_line(const i18n::Text& line, std::size_t limit) {
  i18n::Text out;
  out.english = util::printable(line.english, limit);
  out.localized = util::printable(line.localized, limit);
  return out;
}

namespace {

nlohmann::json outcome_json(const discovery::Outcome& o) {
  nlohmann::json j{{"domain", o.domain}, {"found", o.found.has_value()}, {"from_cache", o.from_cache},
                   {"stopped_by_timeout", o.stopped_by_timeout}, {"tried", nlohmann::json::array()}};
  for (const auto& reason : o.tried) j["tried"].push_back(reason.english);
  if (o.found) {
    j["step"] = std::string(discovery::to_string(o.found->step));
    j["where"] = o.found->where;
    j["authenticated"] = o.found->authenticated;
    j["ttl_seconds"] = o.found->ttl.count();
  }
  return j;
}


}  // namespace

int run_providers_discover(const ProvidersArgs& a) {
  if (auto query = providers::check_lookup_query(a.address); !query) usage_error(query.error());
  OnlineArgs online = a.online;
  online.online = true;  // the command is the network lookup itself
  auto session = online_session(online);
  auto db = load_database(a.providers_db, a.policies);
  const auto& outcome = session->lookup(a.address, db);
  for (const auto& problem : session->cache_problems()) std::cerr << "mailmend: " << printable_line(problem).localized << "\n";
  if (a.format == "json") {
    nlohmann::json j = outcome.found ? providers::lookup_json(outcome.found->provider, a.address) : nlohmann::json{{"query", a.address}};
    j["discovery"] = outcome_json(outcome);
    std::cout << json_text(j);
  } else {
    std::cout << printable_line(outcome.headline(), kLineLimit).localized << "\n";
    if (outcome.found) std::cout << providers::render_lookup_text(outcome.found->provider, a.address);
    if (!outcome.found || !outcome.tried.empty()) {
      for (const auto& t : outcome.tried) {
        std::cout << "  " << i18n::format(i18n::tr("tried: {1}"), {util::printable(t.localized, kLineLimit)}) << "\n";
      }
    }
  }
  return static_cast<int>(outcome.found ? core::ExitCode::Ok : core::ExitCode::Findings);
}

}  // namespace cli
