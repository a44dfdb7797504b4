// safe_fs.hpp on POSIX systems: openat(O_NOFOLLOW), fstatat(AT_SYMLINK_NOFOLLOW), renameat, fsync.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "util/error_text.hpp"
#include "util/safe_fs.hpp"

namespace fs = std::filesystem;

namespace util {
namespace {

// An error from a marked pattern: {1} the path `shown`, {2} the system's text for `err`, {3} `detail`.
Error sys_error(const fs::path& shown, const char* pattern, int err, const std::string& detail = {}) {
  return error_from(pattern, {shown.string(), errno_text(err), detail});
}

EntryStatus entry_status(const struct stat& st) {
  EntryStatus out;
  if (S_ISREG(st.st_mode)) out.kind = EntryStatus::Kind::File;
  else if (S_ISDIR(st.st_mode)) out.kind = EntryStatus::Kind::Folder;
  else if (S_ISLNK(st.st_mode)) out.kind = EntryStatus::Kind::Link;
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.links = static_cast<std::uint64_t>(st.st_nlink);
  out.owner = st.st_uid;
  out.group = st.st_gid;
  out.mode = st.st_mode & 07777;
  return out;
}

// Sets owner and mode of a freshly created file; fchown only when it changes something, so an
// unprivileged user can still write its own files.
Status set_owner_and_mode(int fd, UserId uid, GroupId gid, FileMode mode, const fs::path& shown) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return sys_error(shown, marked("{1}: cannot stat: {2}"), errno);
  if ((st.st_uid != uid || st.st_gid != gid) && ::fchown(fd, uid, gid) != 0) {
    return sys_error(shown, marked("{1}: cannot set owner {3}: {2}"), errno, std::to_string(uid) + ":" + std::to_string(gid));
  }
  if (::fchmod(fd, mode & 07777) != 0) return sys_error(shown, marked("{1}: cannot set mode: {2}"), errno);
  return {};
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

Result<UniqueFd> open_folder_by_path(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sys_error(dir, marked("{1}: cannot open folder: {2}"), errno);
  return UniqueFd(fd);
}

Result<UniqueFd> open_subfolder_at(int dirfd, const std::string& name, const fs::path& shown) {
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) return UniqueFd(fd);
  int err = errno;
  struct stat st {};
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    return error_from("{1}: is a symlink; refusing to follow it", {shown.string()});
  }
  if (err == ENOTDIR) return error_from("{1}: is not a folder", {shown.string()});
  return sys_error(shown, marked("{1}: cannot open folder: {2}"), err);
}

Result<std::optional<EntryStatus>> stat_entry_at(int dirfd, const std::string& name, const fs::path& shown) {
  struct stat st {};
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return std::optional(entry_status(st));
  if (errno == ENOENT) return std::optional<EntryStatus>();
  return sys_error(shown, marked("{1}: cannot stat: {2}"), errno);
}

Result<EntryStatus> status_of(int fd, const fs::path& shown) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return sys_error(shown, marked("{1}: cannot stat: {2}"), errno);
  return entry_status(st);
}

Result<std::vector<std::string>> list_folder_at(int dirfd, const fs::path& shown) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sys_error(shown, marked("{1}: cannot list: {2}"), errno);
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    int err = errno;
    ::close(fd);
    return sys_error(shown, marked("{1}: cannot list: {2}"), err);
  }
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  int err = errno;
  ::closedir(dir);
  if (err != 0) return sys_error(shown, marked("{1}: cannot list: {2}"), err);
  std::sort(names.begin(), names.end());
  return names;
}

Status sync_folder(int dirfd, const fs::path& shown) {
  if (::fsync(dirfd) != 0) return sys_error(shown, marked("{1}: cannot fsync folder: {2}"), errno);
  return {};
}

Result<UniqueFd> open_regular_file_at(int dirfd, const std::string& name, const fs::path& shown) {
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ELOOP) return error_from("{1}: is a symlink; refusing to follow it", {shown.string()});
    return sys_error(shown, marked("{1}: cannot open: {2}"), err);
  }
  UniqueFd file(fd);
  auto st = status_of(fd, shown);
  if (!st) return st.error();
  if (!st->is_file()) return error_from("{1}: is not a regular file", {shown.string()});
  if (st->links != 1) {
    return error_from("{1}: has {2} hard links; refusing (it may be linked to a file elsewhere)",
                      {shown.string(), std::to_string(st->links)});
  }
  return file;
}

