#include <doctest/doctest.h>

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
}
