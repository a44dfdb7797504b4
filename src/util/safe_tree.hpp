#pragma once
// Walking and copying a whole folder that another user controls, through descriptors only: no
// symlink is followed, no special or hard-linked file is read, and every entry may be required
// to belong to one owner. Used to back up a folder (the Apple Accounts folder) before a database
// in it is changed in place.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"
#include "util/safe_fs.hpp"

namespace util {

struct TreeLimits {
  std::size_t max_depth = 8;
  std::size_t max_entries = 4096;
  std::uintmax_t max_file_bytes = 512u * 1024u * 1024u;
  std::uintmax_t max_total_bytes = 2048ull * 1024u * 1024u;
  std::optional<UserId> owner;  // every entry must belong to this user
};

struct TreeEntry {
  std::string path;  // relative, '/'-separated: "VerifiedBackup/Accounts4.sqlite"
  bool folder = false;
  std::uintmax_t size = 0;
  std::string sha256;  // files only, of the bytes read (when copying)
};

// Where a walk copies to: files are created 0600 and folders 0700, owned uid:gid, each fsynced.
struct TreeCopy {
  int dirfd = -1;  // an empty folder
  UserId uid = 0;
  GroupId gid = 0;
  std::filesystem::path shown;
};

// Entries of the folder `dirfd` (shown as `shown` in errors), folders before their contents,
// names sorted. Refuses (as an error naming the entry) a symlink, anything but a regular file or
// a folder, a file with more than one link, an entry of another owner, and the limits.
// With `copy`, every entry is copied into copy->dirfd as it is checked.
Result<std::vector<TreeEntry>> walk_tree_at(int dirfd, const std::filesystem::path& shown, const TreeLimits& limits,
                                            const TreeCopy* copy = nullptr);

}  // namespace util
