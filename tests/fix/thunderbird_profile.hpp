#pragma once
// The project's Thunderbird fixture home in a scratch folder, for the Thunderbird fix tests
// (test_thunderbird_fix.cpp and its POSIX-only case in test_thunderbird_fix_posix.cpp).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/thunderbird/adapter.hpp"
#include "make_finding.hpp"
#include "support/testutil.hpp"

namespace fixture {

// The project's own Thunderbird fixture home (example.com data), copied into the scratch folder.
struct Profile {
  adapters::thunderbird::ThunderbirdAdapter adapter{adapters::thunderbird::Options{{}}};
  std::filesystem::path home = testutil::scratch() / "alice";
  std::filesystem::path profile = home / ".thunderbird" / "a1b2c3d4.default-release";
  std::filesystem::path prefs = profile / "prefs.js";
  std::string original;

  Profile() {
    std::filesystem::copy(testutil::source_dir() / "fixtures/homes/tb-linux-alice", home,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
    std::filesystem::remove(profile / "lock");  // the fixture carries a stale lock; tests add their own
    original = testutil::read_bytes(prefs);
  }

  core::Report report_with(const std::vector<core::Finding>& findings) const {
    core::Report report;
    core::ReadOutput out = adapter.read(prefs);
    for (auto& a : out.accounts) report.accounts.push_back({a, std::nullopt});
    report.findings = findings;
    return report;
  }

  const core::Account& account_with_host(const core::Report& report, const std::string& host) const {
    for (const auto& entry : report.accounts) {
      if (entry.account.incoming && entry.account.incoming->host.value == host) return entry.account;
    }
    throw std::runtime_error("no account with host " + host);
  }
};

inline std::vector<core::Finding> host_fix(const core::Account& pop) {
  return {fixable_finding(pop, "outdated-host", "incoming.host", std::string("pop3.live.com"),
                          std::string("outlook.office365.com"), pop.incoming->host.origin)};
}

}  // namespace fixture
