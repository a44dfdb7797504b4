// Not a test: scripts/bench-thunderbird runs these (skipped by default) to time the tokenizer on a big file.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "adapters/thunderbird/prefs_tokenizer.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// One read into a buffer of the file's size, as a fair counterpart of wc's reads.
std::string slurp(const char* file) {
  int fd = open(file, O_RDONLY);
  REQUIRE(fd >= 0);
  struct stat st {};
  fstat(fd, &st);
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = read(fd, bytes.data() + got, bytes.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fd);
  bytes.resize(got);
  return bytes;
}

struct Counter : adapters::thunderbird::PrefSink {
  std::size_t statements = 0, errors = 0;
  void statement(const adapters::thunderbird::PrefStatementView&) override { ++statements; }
  void error(const adapters::thunderbird::PrefError&) override { ++errors; }
};

}  // namespace

TEST_SUITE("benchmark") {
  TEST_CASE("tokenize the file named by MAILMEND_BENCH_PREFS" * doctest::skip()) {
    const char* file = std::getenv("MAILMEND_BENCH_PREFS");
    REQUIRE(file);
    auto t0 = Clock::now();
    std::string bytes = slurp(file);
    auto t1 = Clock::now();
    Counter counter;
    REQUIRE(adapters::thunderbird::tokenize_prefs(bytes, file, counter).ok());
    auto t2 = Clock::now();
    auto collected = adapters::thunderbird::tokenize_prefs(bytes, file);
    auto t3 = Clock::now();
    REQUIRE(collected.ok());
    std::cout << "bytes " << bytes.size() << " statements " << counter.statements << " errors " << counter.errors
              << " read_ms " << ms(t0, t1) << " stream_ms " << ms(t1, t2) << " collect_ms " << ms(t2, t3) << "\n";
  }
}
