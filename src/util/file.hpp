#pragma once
// Reading whole files with a size limit, as errors-as-values.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/file_identity.hpp"
#include "util/result.hpp"

namespace util {

inline constexpr std::size_t kDefaultMaxFileBytes = 64u * 1024u * 1024u;

// Reads the whole file; refuses files larger than max_bytes with a clear error naming the file.
// Never blocks: the file is opened O_NONBLOCK and anything but a regular file (a FIFO a user
// planted, a device, a socket, a folder) is refused, so no input can hang an unattended audit.
Result<std::string> read_file(const std::filesystem::path& path,
                              std::size_t max_bytes = kDefaultMaxFileBytes);

// Up to `max_bytes` from the start of a regular file, for recognising a file by its content;
// "" for anything else (missing, unreadable, not a regular file). Never blocks.
std::string read_file_head(const std::filesystem::path& path, std::size_t max_bytes);

// Copies a regular file (anything else refused, never blocking) to a new file `to` created 0600
// (O_EXCL); refuses a source larger than max_bytes. Errors name the file.
Status copy_regular_file(const std::filesystem::path& from, const std::filesystem::path& to, std::uintmax_t max_bytes);

// A path from text that a file holds (UTF-8 by its format, e.g. Path= in profiles.ini): on POSIX the
// bytes as they are; on Windows ill-formed UTF-8 becomes U+FFFD, as Thunderbird's own conversion
// does, where std::filesystem::path would throw.
std::filesystem::path path_from_utf8(std::string_view text);

// What tells one state of a file from another: its size, last write time and identity (device
// and inode; volume serial number and file index). Two equal versions: nothing was written to the
// file or renamed over its name in between (as far as the file system's clock can tell).
struct FileVersion {
  std::uintmax_t size = 0;
  std::int64_t modified = 0;  // nanoseconds (POSIX) or 100-ns ticks (Windows) since the platform's epoch
  FileKey identity{};         // as file_identity gives it
  bool operator==(const FileVersion&) const = default;
};

// An open regular file (never blocks on opening; anything else is refused), closed on destruction.
class OpenRegularFile {
 public:
  static Result<OpenRegularFile> open(const std::filesystem::path& path);
  OpenRegularFile(OpenRegularFile&& other) noexcept : fd_(other.fd_), version_(other.version_) { other.fd_ = -1; }
  OpenRegularFile& operator=(OpenRegularFile&&) = delete;
  OpenRegularFile(const OpenRegularFile&) = delete;
  ~OpenRegularFile();
  int fd() const { return fd_; }
  std::uintmax_t size() const { return version_.size; }
  // The file's version when it was opened.
  const FileVersion& version() const { return version_; }
  // A path that opens this very file again, for libraries that take a path: whatever is renamed
  // into the original path meanwhile is not what they open. POSIX: /proc/self/fd/N or /dev/fd/N.
  // Windows: the open file's own path, which nothing can be renamed over while it is open (it is
  // opened without FILE_SHARE_DELETE).
  std::string reopen_path() const;

 private:
  friend class FolderFiles;
  OpenRegularFile(int fd, FileVersion version) : fd_(fd), version_(version) {}
  int fd_;
  FileVersion version_;
};

// The files of one folder, opened by name exactly as OpenRegularFile::open opens them (links
// followed, never blocking, only regular files) but cheaper for many small files: on POSIX through
// the folder's descriptor (openat: no walk of the whole path per file), and the file system is asked
// whether it is a kernel interface only for a file on another device than the folder's. On Windows
// a file is opened by its path.
class FolderFiles {
 public:
  static Result<FolderFiles> open(const std::filesystem::path& folder);
  FolderFiles(FolderFiles&& other) noexcept;
  FolderFiles& operator=(FolderFiles&&) = delete;
  FolderFiles(const FolderFiles&) = delete;
  ~FolderFiles();
  // `shown` names the file in errors (the folder's path joined with `name`).
  Result<OpenRegularFile> open_file(const std::string& name, const std::filesystem::path& shown) const;

 private:
  FolderFiles(int fd, std::uint64_t device, bool kernel_interface, std::filesystem::path folder)
      : fd_(fd), device_(device), kernel_interface_(kernel_interface), folder_(std::move(folder)) {}
  int fd_;
  std::uint64_t device_;
  bool kernel_interface_;
  std::filesystem::path folder_;
};

}  // namespace util

namespace util {

// Writes a whole file through a temporary file in the same folder and a rename, so readers see
// the old or the new content, never half of it. For the tool's own outputs (reports); user
// settings files go through the fix engine's safer writer.
Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

}  // namespace util
