#include "util/big_blocks.hpp"

#include <cstdint>
#include <new>

namespace util {

BigBlockResource::~BigBlockResource() {
  for (const auto& b : blocks_) free_big_block(b.start, b.bytes);
}

void* BigBlockResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  const auto padding = [&] { return (alignment - reinterpret_cast<std::uintptr_t>(next_) % alignment) % alignment; };
  if (next_ == nullptr || padding() + bytes > left_) {
    // Round up to whole blocks, with room for the alignment.
    const std::size_t size = (bytes + alignment + kBigBlockBytes - 1) / kBigBlockBytes * kBigBlockBytes;
    void* block = allocate_big_block(size);
    if (block == nullptr) throw std::bad_alloc();
    blocks_.push_back({block, size});
    next_ = static_cast<char*>(block);
    left_ = size;
  }
  const std::size_t pad = padding();
  void* at = next_ + pad;
  next_ += pad + bytes;
  left_ -= pad + bytes;
  return at;
}

}  // namespace util
