// util::identity cases that only mean something on POSIX: root taking a user's ids.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/testutil.hpp"
#include "util/identity.hpp"

namespace {

bool can_write(const char* path) {
  int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace

TEST_SUITE("util::identity") {
  TEST_CASE("as root, a scope runs with the user's ids, can step out for root's work, and ends as root") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root; CI runs as root");
      return;
    }
    testutil::write_bytes("roots-only", "x");
    REQUIRE(::chmod("roots-only", 0600) == 0);
    const auto path = (testutil::scratch() / "roots-only").string();
    {
      auto user = util::ScopedIdentity::become(4242, 4243);
      REQUIRE(user.ok());
      CHECK(user->active());
      CHECK(geteuid() == 4242u);
      CHECK(getegid() == 4243u);
      gid_t groups[4];
      CHECK(getgroups(4, groups) == 1);
      CHECK(groups[0] == 4243u);
      CHECK_FALSE(can_write(path.c_str()));
      REQUIRE(user->leave().ok());
      CHECK(geteuid() == 0u);
      CHECK(can_write(path.c_str()));
      REQUIRE(user->enter().ok());
      CHECK(geteuid() == 4242u);
      CHECK_FALSE(can_write(path.c_str()));
    }
    CHECK(geteuid() == 0u);
    CHECK(getegid() == 0u);
    CHECK(can_write(path.c_str()));
  }
}
