#pragma once
// Running a step with a user's effective ids: as root, work that must open files in a folder the
// user controls (SQLite opening a database with its -wal and -shm) is done as that user, so a
// link the user planted can never make root write somewhere else. A no-op when not root.
// Platform layer: identity_posix.cpp (the effective ids; on Linux those of the calling thread); identity_win.cpp is a no-op (Windows
// keeps the caller's token: the folder is checked for reparse points before SQLite opens it).
#include <vector>

#include "util/result.hpp"
#include "util/safe_fs.hpp"

namespace util {

class ScopedIdentity {
 public:
  // Takes uid:gid as effective user, group and only supplementary group, when the process runs
  // as root and uid is not root; otherwise changes nothing. An error for gid 0 with another uid.
  static Result<ScopedIdentity> become(UserId uid, GroupId gid);
  // Whether become() changes the ids of the calling thread only (Linux; Windows, where it changes
  // nothing), so that threads may read the homes of different users at once. Elsewhere the ids
  // belong to the whole process.
  static bool per_thread();
  ScopedIdentity(ScopedIdentity&& other) noexcept;
  ScopedIdentity& operator=(ScopedIdentity&&) = delete;
  ScopedIdentity(const ScopedIdentity&) = delete;
  ~ScopedIdentity();  // back to the ids it replaced

  bool active() const { return active_; }
  // Back to the replaced ids for a step (writing root's backup store), then the user's again.
  Status leave();
  Status enter();

 private:
  ScopedIdentity(UserId uid, GroupId gid) : uid_(uid), gid_(gid) {}
  UserId uid_;
  GroupId gid_;
  bool active_ = false;
  bool inside_ = false;
  UserId old_uid_ = 0;
  GroupId old_gid_ = 0;
  std::vector<GroupId> old_groups_;
};

}  // namespace util
