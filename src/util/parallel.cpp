#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace util {
namespace {

unsigned cores() {
  static const unsigned count = std::max(1u, std::thread::hardware_concurrency());
  return count;
}

}  // namespace

void for_each_index(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work,
                    std::size_t at_least) {
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  const auto take_turns = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const std::size_t runs = (count + std::max<std::size_t>(at_least, 1) - 1) / std::max<std::size_t>(at_least, 1);
  if (threads == kOnePerCore && runs > 1) threads = cores();
  const std::size_t helpers = threads > 1 && runs > 1 ? std::min<std::size_t>(threads, runs) - 1 : 0;
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(take_turns);
    take_turns();
  }  // the helpers are joined here
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace util
