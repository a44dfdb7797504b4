#pragma once
// Opening a file to fix without trusting any path a user controls: the folder is opened from the
// home folder down with O_NOFOLLOW, and the file itself must be a regular, singly linked file
// owned by the home folder's owner. All later I/O goes through the folder descriptor.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"
#include "util/safe_fs.hpp"

namespace fix {

// The home folder that `file` lies in: the longest of `homes` containing it; otherwise, when
// running as root, the longest home folder from the password database (other than "/").
// Empty when there is none.
std::filesystem::path home_for(const std::filesystem::path& file, const std::vector<std::filesystem::path>& homes);

struct Target {
  std::filesystem::path path;  // absolute, lexically normal
  std::filesystem::path home;  // empty when not inside a known home
  util::UniqueFd folder;       // the folder holding the file, opened safely
  std::string name;            // the file's name inside `folder`
  std::optional<util::UserId> owner;  // the home folder's owner, when a home is known
};

// Opens the folder of `file`. Inside a home: from the home down without following symlinks.
// As root outside any home: from "/" down, the same way. Otherwise by its path.
util::Result<Target> open_target(const std::filesystem::path& file, const std::vector<std::filesystem::path>& homes);

struct Contents {
  std::string bytes;
  util::EntryStatus st;
};

// Reads the target: refuses a symlink, a hard link, a non-regular file, and a file not owned by
// the home folder's owner.
util::Result<Contents> read_target(const Target& target);

// Whether the target exists (without following a symlink).
util::Result<bool> target_exists(const Target& target);

}  // namespace fix
