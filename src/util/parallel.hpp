#pragma once
// Work spread over a few threads, with results that do not depend on how many.
#include <cstddef>
#include <functional>

namespace util {

// A thread per core: how many is asked of the system (once per process) only by a for_each_index
// that has two or more runs of work to share, so a small run never asks.
inline constexpr unsigned kOnePerCore = ~0u;

// Calls work(i) once for every i in [0, count), on up to `threads` threads (the calling thread is
// one of them; 0 or 1: all on the calling thread, in order; kOnePerCore: one per core), and on no more threads than there are
// runs of `at_least` indexes (starting a thread costs about as much as auditing a few accounts).
// Each call should write only its own slot of a result. When calls throw, all others still run, and
// the exception of the lowest index is rethrown at the end: the one a run in order would have met first.
void for_each_index(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work,
                    std::size_t at_least = 1);

}  // namespace util
