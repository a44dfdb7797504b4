#include <sys/mman.h>

#include <cstdint>

#include "util/big_blocks.hpp"

namespace util {

void* allocate_big_block(std::size_t bytes) {
  // mmap aligns to a page only: map one block more and unmap the ends around an aligned start.
  const std::size_t mapped = bytes + kBigBlockBytes;
  void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (start + kBigBlockBytes - 1) / kBigBlockBytes * kBigBlockBytes;
  if (aligned > start) ::munmap(p, aligned - start);
  const std::uintptr_t end = start + mapped, aligned_end = aligned + bytes;
  if (end > aligned_end) ::munmap(reinterpret_cast<void*>(aligned_end), end - aligned_end);
#ifdef MADV_HUGEPAGE
  ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // advice: ignored where unsupported
#endif
  return reinterpret_cast<void*>(aligned);
}

void free_big_block(void* block, std::size_t bytes) { ::munmap(block, bytes); }

}  // namespace util
