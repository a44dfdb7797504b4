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

std::string OpenRegularFile::reopen_path() const {
  std::error_code ec;
  const bool proc = std::filesystem::is_directory("/proc/self/fd", ec);
  return (proc ? "/proc/self/fd/" : "/dev/fd/") + std::to_string(fd_);
}

namespace {

// Reads from `fd` until its end or more than `limit` bytes (then returns limit + 1 bytes).
Result<std::string> read_up_to(int fd, const std::filesystem::path& path, std::size_t limit) {
  std::string data;
  char buf[1 << 16];
  while (data.size() <= limit) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, limit + 1 - data.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return make_error(path.string() + ": read error: " + std::strerror(errno));
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

}  // namespace

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  auto file = OpenRegularFile::open(path);
  if (!file) return file.error();
  if (file->size() > max_bytes) {
    return make_error(path.string() + ": larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MB, refused");
  }
  auto data = read_up_to(file->fd(), path, max_bytes);
  if (data && data->size() > max_bytes) {
    return make_error(path.string() + ": larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MB, refused");
  }
  return data;
}

Status copy_regular_file(const std::filesystem::path& from, const std::filesystem::path& to,
                         std::uintmax_t max_bytes) {
  auto file = OpenRegularFile::open(from);
  if (!file) return file.error();
  if (file->size() > max_bytes) {
    return make_error(from.string() + ": larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MB, refused");
  }
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0) return make_error(to.string() + ": cannot create: " + std::strerror(errno));
  std::uintmax_t copied = 0;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(file->fd(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const bool failed = n < 0;
      const int err = errno;
      ::close(out);
      if (failed) return make_error(from.string() + ": read error: " + std::strerror(err));
      return {};
    }
    copied += static_cast<std::uintmax_t>(n);
    if (copied > max_bytes) {
      ::close(out);
      return make_error(from.string() + ": larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MB, refused");
    }
    // Zeros stay a hole: a sparse file (hundreds of MB that use no disk) must not become as many
    // MB written to the temporary folder (often RAM).
    if (buf[0] == 0 && std::memcmp(buf, buf + 1, static_cast<std::size_t>(n) - 1) == 0) {
      if (::lseek(out, n, SEEK_CUR) < 0 || ::ftruncate(out, static_cast<off_t>(copied)) != 0) {
        const int err = errno;
        ::close(out);
        return make_error(to.string() + ": cannot write: " + std::strerror(err));
      }
      continue;
    }
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        const int err = errno;
        ::close(out);
        return make_error(to.string() + ": cannot write: " + std::strerror(err));
      }
      done += w;
    }
  }
}

std::string read_file_head(const std::filesystem::path& path, std::size_t max_bytes) {
  auto file = OpenRegularFile::open(path);
  if (!file) return {};
  auto data = read_up_to(file->fd(), path, max_bytes);
  if (!data) return {};
  if (data->size() > max_bytes) data->resize(max_bytes);
  return std::move(data.value());
}

}  // namespace util

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace util {

Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  // Appended piece by piece: GCC 12 -O2/-O3 gives a false -Wrestrict on "." + string + "..."
  // (GCC bug 105329).
  std::string temp_name = ".";
  temp_name += path.filename().string();
  temp_name += ".XXXXXX";
  std::string tmpl = (dir / temp_name).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return make_error(path.string() + ": cannot create a temporary file: " + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return make_error(path.string() + ": write failed: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return make_error(path.string() + ": cannot flush: " + std::strerror(errno));
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return make_error(path.string() + ": cannot replace: " + why);
  }
  return {};
}

}  // namespace util
