// file_identity.hpp on POSIX: stat's device and inode.
#include <sys/stat.h>

#include "util/file_identity.hpp"

namespace util {

std::optional<FileKey> file_identity(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_ino == 0) return std::nullopt;
  return FileKey(static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino));
}

}  // namespace util
