// file.hpp's OpenRegularFile on POSIX: open(O_NONBLOCK), fstat, fstatfs.
#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "util/error_text.hpp"

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

constexpr int kReadFlags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

// The checks OpenRegularFile::open makes on a descriptor it opened. `trusted_device`: a device
// known not to be a kernel interface (the folder's), or none.
Result<FileVersion> regular_file_version(int fd, const std::filesystem::path& path,
                                         std::optional<dev_t> trusted_device = std::nullopt) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return error_from("{1}: cannot stat: {2}", {path.string(), errno_text(errno)});
  if (S_ISDIR(st.st_mode)) return error_from("{1}: is a folder, not a file", {path.string()});
  if (!S_ISREG(st.st_mode)) return error_from("{1}: is not a regular file (a FIFO, device or socket); refused", {path.string()});
  if (st.st_dev != trusted_device && kernel_interface_file(fd)) {
    return error_from("{1}: is a kernel interface file (/proc, /sys), not a settings file; refused", {path.string()});
  }
#ifdef __APPLE__
  const struct timespec modified = st.st_mtimespec;
#else
  const struct timespec modified = st.st_mtim;
#endif
  return FileVersion{static_cast<std::uintmax_t>(st.st_size),
                     static_cast<std::int64_t>(modified.tv_sec) * 1000000000 + modified.tv_nsec,
                     FileKey{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)}};
}

}  // namespace

Result<OpenRegularFile> OpenRegularFile::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), kReadFlags);
  if (fd < 0) return error_from("{1}: cannot open: {2}", {path.string(), errno_text(errno)});
  OpenRegularFile file(fd, {});
  auto version = regular_file_version(fd, path);
  if (!version) return version.error();
  file.version_ = *version;
  return file;
}

Result<FolderFiles> FolderFiles::open(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return error_from("{1}: cannot open: {2}", {folder.string(), errno_text(errno)});
  FolderFiles files(fd, 0, true, folder);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return error_from("{1}: cannot stat: {2}", {folder.string(), errno_text(errno)});
  files.device_ = static_cast<std::uint64_t>(st.st_dev);
  files.kernel_interface_ = kernel_interface_file(fd);
  return files;
}

FolderFiles::FolderFiles(FolderFiles&& other) noexcept
    : fd_(other.fd_), device_(other.device_), kernel_interface_(other.kernel_interface_), folder_(std::move(other.folder_)) {
  other.fd_ = -1;
}

FolderFiles::~FolderFiles() {
  if (fd_ >= 0) ::close(fd_);
}

Result<OpenRegularFile> FolderFiles::open_file(const std::string& name, const std::filesystem::path& shown) const {
  int fd = ::openat(fd_, name.c_str(), kReadFlags);
  if (fd < 0) return error_from("{1}: cannot open: {2}", {shown.string(), errno_text(errno)});
  OpenRegularFile file(fd, {});
  auto version =
      regular_file_version(fd, shown, kernel_interface_ ? std::nullopt : std::optional<dev_t>(static_cast<dev_t>(device_)));
  if (!version) return version.error();
  file.version_ = *version;
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
