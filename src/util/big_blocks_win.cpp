#include <windows.h>

#include "util/big_blocks.hpp"

namespace util {

// Large pages on Windows need the "Lock pages in memory" privilege, which users do not hold:
// plain committed memory (VirtualAlloc aligns to 64 KiB; blocks are used from their start, so
// only kBigBlockBytes' multiple matters, not its alignment).
void* allocate_big_block(std::size_t bytes) {
  return ::VirtualAlloc(nullptr, bytes, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}

void free_big_block(void* block, std::size_t) { ::VirtualFree(block, 0, MEM_RELEASE); }

}  // namespace util
