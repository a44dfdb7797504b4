#pragma once
// The per-user cache of discovery answers: one SQLite file, discovery.sqlite, in the cache folder.
// It keeps domains and settings (the recipe to rebuild the provider, where it was found, until
// when it holds), never an address or a password. Failures to find anything are not kept.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "discovery/chain.hpp"
#include "util/result.hpp"

namespace discovery {

class Cache {
 public:
  // Opens (creating the folder, private, and the file) DIR/discovery.sqlite.
  static util::Result<Cache> open(const std::filesystem::path& dir);
  ~Cache();
  Cache(Cache&&) noexcept;
  Cache& operator=(Cache&&) noexcept;

  // The answer for `domain` while it holds at `now` (seconds since the epoch).
  std::optional<Found> get(const std::string& domain, const providers::Database& db, std::int64_t now) const;
  // Keeps `found` for its TTL (at most kMaxTtl); a TTL of 0 keeps nothing. Errors are one line.
  util::Status put(const std::string& domain, const Found& found, std::int64_t now);
  std::filesystem::path file() const;

 private:
  struct Impl;
  explicit Cache(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// $XDG_CACHE_HOME/mailmend (~/.cache/mailmend), %LOCALAPPDATA%\mailmend, ~/Library/Caches/mailmend.
std::filesystem::path default_cache_dir();

}  // namespace discovery
