// Thunderbird adapter cases that only mean something on POSIX: permission bits that deny reading.
#include "adapters/thunderbird/adapter.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "support/testutil.hpp"
#include "tb_testutil.hpp"

namespace fs = std::filesystem;
using adapters::thunderbird::Options;
using adapters::thunderbird::ThunderbirdAdapter;
using tbtest::kPrefs;

TEST_SUITE("adapter") {
  TEST_CASE("an unreadable prefs.js is an error source naming the file") {
    if (geteuid() == 0) {
      MESSAGE("skipped: root reads any file");
      return;
    }
    testutil::write_bytes("p/prefs.js", kPrefs);
    fs::permissions("p/prefs.js", fs::perms::none);
    auto out = ThunderbirdAdapter(Options{{}}).read("p");
    fs::permissions("p/prefs.js", fs::perms::owner_read | fs::perms::owner_write);
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == "p/prefs.js: cannot open: Permission denied");
    CHECK(out.accounts.empty());
  }
}
