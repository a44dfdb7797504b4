#pragma once
// Whether Thunderbird is running on a profile (thunderbird.md §3.3).
#include <filesystem>

#include "core/adapter.hpp"

namespace adapters::thunderbird {

// Checks, in order: the `lock` symlink (read with lstat/readlink, its pid checked with kill(pid, 0)),
// the fcntl lock on `.parentlock`, and `parent.lock` of a Windows profile.
core::LockState profile_lock_state(const std::filesystem::path& profile_dir);

}  // namespace adapters::thunderbird
