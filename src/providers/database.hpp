#pragma once
// The provider database: SQLite (schemas/providers.sql) from a file, or the embedded one (a snapshot
// the build writes from the SQLite database it imports data/ into: providers/snapshot.hpp), with
// organisation policy files (ISPDB XML) layered on top.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "i18n/text.hpp"
#include "providers/ispdb.hpp"
#include "providers/provider.hpp"

namespace providers {

enum class MatchedBy { EmailDomain, ServerHost };

struct Match {
  Provider provider;
  MatchedBy by = MatchedBy::EmailDomain;
  std::string matched_on;   // the domain or host name that matched
  bool from_policy = false;  // the match came from a --policy file
};

// One --policy file as loaded: the domains it covers and what is wrong in it, in file order.
struct PolicyFile {
  std::string file;
  std::vector<std::string> domains;
  std::size_t servers = 0;
  std::vector<ImportIssue> problems;
  // No problem other than harmless notes (BOM, CRLF, a deprecated spelling).
  bool usable_to_fix() const;
};

// What an MX host name reveals (data/overrides <mxHost>): the provider, the pattern that matched
// and the service it names (the provider's name when the data gives none).
struct MxMatch {
  Provider provider;
  std::string pattern;
  std::string service;
  bool unverified = false;  // the data marks this <mxHost> unverified="true"
};

class Database {
 public:
  // The database built from data/ and embedded at build time.
  static Database embedded();
  // A database file made by `mailmend providers import`. Throws core::AppError(Usage) when unusable.
  static Database open(const std::filesystem::path& file);
  // A database held in memory (the embedded bytes), opened read-only without copying; the bytes
  // must outlive the Database. Throws core::AppError(Usage) when they are not a provider database.
  static Database from_bytes(std::span<const unsigned char> bytes, const std::string& origin);
  // A snapshot (snapshot() of a database) held in memory and read in place; the bytes must outlive
  // the Database. Throws core::AppError(Usage) when they are not one.
  static Database from_snapshot(std::span<const unsigned char> bytes, const std::string& origin);
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

  // Adds an organisation's own domains (ISPDB clientConfig XML); they win over the database.
  // Throws core::AppError(Usage) with file and reason when the file cannot be used.
  void add_policy(const std::filesystem::path& xml_file);

  std::optional<Provider> by_domain(const std::string& domain) const;
  // Provider whose known server host names include `host` (incoming or outgoing, or retired).
  std::optional<Provider> by_host(const std::string& host) const;
  // The provider an MX host reveals: the host itself, then "*." patterns from the longest suffix.
  std::optional<MxMatch> by_mx_host(const std::string& host) const;
  // By email domain first, then by the account's server host names.
  std::optional<Match> match(const core::Account& account) const;
  // By the domain of an address ("alice@example.com") or a bare domain ("example.com").
  std::optional<Provider> lookup(const std::string& address_or_domain) const;

  // Warnings from policy files ("file:line: reason"), in the order they were found.
  std::vector<std::string> warnings() const;
  // The policy files added, in order, with their problems.
  const std::vector<PolicyFile>& policy_files() const;
  // Why findings judged against `provider` must not be fixed ("" when they may): it comes from a
  // policy file with problems, whose mistake (an unknown socketType, a misspelt element) a fix
  // would write into profiles.
  i18n::Text fix_hold_reason(const Provider& provider) const;
  // "embedded" or the database file path.
  std::string origin() const;
  std::size_t provider_count() const;
  std::size_t domain_count() const;
  // This database's own providers, domains, hosts and MX patterns (not the policy files) as a
  // snapshot that from_snapshot reads: what the build embeds.
  std::string snapshot() const;

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace providers
