// Whether a SQLite file image holds only its schema, from its pages: total on any input, and only
// ever true for whole pages of a file that starts as SQLite files do.
#include <string_view>

#include "fuzz/targets.hpp"
#include "util/sqlite_image.hpp"

namespace fuzz {

int sqlite_pages(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  const std::string_view image(reinterpret_cast<const char*>(data), size);
  if (util::sqlite_image_holds_only_schema(image)) {
    check(image.size() >= 512 && image.substr(0, 16) == std::string_view("SQLite format 3\0", 16));
    check(image.size() % 512 == 0);
  }
  return 0;
}

}  // namespace fuzz
