#include "fix/saved_logins.hpp"

#include <map>

#include "fix/plan.hpp"
#include "util/text.hpp"

namespace fix {
namespace {

// The origin Thunderbird saves this endpoint's login under.
std::string login_origin(const core::Endpoint& ep) {
  const std::string scheme = ep.protocol == core::Protocol::Pop3 ? "mailbox" : ep.protocol == core::Protocol::Smtp ? "smtp" : "imap";
  return scheme + "://" + util::printable(ep.host.value);
}

const core::Account* account_of(const core::Report& report, const std::string& id) {
  for (const auto& a : report.accounts) {
    if (a.account.id == id) return &a.account;
  }
  return nullptr;
}

struct AccountChanges {
  std::string label;
  std::vector<std::string> old_origins;
  bool to_oauth2 = false;
};

}  // namespace

std::vector<LoginNote> saved_login_notes(const std::vector<PlanFile>& files, const core::Report& report) {
  std::map<std::string, AccountChanges> changed;
  for (const auto& file : files) {
    if (file.is_refused() || file.client != "thunderbird") continue;
    for (const auto& item : file.items) {
      const core::Account* account = account_of(report, item.account);
      if (!account) continue;
      const bool incoming = item.field.starts_with("incoming.");
      const auto& ep = incoming ? account->incoming : account->outgoing;
      if (item.field.ends_with(".host") && ep) {
        auto& c = changed[item.account];
        c.label = item.account_label;
        c.old_origins.push_back(login_origin(*ep));
      } else if (item.field.ends_with(".auth") && item.new_value == core::FieldValue{std::string("OAuth2")}) {
        changed[item.account].to_oauth2 = true;
      }
    }
  }
  std::vector<LoginNote> out;
  for (auto& [id, c] : changed) {
    if (c.old_origins.empty()) continue;  // an auth change alone keeps the host: the login stays found
    std::string text = "Thunderbird will ask for the password (or sign-in) once: its saved login is stored under " +
                       util::join(c.old_origins, " and ") + ", the host this fix changes";
    text += c.to_oauth2 ? ", and the account moves to OAuth2 sign-in, which no saved password can carry."
                        : "; mailmend does not move saved logins.";
    out.push_back({id, c.label, std::move(text)});
  }
  return out;
}

}  // namespace fix