Result<std::size_t> read_some(int fd, char* buffer, std::size_t size, const fs::path& shown) {
  for (;;) {
    ssize_t n = ::read(fd, buffer, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return sys_error(shown, marked("{1}: cannot read: {2}"), errno);
  }
}

Status seek_to(int fd, std::uint64_t offset, const fs::path& shown) {
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) return sys_error(shown, marked("{1}: cannot read: {2}"), errno);
  return {};
}

Status write_all(int fd, std::string_view bytes, const fs::path& shown) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error(shown, marked("{1}: cannot write: {2}"), errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<UniqueFd> create_new_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return sys_error(path, marked("{1}: cannot create: {2}"), errno);
  return UniqueFd(fd);
}

Status append_zeros(int fd, std::uint64_t count, const fs::path& shown) {
  const off_t end = ::lseek(fd, static_cast<off_t>(count), SEEK_CUR);
  if (end < 0 || ::ftruncate(fd, end) != 0) return sys_error(shown, marked("{1}: cannot write: {2}"), errno);
  return {};
}

Status create_file_at(int dirfd, const std::string& name, std::string_view bytes, UserId uid, GroupId gid,
                      FileMode mode, const fs::path& shown) {
  int fd = ::openat(dirfd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return sys_error(shown, marked("{1}: cannot create: {2}"), errno);
  UniqueFd file(fd);
  Status status = set_owner_and_mode(fd, uid, gid, mode, shown);
  if (status) status = write_all(fd, bytes, shown);
  if (status && ::fsync(fd) != 0) status = sys_error(shown, marked("{1}: cannot fsync: {2}"), errno);
  if (!status) ::unlinkat(dirfd, name.c_str(), 0);
  return status;
}

Status replace_file_at(int dirfd, const std::string& name, std::string_view bytes, const AtomicWrite& how,
                       const fs::path& shown) {
  auto step = [&](std::string_view s) {
    if (how.on_step) how.on_step(s);
  };
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    temp = new_temp_name_for(name);
    fd = ::openat(dirfd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return sys_error(shown, marked("{1}: cannot create a temporary file beside it: {2}"), errno);
  UniqueFd file(fd);
  const fs::path temp_shown = shown.parent_path() / temp;
  auto fail = [&](Error e) -> Status {
    ::unlinkat(dirfd, temp.c_str(), 0);
    return e;
  };
  if (how.set_owner) {
    if (Status s = set_owner_and_mode(fd, how.uid, how.gid, how.mode, temp_shown); !s) return fail(s.error());
  } else if (::fchmod(fd, how.mode & 07777) != 0) {
    return fail(sys_error(temp_shown, marked("{1}: cannot set mode: {2}"), errno));
  }
  const std::size_t half = bytes.size() / 2;
  if (Status s = write_all(fd, bytes.substr(0, half), temp_shown); !s) return fail(s.error());
  step("mid-write");
  if (Status s = write_all(fd, bytes.substr(half), temp_shown); !s) return fail(s.error());
  if (::fsync(fd) != 0) return fail(sys_error(temp_shown, marked("{1}: cannot fsync: {2}"), errno));
  file = UniqueFd();
  step("before-rename");
  if (::renameat(dirfd, temp.c_str(), dirfd, name.c_str()) != 0) {
    return fail(sys_error(shown, marked("{1}: cannot rename {3} over it: {2}"), errno, temp));
  }
  step("after-rename");
  return sync_folder(dirfd, shown.parent_path());
}

Status remove_file_at(int dirfd, const std::string& name, const fs::path& shown) {
  if (::unlinkat(dirfd, name.c_str(), 0) != 0) return sys_error(shown, marked("{1}: cannot remove: {2}"), errno);
  return {};
}

Result<UniqueFd> create_folder_at(int dirfd, const std::string& name, UserId uid, GroupId gid, FileMode mode,
                                  const fs::path& shown) {
  if (::mkdirat(dirfd, name.c_str(), 0700) != 0) return sys_error(shown, marked("{1}: cannot create folder: {2}"), errno);
  int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return sys_error(shown, marked("{1}: cannot open folder: {2}"), errno);
  UniqueFd folder(fd);
  if (Status s = set_owner_and_mode(fd, uid, gid, mode, shown); !s) return s.error();
  return folder;
}

}  // namespace util
