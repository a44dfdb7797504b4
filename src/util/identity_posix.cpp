// identity.hpp on POSIX: the effective user, group and supplementary groups.
#include "util/identity.hpp"

#include <grp.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/syscall.h>
#endif

#include <cerrno>
#include <string>

#include "util/error_text.hpp"

namespace util {
namespace {

// An error from a marked pattern: {1} the system's text for errno, {2} the id it names.
Error id_error(const char* pattern, std::uint32_t id = 0) {
  const int err = errno;
  return error_from(pattern, {errno_text(err), std::to_string(id)});
}

#ifdef __linux__
// Linux keeps the ids per thread. glibc's setgroups, setegid and seteuid change them in every thread
// of the process (it signals each one, as POSIX asks); the system calls themselves change only the
// calling thread's, so threads can read the homes of different users at once. The saved ids stay
// root's, so each thread can return.
constexpr bool kPerThread = true;
int set_groups(std::size_t n, const GroupId* groups) { return static_cast<int>(::syscall(SYS_setgroups, n, groups)); }
int set_effective_group(GroupId gid) { return static_cast<int>(::syscall(SYS_setresgid, static_cast<GroupId>(-1), gid, static_cast<GroupId>(-1))); }
int set_effective_user(UserId uid) { return static_cast<int>(::syscall(SYS_setresuid, static_cast<UserId>(-1), uid, static_cast<UserId>(-1))); }
#else
constexpr bool kPerThread = false;
int set_groups(std::size_t n, const GroupId* groups) { return ::setgroups(static_cast<int>(n), groups); }
int set_effective_group(GroupId gid) { return ::setegid(gid); }
int set_effective_user(UserId uid) { return ::seteuid(uid); }
#endif

}  // namespace

bool ScopedIdentity::per_thread() { return kPerThread; }

Result<ScopedIdentity> ScopedIdentity::become(UserId uid, GroupId gid) {
  ScopedIdentity scope(uid, gid);
  if (::geteuid() != 0 || uid == 0) return scope;
  // Group 0 would give the user's step root's group (files of group root that are group-writable);
  // a user can get a file of group 0 by moving one in from a folder of group 0 (BSD semantics).
  if (gid == 0) return error_from("group 0 is root's; refusing to take it for uid {1}", {std::to_string(uid)});
  scope.old_uid_ = ::geteuid();
  scope.old_gid_ = ::getegid();
  int n = ::getgroups(0, nullptr);
  if (n < 0) return id_error(marked("cannot read the supplementary groups: {1}"));
  scope.old_groups_.resize(static_cast<std::size_t>(n));
  if (n > 0 && ::getgroups(n, scope.old_groups_.data()) < 0) return id_error(marked("cannot read the supplementary groups: {1}"));
  scope.active_ = true;
  if (auto s = scope.enter(); !s) return s.error();
  return scope;
}

ScopedIdentity::ScopedIdentity(ScopedIdentity&& other) noexcept
    : uid_(other.uid_),
      gid_(other.gid_),
      active_(other.active_),
      inside_(other.inside_),
      old_uid_(other.old_uid_),
      old_gid_(other.old_gid_),
      old_groups_(std::move(other.old_groups_)) {
  other.active_ = false;
  other.inside_ = false;
}

ScopedIdentity::~ScopedIdentity() { (void)leave(); }

Status ScopedIdentity::enter() {
  if (!active_ || inside_) return {};
  // Groups first: once the effective user is not root they can no longer be changed.
  if (set_groups(1, &gid_) != 0) return id_error(marked("cannot set the supplementary groups to {2}: {1}"), gid_);
  if (set_effective_group(gid_) != 0) {
    Error e = id_error(marked("cannot set the effective group {2}: {1}"), gid_);
    (void)set_groups(old_groups_.size(), old_groups_.data());
    return e;
  }
  if (set_effective_user(uid_) != 0) {
    Error e = id_error(marked("cannot set the effective user {2}: {1}"), uid_);
    (void)set_effective_group(old_gid_);
    (void)set_groups(old_groups_.size(), old_groups_.data());
    return e;
  }
  inside_ = true;
  return {};
}

Status ScopedIdentity::leave() {
  if (!active_ || !inside_) return {};
  if (set_effective_user(old_uid_) != 0) return id_error(marked("cannot return to the effective user {2}: {1}"), old_uid_);
  inside_ = false;
  if (set_effective_group(old_gid_) != 0) return id_error(marked("cannot return to the effective group {2}: {1}"), old_gid_);
  if (set_groups(old_groups_.size(), old_groups_.data()) != 0)
    return id_error(marked("cannot restore the supplementary groups: {1}"));
  return {};
}

}  // namespace util
