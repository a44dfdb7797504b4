#include "adapters/thunderbird/profile_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

bool process_alive(long pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The `lock` symlink's target is "<ip>:+<pid>" or "<ip>:<pid>"; a dead pid means a stale lock.
core::LockState symlink_lock(const std::filesystem::path& dir) {
  std::string path = (dir / "lock").string();
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return {};
  char target[256];
  ssize_t n = readlink(path.c_str(), target, sizeof target - 1);
  if (n <= 0) return {};
  std::string text(target, static_cast<std::size_t>(n));
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return {};
  std::string pid_text = text.substr(colon + 1);
  if (!pid_text.empty() && pid_text[0] == '+') pid_text.erase(0, 1);
  auto pid = util::parse_int(pid_text, 1, 0x7fffffff);
  if (!pid || !process_alive(static_cast<long>(*pid))) return {};
  return {true, "Thunderbird is running (pid " + std::to_string(*pid) + ", lock symlink " + path + ")"};
}

// Another process holding the fcntl write lock on .parentlock means Thunderbird runs.
core::LockState parentlock(const std::filesystem::path& dir) {
  std::string path = (dir / ".parentlock").string();
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return {};
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  int rc = fcntl(fd, F_GETLK, &fl);
  close(fd);
  if (rc != 0 || fl.l_type == F_UNLCK) return {};
  return {true, "Thunderbird is running (pid " + std::to_string(fl.l_pid) + " holds the lock on " + path + ")"};
}

}  // namespace

core::LockState profile_lock_state(const std::filesystem::path& profile_dir) {
  if (auto s = symlink_lock(profile_dir); s.locked) return s;
  if (auto s = parentlock(profile_dir); s.locked) return s;
  // parent.lock (Windows) exists whether or not Thunderbird runs; only an exclusive open can tell,
  // which needs Windows itself.
  return {};
}

}  // namespace adapters::thunderbird
