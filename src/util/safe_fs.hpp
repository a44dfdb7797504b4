#pragma once
// File access through folder descriptors, for a privileged process working in folders that
// other users control: no path is re-resolved after it was opened, no link below a trusted root is
// followed, and a file is replaced atomically (temporary file, flush, rename, flush folder).
//
// Part of the platform layer: one interface, implemented in safe_fs_posix.cpp (openat and
// friends) and safe_fs_win.cpp (handles opened with FILE_FLAG_OPEN_REPARSE_POINT, every folder on
// the way held open without FILE_SHARE_DELETE so it cannot be swapped, ReplaceFileW).
// A descriptor is a C runtime file descriptor: on Windows one that wraps a HANDLE.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/file.hpp"
#include "util/result.hpp"

namespace util {

using UserId = std::uint32_t;   // a POSIX uid; always 0 on Windows (ACLs travel with the file)
using GroupId = std::uint32_t;  // a POSIX gid; always 0 on Windows
using FileMode = std::uint32_t; // POSIX permission bits (07777); on Windows 0600 for files, 0700 for folders

// What a directory entry is, without following it.
struct EntryStatus {
  enum class Kind { File, Folder, Link, Other };  // Link: a symlink, junction or other reparse point
  Kind kind = Kind::Other;
  std::uint64_t size = 0;
  std::uint64_t links = 1;  // hard links
  UserId owner = 0;
  GroupId group = 0;
  FileMode mode = 0;
  bool is_file() const { return kind == Kind::File; }
  bool is_folder() const { return kind == Kind::Folder; }
  bool is_link() const { return kind == Kind::Link; }
};

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

// Opens the folder `dir` by its path (following links: for trusted paths only).
Result<UniqueFd> open_folder_by_path(const std::filesystem::path& dir);

// Opens the subfolder `name` of `dirfd` without following a link (a link is refused).
Result<UniqueFd> open_subfolder_at(int dirfd, const std::string& name, const std::filesystem::path& shown);

// What `name` in `dirfd` is, without following a link; nullopt when it does not exist.
Result<std::optional<EntryStatus>> stat_entry_at(int dirfd, const std::string& name,
                                                 const std::filesystem::path& shown);

// What the open file or folder `fd` is.
Result<EntryStatus> status_of(int fd, const std::filesystem::path& shown);

// The names in the folder `dirfd` (without "." and ".."), sorted.
Result<std::vector<std::string>> list_folder_at(int dirfd, const std::filesystem::path& shown);

// Flushes a folder's entries to disk (after creating or renaming in it).
Status sync_folder(int dirfd, const std::filesystem::path& shown);

// Opens `name` in `dirfd` for reading: never follows a symlink, never blocks on a FIFO, and
// refuses anything but a regular file with exactly one link. `shown` names it in errors.
Result<UniqueFd> open_regular_file_at(int dirfd, const std::string& name, const std::filesystem::path& shown);

// Reads an open file to its end; refuses more than max_bytes.
Result<std::string> read_fd(int fd, const std::filesystem::path& shown, std::size_t max_bytes = kDefaultMaxFileBytes);

// Reads up to `size` bytes (fewer only at the end of the file; 0 there).
Result<std::size_t> read_some(int fd, char* buffer, std::size_t size, const std::filesystem::path& shown);

// Moves the read position of an open file to `offset` from its start (fails as a read would).
Status seek_to(int fd, std::uint64_t offset, const std::filesystem::path& shown);

// Creates the file `path` (it must not exist; never through a symlink) for writing, mode 0600.
Result<UniqueFd> create_new_file(const std::filesystem::path& path);

// Appends `count` zero bytes, as a hole where the file system can (a sparse copy stays sparse).
Status append_zeros(int fd, std::uint64_t count, const std::filesystem::path& shown);

// Writes all of `bytes` to an open file.
Status write_all(int fd, std::string_view bytes, const std::filesystem::path& shown);

// Creates `name` in `dirfd` (O_EXCL, never through a symlink) with the given owner and mode,
// writes `bytes` and fsyncs it. Fails if the name exists.
Status create_file_at(int dirfd, const std::string& name, std::string_view bytes, UserId uid, GroupId gid,
                      FileMode mode, const std::filesystem::path& shown);

struct AtomicWrite {
  UserId uid = 0;
  GroupId gid = 0;
  FileMode mode = 0600;
  // Called at "mid-write", "before-rename" and "after-rename" (a test hook; may be empty).
  std::function<void(std::string_view step)> on_step;
  bool set_owner = true;  // false: the file belongs to whoever runs (the tool's own outputs)
};

// Replaces (or creates) `name` in `dirfd` atomically: a temporary file in the same folder created
// O_EXCL, owned uid:gid with `mode`, written, fsynced, renamed over `name`, then the folder fsynced.
// Readers see the complete old or the complete new bytes, never a mix.
Status replace_file_at(int dirfd, const std::string& name, std::string_view bytes, const AtomicWrite& how,
                       const std::filesystem::path& shown);

// The prefix of the temporary files replace_file_at creates for `name`.
std::string temp_prefix_for(const std::string& name);

// A fresh random name with that prefix (".NAME.mailmend-<12 hex>.tmp").
std::string new_temp_name_for(const std::string& name);

// Removes the file (or link: never followed) `name` from `dirfd`.
Status remove_file_at(int dirfd, const std::string& name, const std::filesystem::path& shown);

// Removes temporary files that replace_file_at left for `name` when a process died mid-write;
// returns how many it removed.
std::size_t remove_stale_temp_files_at(int dirfd, const std::string& name);

// Creates the folder `name` in `dirfd` (fails if it exists) owned uid:gid with `mode`, and opens it.
Result<UniqueFd> create_folder_at(int dirfd, const std::string& name, UserId uid, GroupId gid, FileMode mode,
                                  const std::filesystem::path& shown);

}  // namespace util
