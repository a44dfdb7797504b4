#include "adapters/thunderbird/profile_lock.hpp"

#include <string>

#include "util/system.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

// The `lock` symlink's target is "<ip>:+<pid>" or "<ip>:<pid>"; a dead pid means a stale lock.
core::LockState symlink_lock(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "lock";
  std::error_code ec;
  if (!std::filesystem::is_symlink(path, ec)) return {};
  std::string text = std::filesystem::read_symlink(path, ec).string();
  if (ec || text.empty() || text.size() > 255) return {};
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return {};
  std::string pid_text = text.substr(colon + 1);
  if (!pid_text.empty() && pid_text[0] == '+') pid_text.erase(0, 1);
  auto pid = util::parse_int(pid_text, 1, 0x7fffffff);
  if (!pid || !util::process_alive(static_cast<long>(*pid))) return {};
  return {true, i18n::msg("Thunderbird is running (pid {1}, lock symlink {2})", {std::to_string(*pid), path.string()})};
}

// Another process holding the profile's lock file means Thunderbird runs: `.parentlock` (Linux,
// macOS) carries an fcntl write lock, `parent.lock` (Windows) is held open without sharing.
core::LockState lock_file(const std::filesystem::path& dir, const char* name) {
  const std::filesystem::path path = dir / name;
  auto holder = util::lock_holder(path);
  if (!holder) return {};
  return {true, i18n::msg("Thunderbird is running ({1} holds the lock on {2})", {*holder, path.string()})};
}

}  // namespace

core::LockState profile_lock_state(const std::filesystem::path& profile_dir) {
  if (auto s = symlink_lock(profile_dir); s.locked) return s;
  if (auto s = lock_file(profile_dir, ".parentlock"); s.locked) return s;
  return lock_file(profile_dir, "parent.lock");
}

}  // namespace adapters::thunderbird
