#pragma once
// The account graph as Thunderbird builds it (thunderbird.md §2.1): mail.accountmanager.accounts →
// account → incoming server and identities → the identity's SMTP server or the default one,
// with Thunderbird's defaults for absent prefs (§2.6–2.7) and the exact origin of every value.
#include <cstddef>
#include <string>
#include <vector>

#include "adapters/thunderbird/pref_store.hpp"
#include "core/finding.hpp"
#include "core/model.hpp"
#include "i18n/text.hpp"

namespace adapters::thunderbird {

struct GraphContext {
  std::string prefs_path;  // prefs.js: the account id's source, and where absent prefs would go
  std::string profile;     // the profile name
};

// Far more than any profile holds: a 64 MB prefs.js can list 400,000, and each would cost its
// account, findings and report lines (gigabytes in all).
inline constexpr std::size_t kMaxAccountKeys = 1000;

// Something the account list leads to that is not in the prefs: an account with no server pref, a
// server with no type. Thunderbird never writes such a list, so the file was cut or damaged.
struct MissingPart {
  core::Origin named_by;  // the pref that names the missing part
  i18n::Text what;        // e.g. "mail.accountmanager.accounts lists account3, but mail.account.account3.server is not there"
};

struct GraphOutput {
  std::vector<core::Account> accounts;
  std::vector<core::Finding> findings;
  std::vector<MissingPart> missing;
  std::size_t unread_keys = 0;  // entries of mail.accountmanager.accounts past kMaxAccountKeys, not read
};

GraphOutput build_accounts(const PrefStore& prefs, const GraphContext& context);

// The major version of Thunderbird that last wrote the profile (extensions.lastAppVersion), 0 if unknown.
int last_app_major_version(const PrefStore& prefs);

// Thunderbird's nsMsgAuthMethod and nsMsgSocketType, in the normalised vocabulary and back.
core::Auth auth_from_method(int method);
int method_from_auth(core::Auth auth);  // 0 when Thunderbird has no value for it
core::Security security_from_socket_type(int socket_type);
int socket_type_from_security(core::Security security);  // -1 when there is none
int default_port(std::string_view server_type, int socket_type);

}  // namespace adapters::thunderbird
