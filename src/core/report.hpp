#pragma once
// Everything one audit found, before it is rendered as text or JSON.
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "core/source.hpp"

namespace core {

struct ProviderRef {
  std::string id;
  std::string name;
  std::string matched_by;  // "email-domain", "server-host", "policy"
  std::string matched_on;  // the domain or host that matched
};

struct AccountReport {
  Account account;
  std::optional<ProviderRef> provider;
};

struct Report {
  std::string host;
  std::string generated_at;  // RFC 3339 UTC
  std::vector<Source> sources;
  std::vector<AccountReport> accounts;
  std::vector<Finding> findings;

  std::size_t count(Severity s) const;
};

}  // namespace core
