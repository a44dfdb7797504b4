#include "util/safe_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/safe_fs.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;

namespace util {
namespace {

Error sys_error(const fs::path& shown, const std::string& what, int err) {
  return make_error(shown.string() + ": " + what + ": " + std::strerror(err));
}

// The names in a folder (without "." and ".."), sorted.
Result<std::vector<std::string>> list_names(int dirfd, const fs::path& shown) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sys_error(shown, "cannot list", errno);
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    int err = errno;
    ::close(fd);
    return sys_error(shown, "cannot list", err);
  }
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  int err = errno;
  ::closedir(dir);
  if (err != 0) return sys_error(shown, "cannot list", err);
  std::sort(names.begin(), names.end());
  return names;
}

class Walker {
 public:
  Walker(const TreeLimits& limits, const TreeCopy* copy) : limits_(limits), copy_(copy) {}

  Status walk(int dirfd, const fs::path& shown, const std::string& prefix, int copy_dirfd, std::size_t depth) {
    if (depth > limits_.max_depth) return make_error(shown.string() + ": folders nested too deeply; refusing");
    auto names = list_names(dirfd, shown);
    if (!names) return names.error();
    for (const auto& name : *names) {
      if (++count_ > limits_.max_entries) return make_error(shown.string() + ": too many entries; refusing");
      if (auto s = entry(dirfd, shown / name, name, prefix + name, copy_dirfd, depth); !s) return s;
    }
    return {};
  }

  std::vector<TreeEntry> take() { return std::move(entries_); }

 private:
  Status entry(int dirfd, const fs::path& shown, const std::string& name, const std::string& relative,
               int copy_dirfd, std::size_t depth) {
    auto st = stat_entry_at(dirfd, name, shown);
    if (!st) return st.error();
    if (!st->has_value()) return make_error(shown.string() + ": vanished while it was read; try again");
    const struct stat& info = **st;
    if (S_ISLNK(info.st_mode)) return make_error(shown.string() + ": is a symlink; refusing");
    if (!S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode))
      return make_error(shown.string() + ": is neither a file nor a folder; refusing");
    if (limits_.owner && info.st_uid != *limits_.owner) {
      return make_error(shown.string() + ": owned by uid " + std::to_string(info.st_uid) + ", not uid " +
                        std::to_string(*limits_.owner) + "; refusing");
    }
    return S_ISDIR(info.st_mode) ? folder(dirfd, shown, name, relative, copy_dirfd, depth)
                                 : file(dirfd, shown, name, relative, copy_dirfd);
  }

  Status folder(int dirfd, const fs::path& shown, const std::string& name, const std::string& relative,
                int copy_dirfd, std::size_t depth) {
    int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return sys_error(shown, "cannot open folder", errno);
    UniqueFd sub(fd);
    entries_.push_back(TreeEntry{relative, true, 0, {}});
    UniqueFd copy_sub;
    if (copy_) {
      auto created = create_folder_at(copy_dirfd, name, copy_->uid, copy_->gid, 0700, copy_->shown / relative);
      if (!created) return created.error();
      copy_sub = std::move(created.value());
    }
    if (auto s = walk(sub.get(), shown, relative + "/", copy_sub.get(), depth + 1); !s) return s;
    if (copy_ && ::fsync(copy_sub.get()) != 0) return sys_error(copy_->shown / relative, "cannot fsync", errno);
    return {};
  }

  Status file(int dirfd, const fs::path& shown, const std::string& name, const std::string& relative,
              int copy_dirfd) {
    auto opened = open_regular_file_at(dirfd, name, shown);
    if (!opened) return opened.error();
    struct stat st {};
    if (::fstat(opened->get(), &st) != 0) return sys_error(shown, "cannot stat", errno);
    TreeEntry entry{relative, false, static_cast<std::uintmax_t>(st.st_size), {}};
    if (entry.size > limits_.max_file_bytes) return make_error(shown.string() + ": too large to back up; refusing");
    if ((total_ += entry.size) > limits_.max_total_bytes)
      return make_error(shown.string() + ": the folder is too large to back up; refusing");
    if (copy_) {
      auto bytes = read_fd(opened->get(), shown, static_cast<std::size_t>(limits_.max_file_bytes));
      if (!bytes) return bytes.error();
      entry.size = bytes->size();
      entry.sha256 = sha256_hex(*bytes);
      if (auto s = create_file_at(copy_dirfd, name, *bytes, copy_->uid, copy_->gid, 0600, copy_->shown / relative); !s)
        return s;
    }
    entries_.push_back(std::move(entry));
    return {};
  }

  const TreeLimits& limits_;
  const TreeCopy* copy_;
  std::vector<TreeEntry> entries_;
  std::size_t count_ = 0;
  std::uintmax_t total_ = 0;
};

}  // namespace

Result<std::vector<TreeEntry>> walk_tree_at(int dirfd, const fs::path& shown, const TreeLimits& limits,
                                            const TreeCopy* copy) {
  Walker walker(limits, copy);
  if (auto s = walker.walk(dirfd, shown, "", copy ? copy->dirfd : -1, 0); !s) return s.error();
  if (copy && ::fsync(copy->dirfd) != 0) return sys_error(copy->shown, "cannot fsync", errno);
  return walker.take();
}

}  // namespace util
