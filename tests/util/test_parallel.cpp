// util::for_each_index (the audit's homes and accounts, the text report's accounts) and
// util::BigBlockResource (the fleet summary's per-host state).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "util/big_blocks.hpp"
#include "util/parallel.hpp"

TEST_SUITE("util.parallel") {
  TEST_CASE("every index is worked once, on as many threads as asked, whatever the count") {
    for (unsigned threads : {0u, 1u, 2u, 7u}) {
      for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{1000}}) {
        std::vector<std::atomic<int>> calls(count);
        std::vector<std::thread::id> by(count);
        util::for_each_index(count, threads, [&](std::size_t i) {
          ++calls[i];
          by[i] = std::this_thread::get_id();
        });
        for (const auto& c : calls) CHECK(c.load() == 1);
        if (threads <= 1) {
          for (const auto& id : by) CHECK(id == std::this_thread::get_id());
        }
      }
    }
  }

  TEST_CASE("no more threads than runs of at_least indexes") {
    for (std::size_t count : {std::size_t{5}, std::size_t{31}, std::size_t{32}, std::size_t{33}, std::size_t{200}}) {
      std::vector<std::thread::id> by(count);
      util::for_each_index(count, 8, [&](std::size_t i) { by[i] = std::this_thread::get_id(); }, 32);
      std::sort(by.begin(), by.end());
      const auto threads = static_cast<std::size_t>(std::unique(by.begin(), by.end()) - by.begin());
      CHECK(threads <= (count + 31) / 32);
      if (count <= 32) CHECK(by.front() == std::this_thread::get_id());
    }
  }

  TEST_CASE("one per core: a single run stays on the calling thread, more use at most the cores") {
    const auto caller = std::this_thread::get_id();
    std::vector<std::thread::id> by(1);
    util::for_each_index(1, util::kOnePerCore, [&](std::size_t i) { by[i] = std::this_thread::get_id(); });
    CHECK(by[0] == caller);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    by.assign(400, {});
    std::atomic<bool> caller_called{false}, helper_called{false};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    util::for_each_index(by.size(), util::kOnePerCore, [&](std::size_t i) {
      by[i] = std::this_thread::get_id();
      (by[i] == caller ? caller_called : helper_called) = true;
      // Each call waits (10 s at most in all) until the calling thread and a helper have both made
      // one, if helpers can have been started: how fast threads start (Wine) decides nothing.
      while (cores > 1 && !(caller_called && helper_called) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
    std::sort(by.begin(), by.end());
    const auto threads = static_cast<unsigned>(std::unique(by.begin(), by.end()) - by.begin());
    CHECK(threads >= std::min(2u, cores));
    CHECK(threads <= cores);
  }

  TEST_CASE("when calls throw, all still run and the lowest index's exception comes out") {
    std::atomic<int> ran{0};
    std::string what;
    try {
      util::for_each_index(100, 4, [&](std::size_t i) {
        ++ran;
        if (i == 70 || i == 30 || i == 99) throw std::runtime_error("index " + std::to_string(i));
      });
    } catch (const std::runtime_error& e) {
      what = e.what();
    }
    CHECK(ran.load() == 100);
    CHECK(what == "index 30");
  }
}

TEST_SUITE("util.big_blocks") {
  TEST_CASE("big blocks hand out aligned memory that stays put, small and large requests alike") {
    util::BigBlockResource blocks;
    std::pmr::unsynchronized_pool_resource pool(&blocks);
    std::pmr::vector<std::pmr::string> strings(&pool);
    for (int i = 0; i < 20000; ++i) strings.emplace_back(std::string(static_cast<std::size_t>(i % 97), 'x') + std::to_string(i));
    for (int i = 0; i < 20000; ++i) {
      CHECK(std::string_view(strings[static_cast<std::size_t>(i)]) == std::string(static_cast<std::size_t>(i % 97), 'x') + std::to_string(i));
    }
    // A request larger than a block gets blocks of its own, aligned as asked.
    void* big = blocks.allocate(3 * util::kBigBlockBytes + 5, 64);
    CHECK(reinterpret_cast<std::uintptr_t>(big) % 64 == 0);
    std::memset(big, 0xab, 3 * util::kBigBlockBytes + 5);
    void* small = blocks.allocate(24, 8);
    CHECK(reinterpret_cast<std::uintptr_t>(small) % 8 == 0);
    CHECK((static_cast<char*>(small) >= static_cast<char*>(big) + 3 * util::kBigBlockBytes + 5 ||
           static_cast<char*>(small) + 24 <= static_cast<char*>(big)));
  }
}
