#include <doctest/doctest.h>

#include <filesystem>

#include "support/testutil.hpp"
#include "util/system.hpp"

TEST_SUITE("system") {
  TEST_CASE("machine_id is /etc/machine-id without its newline (Linux), the same on every call") {
    const std::string id = util::machine_id();
    CHECK(id == util::machine_id());
    if (!std::filesystem::exists("/etc/machine-id")) {
      MESSAGE("no /etc/machine-id (macOS: IOPlatformUUID): only checked to be stable");
      return;
    }
    std::string expected = testutil::read_bytes("/etc/machine-id");
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == ' ')) expected.pop_back();
    REQUIRE(!expected.empty());
    CHECK(id == expected);
  }
}
