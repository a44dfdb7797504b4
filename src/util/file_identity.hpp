#pragma once
// Telling whether two paths name the same file (hard links, symbolic links, case variants), so a
// home cannot make an audit read one large file thousands of times under different names.
// Platform layer: file_identity_posix.cpp (device and inode), file_identity_win.cpp (volume serial
// number and file index).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

namespace util {

using FileKey = std::pair<std::uint64_t, std::uint64_t>;  // (device or volume, inode or file index)

// The identity of what `path` names (links followed); nullopt when it cannot be found out.
std::optional<FileKey> file_identity(const std::filesystem::path& path);

// The files already seen. first_time() is true for a path naming a file not seen before, and for
// a path whose identity cannot be found out (its reader reports why).
class SeenFiles {
 public:
  bool first_time(const std::filesystem::path& path);

 private:
  std::set<FileKey> seen_;
};

}  // namespace util
