#include "fix/saved_logins.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "fix/logins_json.hpp"
#include "fix/plan.hpp"
#include "fix/target.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

// The scheme Thunderbird saves an endpoint's login under (localStoreType; SMTP: "smtp").
std::string login_scheme(core::Protocol protocol) {
  return protocol == core::Protocol::Pop3 ? "mailbox" : protocol == core::Protocol::Smtp ? "smtp" : "imap";
}

// Thunderbird builds the origin from the host as it is (encodeURIComponent leaves a DNS name
// alone); a host with other characters (an IPv6 address, a typo with a space) is not moved.
bool plain_host(const std::string& host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

const core::Account* account_of(const core::Report& report, const std::string& id) {
  for (const auto& a : report.accounts) {
    if (a.account.id == id) return &a.account;
  }
  return nullptr;
}

// One endpoint whose host the file changes.
struct HostMove {
  const PlanItem* item;
  OriginMove origins;
  std::string side;     // "incoming", "outgoing"
  std::string problem;  // why its login cannot move ("" when it can)
};

struct AccountMoves {
  std::string label;
  bool to_oauth2 = false;
  std::vector<HostMove> moves;
};

std::map<std::string, AccountMoves> host_moves(const PlanFile& file, const core::Report& report) {
  std::map<std::string, AccountMoves> out;
  for (const auto& item : file.items) {
    const core::Account* account = account_of(report, item.account);
    if (!account) continue;
    const bool incoming = item.field.starts_with("incoming.");
    const auto& ep = incoming ? account->incoming : account->outgoing;
    if (item.field.ends_with(".host") && ep) {
      const auto* new_host = std::get_if<std::string>(&item.new_value);
      const std::string scheme = login_scheme(ep->protocol) + "://";
      HostMove move{&item, {scheme + ep->host.value, scheme + (new_host ? *new_host : std::string())},
                    incoming ? "incoming" : "outgoing", {}};
      if (!new_host || !plain_host(ep->host.value) || !plain_host(*new_host)) move.problem = "the host is not a plain DNS name";
      if (ep->auth.value == core::Auth::OAuth2) move.problem = "the account signs in with OAuth2, not a saved password";
      auto& a = out[item.account];
      a.label = item.account_label;
      a.moves.push_back(std::move(move));
    } else if (item.field.ends_with(".auth") && item.new_value == core::FieldValue{std::string("OAuth2")}) {
      out[item.account].to_oauth2 = true;
    }
  }
  return out;
}

// Origins of the file's endpoints that the file does not change: their logins must stay.
std::set<std::string> origins_kept(const PlanFile& file, const core::Report& report) {
  std::set<std::string> edited_keys;
  for (const auto& item : file.items) edited_keys.insert(item.target_key);
  std::set<std::string> out;
  for (const auto& entry : report.accounts) {
    const core::Account& a = entry.account;
    if (a.client != "thunderbird" || fs::absolute(a.source).lexically_normal().parent_path() != file.file.parent_path()) {
      continue;
    }
    for (const auto* ep : {&a.incoming, &a.outgoing}) {
      if (*ep && !edited_keys.contains((*ep)->host.origin.key)) {
        out.insert(login_scheme((*ep)->protocol) + "://" + (*ep)->host.value);
      }
    }
  }
  return out;
}

util::Result<std::string> read_logins(const fs::path& path, const std::vector<fs::path>& homes) {
  auto target = open_target(path, homes);
  if (!target) return target.error();
  auto exists = target_exists(*target);
  if (!exists) return exists.error();
  if (!*exists) return util::make_error("the profile has no logins.json");
  auto contents = read_target(*target);
  if (!contents) return contents.error();
  return std::move(contents->bytes);
}

std::string describe_moves(const fs::path& path, const std::vector<OriginMove>& moves,
                           const std::vector<MoveOutcome>& outcomes) {
  std::string out = "Saved logins " + path.string() +
                    ": origin (hostname and httpRealm) only; the encrypted username and password are not read and "
                    "stay byte-identical:\n";
  for (std::size_t i = 0; i < moves.size(); ++i) {
    if (outcomes[i].entries == 0) continue;
    out += "  " + util::printable(moves[i].from) + " -> " + util::printable(moves[i].to) + "  (" +
           std::to_string(outcomes[i].entries) + " login(s))\n";
  }
  return out;
}

std::string note_text(const std::vector<std::string>& old_origins, bool to_oauth2, const std::string& why) {
  std::string text = "Thunderbird will ask for the password (or sign-in) once: its saved login is stored under " +
                     util::printable(util::join(old_origins, " and ")) + ", the host this fix changes";
  if (to_oauth2) return text + ", and the account moves to OAuth2 sign-in, which no saved password can carry.";
  return text + "; mailmend does not move it: " + util::printable(why) + ".";
}

// The logins.json of one prefs file: its moves and its notes.
void plan_file_logins(Plan& plan, std::size_t index, const core::Report& report, const std::vector<fs::path>& homes) {
  auto accounts = host_moves(plan.files[index], report);
  if (accounts.empty()) return;
  const fs::path logins_path = plan.files[index].file.parent_path() / "logins.json";
  const std::set<std::string> kept = origins_kept(plan.files[index], report);
  auto bytes = read_logins(logins_path, homes);

  std::vector<OriginMove> moves;  // distinct, in order; a shared SMTP server is one move
  for (auto& [id, a] : accounts) {
    for (auto& m : a.moves) {
      if (m.problem.empty() && kept.contains(m.origins.from)) m.problem = "another account still uses " + m.origins.from;
      if (m.problem.empty() && a.to_oauth2) m.problem = "the account moves to OAuth2";
      const bool listed = std::any_of(moves.begin(), moves.end(), [&](const OriginMove& o) {
        return o.from == m.origins.from && o.to == m.origins.to;
      });
      if (m.problem.empty() && !listed) moves.push_back(m.origins);
    }
  }
  util::Result<RekeyedLogins> rekeyed =
      bytes ? rekey_logins_json(*bytes, moves) : util::Result<RekeyedLogins>(bytes.error());
  auto outcome_of = [&](const OriginMove& o) -> const MoveOutcome* {
    for (std::size_t i = 0; rekeyed && i < moves.size(); ++i) {
      if (moves[i].from == o.from && moves[i].to == o.to) return &rekeyed->outcomes[i];
    }
    return nullptr;
  };

  PlanFile logins;
  logins.file = logins_path;
  logins.client = plan.files[index].client;
  logins.adapter = plan.files[index].adapter;
  for (auto& [id, a] : accounts) {
    std::vector<std::string> not_moved;
    std::string why;
    for (const auto& m : a.moves) {
      const MoveOutcome* outcome = m.problem.empty() ? outcome_of(m.origins) : nullptr;
      if (outcome && outcome->entries > 0) {
        logins.items.push_back(PlanItem{id, a.label, m.side + ".saved_login", m.origins.from, m.origins.to, false,
                                        m.item->rules, "hostname, httpRealm", 0, m.side + ".host"});
        continue;
      }
      if (outcome && outcome->not_moved.empty()) continue;  // nothing saved under the old origin: nothing to lose
      not_moved.push_back(m.origins.from);
      if (why.empty()) why = !m.problem.empty() ? m.problem : outcome ? outcome->not_moved : rekeyed.error().message;
    }
    if (!not_moved.empty()) plan.login_notes.push_back({id, a.label, note_text(not_moved, a.to_oauth2, why)});
  }
  if (logins.items.empty()) return;
  logins.new_bytes = std::move(rekeyed->bytes);
  logins.sha256_before = util::sha256_hex(*bytes);
  logins.sha256_after = util::sha256_hex(logins.new_bytes);
  logins.diff = describe_moves(logins_path, moves, rekeyed->outcomes);
  logins.group = plan.files[index].file.string();
  plan.files[index].group = logins.group;
  plan.files.insert(plan.files.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(logins));
}

}  // namespace

void plan_saved_logins(Plan& plan, const core::Report& report, const std::vector<fs::path>& homes) {
  for (std::size_t i = 0; i < plan.files.size(); ++i) {
    const PlanFile& file = plan.files[i];
    if (file.is_refused() || file.in_place() || file.client != "thunderbird" || !file.group.empty()) continue;
    plan_file_logins(plan, i, report, homes);
  }
}

}  // namespace fix
