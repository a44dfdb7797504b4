// Not a test: scripts/bench-thunderbird runs these (skipped by default) to time the tokenizer on a big file.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "adapters/thunderbird/pref_store.hpp"
#include "adapters/thunderbird/prefs_file.hpp"
#include "adapters/thunderbird/prefs_loader.hpp"
#include "adapters/thunderbird/prefs_tokenizer.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// The file mapped from the page cache (what a tokenizer needs: all of it in memory, no copy).
struct Mapped {
  const char* data = nullptr;
  std::size_t size = 0;
  explicit Mapped(const char* file) {
    int fd = open(file, O_RDONLY);
    REQUIRE(fd >= 0);
    struct stat st {};
    fstat(fd, &st);
    size = static_cast<std::size_t>(st.st_size);
    void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    REQUIRE(p != MAP_FAILED);
    data = static_cast<const char*>(p);
  }
  ~Mapped() { munmap(const_cast<char*>(data), size); }
  std::string_view view() const { return {data, size}; }
};

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
    Mapped mapped(file);
    std::string_view bytes = mapped.view();
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

  // Where an audit's two passes spend their time beyond the tokenizer: the windowed reads with a
  // sink that only counts, then pass 1 (scan) and pass 2 (load) as the profile reader runs them.
  TEST_CASE("pass by pass: the file named by MAILMEND_BENCH_PREFS" * doctest::skip()) {
    namespace tb = adapters::thunderbird;
    const char* file = std::getenv("MAILMEND_BENCH_PREFS");
    REQUIRE(file);
    auto t0 = Clock::now();
    Counter counter;
    REQUIRE(tb::stream_prefs_file(file, counter).ok());
    auto t1 = Clock::now();
    tb::PrefKeys keys;
    auto scan = tb::scan_prefs_file(file, keys);
    REQUIRE(scan.ok());
    auto t2 = Clock::now();
    tb::PrefStore store;
    REQUIRE(tb::load_prefs_file(file, tb::PrefLayer::PrefsJs, *scan, keys, store).ok());
    auto t3 = Clock::now();
    std::cout << "statements " << counter.statements << " windowed_ms " << ms(t0, t1) << " scan_ms " << ms(t1, t2)
              << " load_ms " << ms(t2, t3) << "\n";
  }
}
