#include "discovery/session.hpp"

#include <ctime>

#include "util/text.hpp"

namespace discovery {

Session::Session(SessionOptions options) : options_(std::move(options)) {}

Cache* Session::cache() {
  if (!options_.use_cache) return nullptr;
  if (!cache_opened_) {
    cache_opened_ = true;
    auto opened = Cache::open(options_.cache_dir.empty() ? default_cache_dir() : options_.cache_dir);
    if (opened) {
      cache_.emplace(std::move(*opened));
    } else {
      cache_problems_.push_back(i18n::text_of(opened.error()));
    }
  }
  return cache_ ? &*cache_ : nullptr;
}

const Outcome& Session::lookup(const std::string& address_or_domain, const providers::Database& db) {
  const auto at = address_or_domain.rfind('@');
  const std::string domain = util::to_lower(at == std::string::npos ? address_or_domain : address_or_domain.substr(at + 1));
  if (auto it = by_domain_.find(domain); it != by_domain_.end()) return it->second;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  Outcome outcome;
  outcome.domain = domain;
  Cache* c = cache();
  if (c && !options_.refresh) {
    if (auto cached = c->get(domain, db, now)) {
      outcome.found = std::move(cached);
      outcome.from_cache = true;
    }
  }
  if (!outcome.found) {
    outcome = discover(address_or_domain, db, options_.chain);
    if (outcome.found && c) {
      if (auto stored = c->put(domain, *outcome.found, now); !stored) cache_problems_.push_back(i18n::text_of(stored.error()));
    }
  }
  order_.push_back(domain);
  return by_domain_.emplace(domain, std::move(outcome)).first->second;
}

std::vector<const Outcome*> Session::outcomes() const {
  std::vector<const Outcome*> out;
  for (const auto& d : order_) out.push_back(&by_domain_.at(d));
  return out;
}

}  // namespace discovery
