#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/home_layout.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::apple;

namespace {
void touch(const fs::path& p) { testutil::write_bytes(p, "x"); }
}  // namespace

TEST_SUITE("apple.home_layout") {
  TEST_CASE("V folders are listed by number; other entries are ignored") {
    fs::create_directories("h/Library/Mail/V10");
    fs::create_directories("h/Library/Mail/V2");
    fs::create_directories("h/Library/Mail/Vx");
    touch("h/Library/Mail/V3");
    auto listing = list_mail_versions("h/Library/Mail");
    auto& versions = std::get<std::vector<MailVersionFolder>>(listing);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].number == 2);
    CHECK(versions[1].number == 10);
    auto missing = list_mail_versions("nope/Library/Mail");
    CHECK(std::get<ListError>(missing).message == "nope/Library/Mail: cannot list: No such file or directory");
    CHECK_FALSE(std::get<ListError>(missing).denied);
  }

  TEST_CASE("staleness of a legacy plist follows what the home shows") {
    touch("a/Library/Mail/V2/MailData/Accounts.plist");
    CHECK(stale_reason("a/Library/Mail/V2/MailData/Accounts.plist") == "");
    fs::create_directories("a/Library/Mail/V4");
    CHECK(stale_reason("a/Library/Mail/V2/MailData/Accounts.plist") == "~/Library/Mail/V4 is newer");
    CHECK(stale_reason("a/Library/Mail/V4/MailData/Accounts.plist") == "");
    fs::create_directories("a/Library/Mail/V6");
    CHECK(stale_reason("a/Library/Mail/V4/MailData/Accounts.plist") == "~/Library/Mail/V6 exists (macOS 10.13 or later)");
    touch("b/Library/Accounts/Accounts4.sqlite");
    CHECK(stale_reason("b/Library/Mail/V2/MailData/Accounts.plist") == "~/Library/Accounts/Accounts4.sqlite exists");
    touch("c/Library/Preferences/com.apple.mail.plist");
    CHECK(stale_reason("c/Library/Preferences/com.apple.mail.plist") == "");
    fs::create_directories("c/Library/Mail/V2");
    CHECK(stale_reason("c/Library/Preferences/com.apple.mail.plist") == "~/Library/Mail/V2 exists (OS X 10.7 or later)");
    CHECK(stale_reason("loose/Accounts.plist") == "");
  }

  TEST_CASE("the home of a legacy store is found from its path") {
    CHECK(home_of_legacy_store("/Users/x/Library/Mail/V2/MailData/Accounts.plist") == fs::path("/Users/x"));
    CHECK(home_of_legacy_store("/Users/x/Library/Preferences/com.apple.mail.plist") == fs::path("/Users/x"));
    CHECK_FALSE(home_of_legacy_store("/Users/x/Library/Mail/Foo/MailData/Accounts.plist"));
  }

  TEST_CASE("a Mail folder that cannot be listed reports missing Full Disk Access") {
    CHECK(full_disk_access_message("/usr/local/bin/mailmend") ==
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
    CHECK(out.sources[0].message == full_disk_access_message(current_binary()));
    CHECK(out.accounts.empty());
  }
}
