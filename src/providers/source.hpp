#pragma once
// Where a providers::Database reads its rows: an SQLite provider database (a file from `providers
// import`), or the snapshot of the embedded one that the build writes (providers/snapshot.hpp).
// Internal to src/providers: the Database layers policy files, normalisation and caching on top.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.hpp"

namespace SQLite {
class Database;
}

namespace providers::detail {

// An mx_hosts row: the provider an MX pattern reveals and the service it names ("" for the
// provider's own name).
struct MxRow {
  std::string provider_id;
  std::string service;
};

// Every key a source answers for, so that a snapshot can ask the SQLite source each question once.
struct SourceKeys {
  std::vector<std::string> provider_ids;
  std::vector<std::string> domains;
  std::vector<std::string> hosts;
  std::vector<std::string> mx_patterns;
};

// Exact-match questions on normalised names (lower case, no trailing dot). Safe to call from
// several threads at once.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::optional<std::string> provider_of_domain(const std::string& domain) const = 0;
  // The provider whose literal server or retired host this is; when several list it, the one of
  // the highest rank (the host lies in its own domain), then incoming/outgoing before retired,
  // then the smallest id.
  virtual std::optional<std::string> provider_of_host(const std::string& host) const = 0;
  virtual std::optional<MxRow> mx_pattern(const std::string& pattern) const = 0;
  // The provider with that id, its origin left empty (the Database names it).
  virtual std::optional<Provider> provider(const std::string& id) const = 0;
  virtual std::size_t provider_count() const = 0;
  virtual std::size_t domain_count() const = 0;
  virtual SourceKeys keys() const = 0;
};

// The rows of an open SQLite provider database (its format already checked).
std::unique_ptr<Source> sqlite_source(std::unique_ptr<SQLite::Database> db);

}  // namespace providers::detail
