// Damaged prefs.js cases that only mean something on POSIX: Thunderbird's lock symlink.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using adapters::thunderbird::Options;
using adapters::thunderbird::ThunderbirdAdapter;

TEST_SUITE("damaged_prefs") {
  TEST_CASE("a damaged profile that Thunderbird holds open stays damaged (and says it is running)") {
    testutil::write_bytes("p/prefs.js", "");
    std::error_code ec;
    fs::create_symlink("127.0.0.1:+" + std::to_string(::getpid()), "p/lock", ec);
    REQUIRE_FALSE(ec);
    auto out = ThunderbirdAdapter(Options{{}}).read("p");
    CHECK(out.sources[0].status == core::SourceStatus::Damaged);
    CHECK(out.sources[0].message.ends_with("; profile 'p': 0 mail accounts; Thunderbird is running (pid " +
                                           std::to_string(::getpid()) + ", lock symlink p/lock)"));
  }
}
