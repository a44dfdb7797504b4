#pragma once
// The corrections a pushed configuration profile should carry: unlike an in-place fix, a profile
// replaces the account, so managed and stale accounts get corrections too.
#include <string_view>
#include <vector>

#include "core/adapter.hpp"
#include "core/report.hpp"

namespace fix {

struct ProfileCorrections {
  std::vector<core::Account> accounts;  // accounts of the client with at least one correction
  std::vector<core::Edit> edits;
};

// One edit per (account, field), from findings with one expected value. The generic
// port-security-mismatch guess is used only where no provider rule speaks for that field.
ProfileCorrections profile_corrections(const core::Report& report, std::string_view client);

}  // namespace fix
