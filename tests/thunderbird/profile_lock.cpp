#include "adapters/thunderbird/profile_lock.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;

TEST_SUITE("profile_lock") {
  TEST_CASE("a regular file named lock is not a lock") {
    testutil::write_bytes("lock", "127.0.0.1:+1");
    CHECK_FALSE(profile_lock_state(".").locked);
  }

  TEST_CASE("a Windows parent.lock file alone means nothing") {
    testutil::write_bytes("parent.lock", "");
    CHECK_FALSE(profile_lock_state(".").locked);
  }
}
