#pragma once
// One run's online discovery (audit/probe/fix --online, providers lookup --online, providers
// discover): each domain is looked up once, through the cache unless --refresh, and every outcome
// is kept in the order first asked, for the report's sources.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "discovery/cache.hpp"
#include "discovery/chain.hpp"

namespace discovery {

struct SessionOptions {
  Options chain;
  std::filesystem::path cache_dir;  // empty: default_cache_dir()
  bool refresh = false;             // ignore cached answers (new ones are still kept)
  bool use_cache = true;
};

class Session {
 public:
  explicit Session(SessionOptions options);

  // The outcome for the domain of `address_or_domain` (found once per run).
  const Outcome& lookup(const std::string& address_or_domain, const providers::Database& db);
  // Every domain asked, in order.
  std::vector<const Outcome*> outcomes() const;
  // Problems with the cache (it could not be opened or written); discovery still ran.
  const std::vector<i18n::Text>& cache_problems() const { return cache_problems_; }

 private:
  SessionOptions options_;
  std::optional<Cache> cache_;
  bool cache_opened_ = false;
  std::map<std::string, Outcome> by_domain_;
  std::vector<std::string> order_;
  std::vector<i18n::Text> cache_problems_;

  Cache* cache();
};

}  // namespace discovery
