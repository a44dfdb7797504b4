// identity.hpp on Windows: nothing to take on. Windows has no effective user ids; a run as SYSTEM
// or an administrator keeps its token, and what protects it in a user's folder is that every path
// is opened without following reparse points (safe_fs_win.cpp) before SQLite opens anything there.
#include "util/identity.hpp"

namespace util {

Result<ScopedIdentity> ScopedIdentity::become(UserId uid, GroupId gid) { return ScopedIdentity(uid, gid); }

ScopedIdentity::ScopedIdentity(ScopedIdentity&& other) noexcept
    : uid_(other.uid_), gid_(other.gid_), active_(false), inside_(false) {}

ScopedIdentity::~ScopedIdentity() = default;

bool ScopedIdentity::per_thread() { return true; }  // nothing changes

Status ScopedIdentity::enter() { return {}; }

Status ScopedIdentity::leave() { return {}; }

}  // namespace util
