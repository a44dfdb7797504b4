// system.hpp on POSIX systems.
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fcntl.h>

#include "util/error_text.hpp"
#include "util/file.hpp"
#include "util/system.hpp"
#include "util/text.hpp"

#ifdef __APPLE__
#include <uuid/uuid.h>
#endif

namespace fs = std::filesystem;

namespace util {

std::vector<std::string> command_line_arguments(int argc, char** argv) { return {argv, argv + argc}; }

void prepare_standard_streams() {}

// getentropy (glibc 2.25, macOS 10.12) rather than std::random_device: the C++ library's
// random_device, linked in statically, calls glibc 2.36's arc4random, and the binary would not start
// on an older glibc (Ubuntu 22.04 has 2.35).
void fill_random(unsigned char* bytes, std::size_t count) {
  constexpr std::size_t kMostPerCall = 256;  // getentropy's limit
  std::size_t done = 0;
  while (done < count) {
    const std::size_t n = std::min(kMostPerCall, count - done);
    if (getentropy(bytes + done, n) != 0) break;
    done += n;
  }
  if (done == count) return;
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t mix = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                      (static_cast<std::uint64_t>(getpid()) << 32) ^ (++counter * 0x9e3779b97f4a7c15ULL);
  for (; done < count; ++done) {
    mix ^= mix >> 33;
    mix *= 0xff51afd7ed558ccdULL;
    mix ^= mix >> 29;
    bytes[done] = static_cast<unsigned char>(mix);
  }
}

Platform current_platform() {
#ifdef __APPLE__
  return Platform::MacOS;
#else
  return Platform::Linux;
#endif
}

bool running_privileged() { return ::geteuid() == 0; }

UserId current_user_id() { return ::geteuid(); }

GroupId current_group_id() { return ::getegid(); }

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

#ifdef __APPLE__
std::string machine_id() {
  uuid_t id{};
  const timespec wait{1, 0};
  if (::gethostuuid(id, &wait) != 0) return {};
  uuid_string_t text{};
  ::uuid_unparse_upper(id, text);
  return text;
}
#else
std::string machine_id() {
  for (const char* file : {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
    auto text = read_file(file, 4096);
    if (!text) continue;
    std::string id(trim(*text));
    if (!id.empty() && printable(id) == id) return id;
  }
  return {};
}
#endif

fs::path current_user_home() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) return pw->pw_dir;
  return {};
}

fs::path current_user_settings_folder() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  return xdg && *xdg ? fs::path(xdg) : fs::path();
}

std::tm utc_time(std::time_t t) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return tm;
}

std::vector<fs::path> user_database_homes() {
  std::vector<fs::path> homes;
  ::setpwent();
  while (const passwd* entry = ::getpwent()) {
    if (entry->pw_dir && entry->pw_dir[0] == '/') homes.emplace_back(entry->pw_dir);
  }
  ::endpwent();
  return homes;
}

AllUsersHomes all_users_homes() { return AllUsersHomes{{"/home", "/Users"}, {}, "/home, /Users"}; }

std::optional<Account> home_owner_account(const fs::path& home) {
  struct stat st {};
  if (::geteuid() != 0 || ::stat(home.c_str(), &st) != 0 || st.st_uid == 0) return std::nullopt;
  const passwd* pw = ::getpwuid(st.st_uid);
  return Account{st.st_uid, pw ? pw->pw_gid : st.st_gid};
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::optional<std::string> lock_holder(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  int rc = ::fcntl(fd, F_GETLK, &fl);
  ::close(fd);
  if (rc != 0 || fl.l_type == F_UNLCK) return std::nullopt;
  return "pid " + std::to_string(fl.l_pid);
}

bool read_permission_denied(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd >= 0) {
    ::close(fd);
    return false;
  }
  return errno == EPERM || errno == EACCES;
}

void die_abruptly() {
  ::raise(SIGKILL);
  std::_Exit(137);
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) != 0; }

Result<fs::path> make_private_temp_folder(const std::string& prefix) {
  std::error_code ec;
  std::string templ = (fs::temp_directory_path(ec) / (prefix + "XXXXXX")).string();
  if (ec || !::mkdtemp(templ.data())) return error_from("cannot create a private temporary folder");
  return fs::path(templ);
}

fs::path user_cache_folder() {
#ifdef __APPLE__
  return current_user_home() / "Library" / "Caches";
#else
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && cache[0] == '/') return cache;
  return current_user_home() / ".cache";
#endif
}

fs::path default_backup_root() {
  if (::geteuid() == 0) return "/var/backups/mailmend";
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && state[0] == '/') {
    return fs::path(state) / "mailmend" / "backups";
  }
  fs::path home;
  if (const char* env = std::getenv("HOME"); env && env[0] == '/') {
    home = env;
  } else if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_dir) {
    home = pw->pw_dir;
  }
  return home / ".local" / "state" / "mailmend" / "backups";
}

Status check_private_backup_root(const fs::path& dir) {
  if (::geteuid() != 0) return {};
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return error_from("{1}: cannot stat the backup folder", {dir.string()});
  if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 077) != 0) {
    return error_from("{1}: the backup folder must be a folder owned by root that only root can enter (chmod 700); "
                      "refusing to use it as root",
                      {dir.string()});
  }
  return {};
}

Status ensure_private_backup_root(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return error_from("{1}: cannot create the backup folder: {2}", {dir.string(), ec.message()});
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) return error_from("{1}: cannot set its mode: {2}", {dir.string(), ec.message()});
  }
  return check_private_backup_root(dir);
}

}  // namespace util
