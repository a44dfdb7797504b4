// apple.home_layout cases that only mean something on POSIX: permission bits that deny reading.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/home_layout.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::apple;

TEST_SUITE("apple.home_layout") {
  TEST_CASE("a Mail folder that cannot be listed reports missing Full Disk Access") {
    CHECK(full_disk_access_message("/usr/local/bin/mailmend").english ==
          "Full Disk Access missing for /usr/local/bin/mailmend: grant it in System Settings > Privacy & Security > "
          "Full Disk Access");
    CHECK(is_access_denied(std::make_error_code(std::errc::operation_not_permitted)));
    CHECK(is_access_denied(std::make_error_code(std::errc::permission_denied)));
    CHECK_FALSE(is_access_denied(std::make_error_code(std::errc::no_such_file_or_directory)));
    CHECK(current_binary().ends_with("test_apple"));
    CHECK_FALSE(read_access_denied("no-such-file"));
    testutil::write_bytes("locked.plist", "x");
    fs::permissions("locked.plist", fs::perms::none);
    CHECK(read_access_denied("locked.plist") == (geteuid() != 0));
    fs::create_directories("d/Library/Mail/V2");
    fs::permissions("d/Library/Mail", fs::perms::none);
    auto out = AppleMailAdapter().read("d/Library/Mail");
    fs::permissions("d/Library/Mail", fs::perms::owner_all);
    if (geteuid() == 0) {
      MESSAGE("running as root: permissions do not deny, only the message is checked");
      return;
    }
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == full_disk_access_message(current_binary()).english);
    CHECK(out.accounts.empty());
  }
}
