#pragma once
// Thunderbird's saved logins (logins.json in the profile): moving a saved login to a new origin
// when a fix changes a server host. Only the origin fields of the matching entries change; every
// other byte (the encrypted username and password, unknown fields, the formatting) stays as it is.
// Nothing here decrypts, and nothing returned holds an encrypted field.
//
// Thunderbird looks a server's password up with searchLoginsAsync({origin, httpRealm}) where both
// are the server URI "imap://host", "mailbox://host" (POP3), "smtp://host" (Thunderbird 153's
// resource:///modules/MsgIncomingServer.sys.mjs _getPasswordWithoutUI, and SmtpServer.sys.mjs
// _getServerURISpec; comm-central mailnews/base/src and mailnews/compose/src), so an entry moves
// when its "hostname" and "httpRealm" both equal the old origin. Thunderbird moves them itself
// when a host is changed in its settings (migratePassword in MsgIncomingServer.sys.mjs); an edit
// of prefs.js from outside does not. Thunderbird 153 also creates logins.db, a mirror
// (LoginManagerRustMirror.sys.mjs, off unless signon.rustMirror.enabled) that lookups do not read.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace fix {

inline constexpr std::size_t kMaxLoginsJsonBytes = 16u * 1024u * 1024u;

struct OriginMove {
  std::string from;  // "imap://imap.old.example"
  std::string to;    // "imap://imap.example.com"
};

struct MoveOutcome {
  std::size_t entries = 0;  // entries moved
  std::string not_moved;    // why nothing moved although an entry matched ("" when moved or none matched)
};

struct RekeyedLogins {
  std::string bytes;                  // the file with the moved origins
  std::vector<MoveOutcome> outcomes;  // one per move, in order
};

// Re-keys the entries of `bytes` (a logins.json). An error (not JSON, nested too deep, no "logins"
// array, an entry that is not an object or names "hostname"/"httpRealm" twice) changes nothing.
// A move whose target origin already holds an entry, or whose source is also another move's
// source, moves nothing and says why.
util::Result<RekeyedLogins> rekey_logins_json(std::string_view bytes, const std::vector<OriginMove>& moves);

}  // namespace fix
