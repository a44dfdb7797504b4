#include "util/safe_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <vector>

namespace fs = std::filesystem;

namespace util {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

Error sys_error(const fs::path& shown, const std::string& what, int err) {
  return make_error(shown.string() + ": " + what + ": " + errno_text(err));
}

std::string random_hex(std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string out;
  for (std::size_t i = 0; i < digits; ++i) out += kHex[device() & 0xf];
  return out;
}

Status write_all(int fd, std::string_view bytes, const fs::path& shown) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error(shown, "cannot write", errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// Sets owner and mode of a freshly created file; fchown only when it changes something, so an
// unprivileged user can still write its own files.
Status set_owner_and_mode(int fd, uid_t uid, gid_t gid, mode_t mode, const fs::path& shown) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return sys_error(shown, "cannot stat", errno);
  if ((st.st_uid != uid || st.st_gid != gid) && ::fchown(fd, uid, gid) != 0) {
    return sys_error(shown, "cannot set owner " + std::to_string(uid) + ":" + std::to_string(gid), errno);
  }
  if (::fchmod(fd, mode & 07777) != 0) return sys_error(shown, "cannot set mode", errno);
  return {};
}

Result<UniqueFd> open_component(int dirfd, const std::string& name, const fs::path& shown) {
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) return UniqueFd(fd);
  int err = errno;
  struct stat st {};
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    return make_error(shown.string() + ": is a symlink; refusing to follow it");
  }
  if (err == ENOTDIR) return make_error(shown.string() + ": is not a folder");
  return sys_error(shown, "cannot open folder", err);
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

int UniqueFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

Result<UniqueFd> open_folder_beneath(const fs::path& root, const fs::path& dir) {
  const fs::path target = dir.lexically_normal();
  if (root.empty()) {
    int fd = ::open(target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return sys_error(target, "cannot open folder", errno);
    return UniqueFd(fd);
  }
  const fs::path base = root.lexically_normal();
  const fs::path relative = target.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") {
    return make_error(target.string() + ": is not inside " + base.string());
  }
  int fd = ::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sys_error(base, "cannot open folder", errno);
  UniqueFd current(fd);
  fs::path shown = base;
  for (const auto& part : relative) {
    if (part == "." || part.empty()) continue;
    if (part == "..") return make_error(target.string() + ": '..' is not allowed below " + base.string());
    shown /= part;
    auto next = open_component(current.get(), part.string(), shown);
    if (!next) return next.error();
    current = std::move(next.value());
  }
  return current;
}

Result<std::optional<struct stat>> stat_entry_at(int dirfd, const std::string& name, const fs::path& shown) {
  struct stat st {};
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return std::optional<struct stat>(st);
  if (errno == ENOENT) return std::optional<struct stat>();
  return sys_error(shown, "cannot stat", errno);
}

Result<UniqueFd> open_regular_file_at(int dirfd, const std::string& name, const fs::path& shown) {
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP) return make_error(shown.string() + ": is a symlink; refusing to follow it");
    return sys_error(shown, "cannot open", err);
  }
  UniqueFd file(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return sys_error(shown, "cannot stat", errno);
  if (!S_ISREG(st.st_mode)) return make_error(shown.string() + ": is not a regular file");
  if (st.st_nlink != 1) {
    return make_error(shown.string() + ": has " + std::to_string(st.st_nlink) +
                      " hard links; refusing (it may be linked to a file elsewhere)");
  }
  return file;
}

Result<std::string> read_fd(int fd, const fs::path& shown, std::size_t max_bytes) {
  std::string bytes;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error(shown, "cannot read", errno);
    if (n == 0) return bytes;
    if (bytes.size() + static_cast<std::size_t>(n) > max_bytes) {
      return make_error(shown.string() + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

Status create_file_at(int dirfd, const std::string& name, std::string_view bytes, uid_t uid, gid_t gid, mode_t mode,
                      const fs::path& shown) {
  int fd = ::openat(dirfd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return sys_error(shown, "cannot create", errno);
  UniqueFd file(fd);
  Status status = set_owner_and_mode(fd, uid, gid, mode, shown);
  if (status) status = write_all(fd, bytes, shown);
  if (status && ::fsync(fd) != 0) status = sys_error(shown, "cannot fsync", errno);
  if (!status) ::unlinkat(dirfd, name.c_str(), 0);
  return status;
}

std::string temp_prefix_for(const std::string& name) { return "." + name + ".mailmend-"; }

Status replace_file_at(int dirfd, const std::string& name, std::string_view bytes, const AtomicWrite& how,
                       const fs::path& shown) {
  auto step = [&](std::string_view s) {
    if (how.on_step) how.on_step(s);
  };
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temp = temp_prefix_for(name) + random_hex(12) + ".tmp";
    fd = ::openat(dirfd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return sys_error(shown, "cannot create a temporary file beside it", errno);
  UniqueFd file(fd);
  const fs::path temp_shown = shown.parent_path() / temp;
  auto fail = [&](Error e) -> Status {
    ::unlinkat(dirfd, temp.c_str(), 0);
    return e;
  };
  if (Status s = set_owner_and_mode(fd, how.uid, how.gid, how.mode, temp_shown); !s) return fail(s.error());
  const std::size_t half = bytes.size() / 2;
  if (Status s = write_all(fd, bytes.substr(0, half), temp_shown); !s) return fail(s.error());
  step("mid-write");
  if (Status s = write_all(fd, bytes.substr(half), temp_shown); !s) return fail(s.error());
  if (::fsync(fd) != 0) return fail(sys_error(temp_shown, "cannot fsync", errno));
  file = UniqueFd();
  step("before-rename");
  if (::renameat(dirfd, temp.c_str(), dirfd, name.c_str()) != 0) {
    return fail(sys_error(shown, "cannot rename " + temp + " over it", errno));
  }
  step("after-rename");
  if (::fsync(dirfd) != 0) return sys_error(shown.parent_path(), "cannot fsync folder", errno);
  return {};
}

std::size_t remove_stale_temp_files_at(int dirfd, const std::string& name) {
  int copy = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (copy < 0) return 0;
  DIR* folder = ::fdopendir(copy);
  if (!folder) {
    ::close(copy);
    return 0;
  }
  const std::string prefix = temp_prefix_for(name);
  std::vector<std::string> stale;
  while (const dirent* entry = ::readdir(folder)) {
    std::string_view entry_name = entry->d_name;
    if (entry_name.starts_with(prefix) && entry_name.ends_with(".tmp")) stale.emplace_back(entry_name);
  }
  ::closedir(folder);
  std::size_t removed = 0;
  for (const auto& entry : stale) {
    struct stat st {};
    if (::fstatat(dirfd, entry.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    removed += ::unlinkat(dirfd, entry.c_str(), 0) == 0 ? 1 : 0;
  }
  return removed;
}

Result<UniqueFd> create_folder_at(int dirfd, const std::string& name, uid_t uid, gid_t gid, mode_t mode,
                                  const fs::path& shown) {
  if (::mkdirat(dirfd, name.c_str(), 0700) != 0) return sys_error(shown, "cannot create folder", errno);
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return sys_error(shown, "cannot open folder", errno);
  UniqueFd folder(fd);
  if (Status s = set_owner_and_mode(fd, uid, gid, mode, shown); !s) return s.error();
  return folder;
}

}  // namespace util
