#pragma once
// Whether Thunderbird is running on a profile (thunderbird.md §3.3).
#include <filesystem>

#include "core/adapter.hpp"

namespace adapters::thunderbird {

// Checks, in order: the `lock` symlink (its pid must be alive), the lock on `.parentlock`
// (Linux, macOS) and on `parent.lock` (Windows), through util::lock_holder.
core::LockState profile_lock_state(const std::filesystem::path& profile_dir);

}  // namespace adapters::thunderbird
