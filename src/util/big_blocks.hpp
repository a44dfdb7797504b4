#pragma once
// Memory for large, long-lived aggregates (the fleet summary's per-host state): a polymorphic
// memory resource that takes memory from the system in blocks of 2 MiB or more and asks the
// system to back them with huge pages where it can (Linux's transparent huge pages: the blocks are
// aligned to 2 MiB there).
// Filling 100 MB then costs tens of page faults instead of tens of thousands — in a virtual machine
// a fault can cost ~27 µs. Blocks go back to the system when the resource is destroyed.
// Put a std::pmr::unsynchronized_pool_resource on top to reuse freed memory.
// Platform layer: big_blocks_posix.cpp and big_blocks_win.cpp implement the two block functions.
#include <cstddef>
#include <memory_resource>
#include <vector>

namespace util {

inline constexpr std::size_t kBigBlockBytes = std::size_t{2} << 20;

// A block of `bytes` (a multiple of kBigBlockBytes), aligned at least to 64 KiB; nullptr when the
// system has no memory. Huge pages are asked for, not required.
void* allocate_big_block(std::size_t bytes);
void free_big_block(void* block, std::size_t bytes);

// Hands out memory from big blocks, front to back; deallocate() does nothing (a pool resource on
// top reuses what its users free). Not thread-safe.
class BigBlockResource : public std::pmr::memory_resource {
 public:
  BigBlockResource() = default;
  BigBlockResource(const BigBlockResource&) = delete;
  BigBlockResource& operator=(const BigBlockResource&) = delete;
  ~BigBlockResource() override;

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void*, std::size_t, std::size_t) override {}
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  struct Block {
    void* start;
    std::size_t bytes;
  };
  std::vector<Block> blocks_;
  char* next_ = nullptr;  // the free part of the newest block
  std::size_t left_ = 0;
};

}  // namespace util
