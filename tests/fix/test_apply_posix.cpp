// fix::apply cases that only mean something on POSIX: owner, group and mode bits.
#include <doctest/doctest.h>

#include <unistd.h>

#include "fix/apply.hpp"
#include "fix/plan.hpp"
#include "fixture.hpp"
#include "posix_stat.hpp"
#include "setup.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using setup::Setup;
using setup::stat_of;

TEST_SUITE("fix::apply") {
  TEST_CASE("mode, owner and group are kept") {
    Setup s(fixture::kTwoAccounts);
    fs::permissions(s.file, fs::perms(0640), fs::perm_options::replace);
    const bool root = geteuid() == 0;
    if (root) REQUIRE(chown(s.file.c_str(), 4242, 4243) == 0);
    const fix::ApplyResult result = fix::apply_plan(s.plan(), s.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    const struct stat st = stat_of(s.file);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(st.st_uid == (root ? 4242u : geteuid()));
    CHECK(st.st_gid == (root ? 4243u : getegid()));
    if (root) {
      const fs::path folder = s.backups / result.files[0].backup_id;
      CHECK(stat_of(folder).st_uid == 4242u);
      CHECK(stat_of(folder / "original").st_uid == 4242u);
      CHECK(stat_of(folder / "original").st_gid == 4243u);
    } else {
      MESSAGE("ownership part skipped: not running as root");
    }
  }
}
