#pragma once
// A run's last big object, left for the process's end to take back instead of being freed piece by
// piece: the report of 1,000 homes is millions of small allocations, and freeing them one by one
// took ~35 ms just before the process ended anyway. It stays reachable (leak checkers stay quiet);
// a second call in the same process (the test suite runs many commands) frees the previous one.
#include <mutex>
#include <utility>

namespace util {

template <class T>
void keep_until_exit(T&& value) {
  static std::mutex mutex;
  static T* kept = nullptr;
  T* previous;
  {
    std::lock_guard lock(mutex);
    previous = kept;
    kept = new T(std::forward<T>(value));
  }
  delete previous;
}

}  // namespace util
