// file.hpp's OpenRegularFile on POSIX: open(O_NONBLOCK), fstat, fstatfs.
#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

namespace util {
namespace {

// A file of a kernel interface (/proc, /sys, ...) looks regular, but reading it can consume what it
// holds (/proc/kmsg drains the kernel log another reader waits for): never a settings file.
bool kernel_interface_file(int fd) {
#ifdef __linux__
  struct statfs info {};
  if (::fstatfs(fd, &info) != 0) return false;
  static constexpr long kMagics[] = {PROC_SUPER_MAGIC,   SYSFS_MAGIC,        DEBUGFS_MAGIC,       TRACEFS_MAGIC,
                                     SECURITYFS_MAGIC,   CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC, BPF_FS_MAGIC};
  for (long magic : kMagics) {
    if (static_cast<long>(info.f_type) == magic) return true;
  }
#else
  (void)fd;
#endif
  return false;
}

}  // namespace

Result<OpenRegularFile> OpenRegularFile::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return make_error(path.string() + ": cannot open: " + std::strerror(errno));
  OpenRegularFile file(fd, 0);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return make_error(path.string() + ": cannot stat: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return make_error(path.string() + ": is a folder, not a file");
  if (!S_ISREG(st.st_mode)) return make_error(path.string() + ": is not a regular file (a FIFO, device or socket); refused");
  if (kernel_interface_file(fd)) return make_error(path.string() + ": is a kernel interface file (/proc, /sys), not a settings file; refused");
  file.size_ = static_cast<std::uintmax_t>(st.st_size);
  return file;
}

OpenRegularFile::~OpenRegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::filesystem::path path_from_utf8(std::string_view text) { return std::filesystem::path(text); }

std::string OpenRegularFile::reopen_path() const {
  std::error_code ec;
  const bool proc = std::filesystem::is_directory("/proc/self/fd", ec);
  return (proc ? "/proc/self/fd/" : "/dev/fd/") + std::to_string(fd_);
}

}  // namespace util
