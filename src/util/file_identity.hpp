#pragma once
// Telling whether two paths name the same file (hard links, symbolic links, case variants), so a
// home cannot make an audit read one large file thousands of times under different names.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <set>
#include <utility>

namespace util {

// The device and inode of what `path` names (symbolic links followed); nullopt when it cannot be
// stat'ed.
std::optional<std::pair<dev_t, ino_t>> file_identity(const std::filesystem::path& path);

// The files already seen. first_time() is true for a path naming a file not seen before, and for
// a path that cannot be stat'ed (its reader reports why).
class SeenFiles {
 public:
  bool first_time(const std::filesystem::path& path);

 private:
  std::set<std::pair<dev_t, ino_t>> seen_;
};

}  // namespace util
