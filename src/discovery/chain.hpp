#pragma once
// Online discovery of a domain's mail settings, in Thunderbird's order (README "Online
// discovery"): autoconfig.<domain>, .well-known, the online ISPDB, MX (embedded database, then
// the MX domain's autoconfig and ISPDB), RFC 6186 SRV, Exchange Autodiscover. The first step that
// answers wins. Every configuration found becomes a providers::Provider through the same ISPDB
// importer as the embedded data.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "discovery/net.hpp"
#include "discovery/public_suffix.hpp"
#include "i18n/text.hpp"
#include "providers/database.hpp"
#include "providers/provider.hpp"

namespace discovery {

enum class Step { Autoconfig, WellKnown, Ispdb, Mx, Srv, Autodiscover };
std::string_view to_string(Step step);

// How to rebuild a provider from what the cache keeps (domains and settings, never an address).
struct Recipe {
  enum class Kind { Config, DatabaseDomain, DatabaseHost, DatabaseMx };
  Kind kind = Kind::Config;
  std::string payload;  // clientConfig XML, or the database's domain, host or MX host name
};

struct Found {
  Step step = Step::Autoconfig;
  std::string where;           // the URL (without its query) or the DNS record(s)
  bool authenticated = true;   // false: fetched over plain http, or settings taken from DNS records
  std::chrono::seconds ttl{0};
  Recipe recipe;
  providers::Provider provider;
};

struct Outcome {
  std::string domain;
  std::optional<Found> found;
  std::vector<i18n::Text> tried;  // why each step before the answer gave nothing, in order
  bool stopped_by_timeout = false;  // a step timed out: the later steps were not tried
  bool from_cache = false;
  // One line for the report: what was found where, or why nothing was (each step's reason); in
  // English and the run's language (`where` and the lower layers' own words stay as they are).
  i18n::Text summary() const;
  // The summary without the reasons.
  i18n::Text headline() const;
};

struct Options {
  NetOptions net;
  std::string ispdb_url = "https://autoconfig.thunderbird.net/v1.1/";
  std::chrono::seconds default_ttl{24 * 3600};  // an HTTP answer without Cache-Control
};

constexpr std::chrono::seconds kMaxTtl{7 * 24 * 3600};

// Walks the chain for the domain of `address_or_domain`. The address (if one is given) is sent
// only as autoconfig's ?emailaddress= and in Autodiscover's request, as Thunderbird does.
Outcome discover(const std::string& address_or_domain, const providers::Database& db, const Options& options);

// Rebuilds the provider of a cached answer (nullopt when the database no longer has it, or the
// cached configuration no longer imports).
std::optional<providers::Provider> rebuild(const std::string& domain, const Recipe& recipe, Step step,
                                           const std::string& where, bool authenticated, const providers::Database& db);

}  // namespace discovery
