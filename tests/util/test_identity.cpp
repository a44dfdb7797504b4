#include <doctest/doctest.h>

#include "support/testutil.hpp"
#include "util/identity.hpp"
#include "util/system.hpp"

TEST_SUITE("util::identity") {
  TEST_CASE("becoming the own user or root changes nothing") {
    const util::UserId uid = util::current_user_id();
    auto same = util::ScopedIdentity::become(uid, util::current_group_id());
    REQUIRE(same.ok());
    CHECK(util::current_user_id() == uid);
    auto root = util::ScopedIdentity::become(0, 0);
    REQUIRE(root.ok());
    CHECK_FALSE(root->active());
  }
}
