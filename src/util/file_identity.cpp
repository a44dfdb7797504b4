#include "util/file_identity.hpp"

#include <sys/stat.h>

namespace util {

std::optional<std::pair<dev_t, ino_t>> file_identity(const std::filesystem::path& path) {
#ifdef _WIN32
  (void)path;  // st_ino is always 0 there: no identity to compare
  return std::nullopt;
#else
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_ino == 0) return std::nullopt;
  return std::make_pair(st.st_dev, st.st_ino);
#endif
}

bool SeenFiles::first_time(const std::filesystem::path& path) {
  auto id = file_identity(path);
  return !id || seen_.insert(*id).second;
}

}  // namespace util
