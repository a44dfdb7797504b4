#pragma once
// Running a step with a user's effective ids: as root, work that must open files in a folder the
// user controls (SQLite opening a database with its -wal and -shm) is done as that user, so a
// link the user planted can never make root write somewhere else. A no-op when not root.
#include <sys/types.h>

#include <vector>

#include "util/result.hpp"

namespace util {

class ScopedIdentity {
 public:
  // Takes uid:gid as effective user, group and only supplementary group, when the process runs
  // as root and uid is not root; otherwise changes nothing. An error for gid 0 with another uid.
  static Result<ScopedIdentity> become(uid_t uid, gid_t gid);
  ScopedIdentity(ScopedIdentity&& other) noexcept;
  ScopedIdentity& operator=(ScopedIdentity&&) = delete;
  ScopedIdentity(const ScopedIdentity&) = delete;
  ~ScopedIdentity();  // back to the ids it replaced

  bool active() const { return active_; }
  // Back to the replaced ids for a step (writing root's backup store), then the user's again.
  Status leave();
  Status enter();

 private:
  ScopedIdentity(uid_t uid, gid_t gid) : uid_(uid), gid_(gid) {}
  uid_t uid_;
  gid_t gid_;
  bool active_ = false;
  bool inside_ = false;
  uid_t old_uid_ = 0;
  gid_t old_gid_ = 0;
  std::vector<gid_t> old_groups_;
};

}  // namespace util
