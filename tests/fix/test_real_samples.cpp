// End to end on every real prefs.js in ../shared/real-samples/thunderbird (copied into the
// scratch folder at test time): plan, apply and verify a host change on every account, then
// restore the exact original bytes.
#include <doctest/doctest.h>

#include "adapters/thunderbird/adapter.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

// Lines starting with '-' or '+' in the hunks (the two header lines excluded).
std::size_t changed_lines(const std::string& diff) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < diff.size(); pos = diff.find('\n', pos) + 1) {
    if (diff.compare(pos, 4, "--- ") == 0 || diff.compare(pos, 4, "+++ ") == 0) continue;
    n += diff[pos] == '-' || diff[pos] == '+' ? 1 : 0;
  }
  return n;
}

}  // namespace

TEST_SUITE("fix::real_samples") {
  TEST_CASE("a host fix on every account of every real prefs.js applies, verifies and restores") {
    REQUIRE_SHARED();
    adapters::thunderbird::ThunderbirdAdapter adapter{adapters::thunderbird::Options{{}}};
    std::size_t samples = 0, accounts = 0;
    for (const auto& entry : fs::directory_iterator(testutil::shared_dir() / "real-samples" / "thunderbird")) {
      if (entry.path().extension() != ".js") continue;
      CAPTURE(entry.path().filename().string());
      const fs::path profile = testutil::scratch() / entry.path().stem();
      const fs::path prefs = profile / "prefs.js";
      fs::create_directories(profile);
      fs::copy_file(entry.path(), prefs);
      const std::string original = testutil::read_bytes(prefs);

      core::Report report;
      for (auto& a : adapter.read(prefs).accounts) report.accounts.push_back({a, std::nullopt});
      for (const auto& e : report.accounts) {
        const auto& in = e.account.incoming;
        if (!in || in->host.value.empty() || in->host.origin.is_default) continue;
        core::Finding f;
        f.rule = "test-host";
        f.account = e.account.id;
        f.field = "incoming.host";
        f.actual = in->host.value;
        f.expected = "fixed-" + e.account.key + ".example.net";
        f.fixable = true;
        f.origin = in->host.origin;
        report.findings.push_back(f);
      }
      if (report.findings.empty()) continue;
      ++samples;
      accounts += report.findings.size();

      const fix::Plan plan = fix::make_plan(report, {&adapter}, {});
      REQUIRE(plan.files.size() == 1);
      CHECK(plan.files[0].refused == "");
      CHECK(changed_lines(plan.files[0].diff) == 2 * report.findings.size());
      const fs::path backups = testutil::scratch() / "backups";
      const fix::ApplyResult result = fix::apply_plan(plan, {backups, {}, {}, {}});
      CHECK(result.files[0].message ==
            prefs.string() + ": " + std::to_string(report.findings.size()) + " change(s) applied");
      CHECK(testutil::read_bytes(prefs) == plan.files[0].new_bytes);
      CHECK(fix::restore_backup(backups, result.files[0].backup_id, false).status == fix::RestoreStatus::Restored);
      CHECK(testutil::read_bytes(prefs) == original);
    }
    MESSAGE(samples << " real samples, " << accounts << " accounts fixed and restored");
    CHECK(samples >= 4);
  }
}
