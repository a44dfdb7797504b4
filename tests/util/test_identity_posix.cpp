// util::identity cases that only mean something on POSIX: root taking a user's ids.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

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

  TEST_CASE("on Linux a scope changes the ids of its own thread only: two users' threads and root's at once") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root; CI runs as root");
      return;
    }
    if (!util::ScopedIdentity::per_thread()) {
      MESSAGE("skipped: the ids belong to the whole process here (homes of other users are read one at a time)");
      return;
    }
    testutil::write_bytes("roots-only", "x");
    REQUIRE(::chmod("roots-only", 0600) == 0);
    const auto path = (testutil::scratch() / "roots-only").string();
    // Each thread takes a user's ids, then waits until the other has taken its own and root has looked.
    std::promise<void> both_in, root_looked;
    std::shared_future<void> looked = root_looked.get_future().share();
    std::atomic<int> inside{0};
    auto as_user = [&](util::UserId uid, util::GroupId gid) {
      auto user = util::ScopedIdentity::become(uid, gid);
      if (!user.ok()) return std::string("become: ") + user.error().message;  // `both` stays false
      if (++inside == 2) both_in.set_value();
      looked.wait();
      std::string seen = std::to_string(geteuid()) + ":" + std::to_string(getegid()) + (can_write(path.c_str()) ? " writes" : " denied");
      return seen;
    };
    auto first = std::async(std::launch::async, as_user, 4242, 4243);
    auto second = std::async(std::launch::async, as_user, 4252, 4253);
    const bool both = both_in.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    const bool root_writes = can_write(path.c_str());
    const auto root_ids = std::to_string(geteuid()) + ":" + std::to_string(getegid());
    root_looked.set_value();  // before any check: a thread that failed must not be waited on for ever
    CHECK(both);
    CHECK(root_ids == "0:0");
    CHECK(root_writes);
    CHECK(first.get() == "4242:4243 denied");
    CHECK(second.get() == "4252:4253 denied");
    CHECK(geteuid() == 0u);
  }
}
