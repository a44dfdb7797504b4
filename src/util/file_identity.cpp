#include "util/file_identity.hpp"

namespace util {

bool SeenFiles::first_time(const std::filesystem::path& path) {
  auto id = file_identity(path);
  return !id || seen_.insert(*id).second;
}

}  // namespace util
