#pragma once
// File access through directory descriptors, for a privileged process working in folders that
// other users control: no path is re-resolved after it was opened, no symlink below a trusted
// root is followed, and a file is replaced atomically (temporary file, fsync, rename, fsync dir).
#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/file.hpp"
#include "util/result.hpp"

namespace util {

// Owns one file descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  int release();
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Opens the folder `dir` (absolute). With a non-empty `root`, `dir` must be `root` or lie below
// it (lexically, ".." refused): `root` itself is opened normally and every component below it
// with openat(O_NOFOLLOW|O_DIRECTORY), so a symlink anywhere below `root` is refused.
// With an empty `root`, `dir` is opened by its path.
Result<UniqueFd> open_folder_beneath(const std::filesystem::path& root, const std::filesystem::path& dir);

// stat of `name` in `dirfd` without following a symlink; nullopt when it does not exist.
Result<std::optional<struct stat>> stat_entry_at(int dirfd, const std::string& name,
                                                 const std::filesystem::path& shown);

// Opens `name` in `dirfd` for reading: never follows a symlink, never blocks on a FIFO, and
// refuses anything but a regular file with exactly one link. `shown` names it in errors.
Result<UniqueFd> open_regular_file_at(int dirfd, const std::string& name, const std::filesystem::path& shown);

// Reads an open file to its end; refuses more than max_bytes.
Result<std::string> read_fd(int fd, const std::filesystem::path& shown, std::size_t max_bytes = kDefaultMaxFileBytes);

// Creates `name` in `dirfd` (O_EXCL, never through a symlink) with the given owner and mode,
// writes `bytes` and fsyncs it. Fails if the name exists.
Status create_file_at(int dirfd, const std::string& name, std::string_view bytes, uid_t uid, gid_t gid, mode_t mode,
                      const std::filesystem::path& shown);

struct AtomicWrite {
  uid_t uid = 0;
  gid_t gid = 0;
  mode_t mode = 0600;
  // Called at "mid-write", "before-rename" and "after-rename" (a test hook; may be empty).
  std::function<void(std::string_view step)> on_step;
};

// Replaces (or creates) `name` in `dirfd` atomically: a temporary file in the same folder created
// O_EXCL, owned uid:gid with `mode`, written, fsynced, renamed over `name`, then the folder fsynced.
// Readers see the complete old or the complete new bytes, never a mix.
Status replace_file_at(int dirfd, const std::string& name, std::string_view bytes, const AtomicWrite& how,
                       const std::filesystem::path& shown);

// The prefix of the temporary files replace_file_at creates for `name`.
std::string temp_prefix_for(const std::string& name);

// Removes temporary files that replace_file_at left for `name` when a process died mid-write;
// returns how many it removed.
std::size_t remove_stale_temp_files_at(int dirfd, const std::string& name);

// Creates the folder `name` in `dirfd` (fails if it exists) owned uid:gid with `mode`, and opens it.
Result<UniqueFd> create_folder_at(int dirfd, const std::string& name, uid_t uid, gid_t gid, mode_t mode,
                                  const std::filesystem::path& shown);

}  // namespace util
