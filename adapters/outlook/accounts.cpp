#include "adapters/outlook/accounts.hpp"

#include "adapters/outlook/rules.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace {

constexpr std::string_view kClsidPop3 = "{ed475411-b0d6-11d2-8c3b-00104b2a6676}";
constexpr std::string_view kClsidImap = "{ed475412-b0d6-11d2-8c3b-00104b2a6676}";
constexpr std::string_view kClsidMapi = "{ed475414-b0d6-11d2-8c3b-00104b2a6676}";

enum class Kind { Pop3, Imap, Exchange, Other };

// Reads values of one account key with their origins.
class AccountKey {
 public:
  AccountKey(const RegistrySnapshot& snap, const RegKey& key) : snap_(snap), key_(key) {}

  core::Origin origin(std::string_view name) const {
    const RegValue* v = key_.value(name);
    std::string value_name = v ? v->name : std::string(name);
    return core::Origin{snap_.file, key_.full_path() + "\\" + value_name, v ? v->line : key_.line, v == nullptr};
  }
  bool has(std::string_view name) const { return key_.value(name) != nullptr; }
  std::string text(std::string_view name) const {
    const RegValue* v = key_.value(name);
    auto t = v ? value_text(*v) : std::nullopt;
    return t ? *t : std::string();
  }
  std::optional<std::uint64_t> number(std::string_view name) const {
    const RegValue* v = key_.value(name);
    return v ? value_number(*v) : std::nullopt;
  }
  core::Value<std::string> text_value(std::string_view name) const { return {text(name), origin(name)}; }

 private:
  const RegistrySnapshot& snap_;
  const RegKey& key_;
};

Kind account_kind(const AccountKey& k) {
  auto clsid = util::to_lower(util::trim(k.text("clsid")));
  if (clsid == kClsidPop3) return Kind::Pop3;
  if (clsid == kClsidImap) return Kind::Imap;
  if (clsid == kClsidMapi) return util::iequals(util::trim(k.text("Service Name")), "MSEMS") ? Kind::Exchange : Kind::Other;
  if (!clsid.empty()) return Kind::Other;
  if (k.has("POP3 Server")) return Kind::Pop3;
  if (k.has("IMAP Server")) return Kind::Imap;
  return Kind::Other;
}

core::Value<core::Security> security_value(const AccountKey& k, const std::string& name, bool& is_auto) {
  auto code = k.number(name);
  is_auto = code == kSecurityAuto;
  if (!code && k.has(name)) return {core::Security::Unknown, k.origin(name)};  // present but not a number
  return {security_of_code(code.value_or(0)), k.origin(name)};
}

core::Value<int> port_value(const AccountKey& k, const std::string& name, int fallback) {
  auto n = k.number(name);
  return {n && *n > 0 && *n <= 65535 ? static_cast<int>(*n) : fallback, k.origin(name)};
}

core::Endpoint incoming_endpoint(const AccountKey& k, Kind kind, bool& is_auto) {
  std::string p = kind == Kind::Pop3 ? "POP3" : "IMAP";
  core::Endpoint e;
  e.protocol = kind == Kind::Pop3 ? core::Protocol::Pop3 : core::Protocol::Imap;
  e.host = k.text_value(p + " Server");
  e.port = port_value(k, p + " Port", kind == Kind::Pop3 ? 110 : 143);
  e.security = security_value(k, p + " Use SSL", is_auto);
  bool spa = k.number(p + " Use SPA").value_or(0) != 0;
  e.auth = {spa ? core::Auth::Ntlm : core::Auth::PasswordCleartext, k.origin(p + " Use SPA")};
  e.username = k.text_value(p + " User");
  return e;
}

core::Endpoint outgoing_endpoint(const AccountKey& k, const core::Endpoint& in, bool& is_auto) {
  core::Endpoint e;
  e.protocol = core::Protocol::Smtp;
  e.host = k.text_value("SMTP Server");
  e.port = port_value(k, "SMTP Port", 25);
  is_auto = false;
  if (!k.has("SMTP Secure Connection") && k.has("SMTP Use SSL")) {
    e.security = {k.number("SMTP Use SSL").value_or(0) ? core::Security::Tls : core::Security::None, k.origin("SMTP Use SSL")};
  } else {
    e.security = security_value(k, "SMTP Secure Connection", is_auto);
  }
  bool use_auth = k.number("SMTP Use Auth").value_or(0) != 0;
  auto method = k.number("SMTP Auth Method").value_or(0);
  if (!use_auth) {
    e.auth = {core::Auth::None, k.origin("SMTP Use Auth")};
    e.username = {"", k.origin("SMTP User")};
  } else if (k.number("SMTP Use SPA").value_or(0) != 0) {
    e.auth = {core::Auth::Ntlm, k.origin("SMTP Use SPA")};
  } else {
    e.auth = {core::Auth::PasswordCleartext, k.origin("SMTP Use Auth")};
  }
  if (use_auth) e.username = method == 1 ? k.text_value("SMTP User") : in.username;  // 0/2: incoming login
  return e;
}

struct TreeAccounts {
  std::vector<core::Account> accounts;
  std::vector<AccountFacts> facts;
};

void read_account(const RegistrySnapshot& snap, const ProfileTree& tree, const std::string& profile,
                  const RegKey& key, TreeAccounts& out) {
  AccountKey k(snap, key);
  Kind kind = account_kind(k);
  if (kind == Kind::Other) return;  // data files, address books, LDAP
  core::Account a;
  a.client = "outlook";
  a.source = snap.file;
  a.key = (tree.label == "16.0" ? "" : tree.label + "\\") + profile + "\\" + key.name();
  a.id = core::make_account_id("outlook", snap.file, a.key);
  a.profile = profile;
  a.name = k.text("Display Name");
  if (a.name.empty()) a.name = k.text("Account Name");
  a.email = k.text("Email");
  auto label = k.text("Account Name");
  if (a.email.empty() && label.find('@') != std::string::npos && label.find(' ') == std::string::npos) {
    a.email = label;  // "Email" is optional; the account label is usually the address
  }
  AccountFacts facts;
  if (kind == Kind::Exchange) {
    core::Endpoint e;
    e.protocol = core::Protocol::Exchange;
    a.incoming = e;
  } else {
    a.incoming = incoming_endpoint(k, kind, facts.incoming_security_auto);
    a.outgoing = outgoing_endpoint(k, *a.incoming, facts.outgoing_security_auto);
    std::string password = kind == Kind::Pop3 ? "POP3 Password" : "IMAP Password";
    facts.password_stored = k.has(password);
    facts.password_origin = k.origin(password);
  }
  out.accounts.push_back(std::move(a));
  out.facts.push_back(facts);
}

std::string default_profile(const RegistrySnapshot& snap, const ProfileTree& tree) {
  const RegKey* k = snap.find(tree.default_path);
  const RegValue* v = k ? k->value("DefaultProfile") : nullptr;
  auto t = v ? value_text(*v) : std::nullopt;
  return t ? *t : std::string();
}

// One profile tree's part of the source's note: "16.0: 2 profile(s), default "Outlook" (stale)".
i18n::Text tree_note(const std::string& tree, std::size_t profiles, const std::string& default_profile, bool stale) {
  const std::string count = std::to_string(profiles);
  const i18n::Text note = default_profile.empty()
                              ? i18n::msg("{1}: {2} profile(s)", {tree, count})
                              : i18n::msg("{1}: {2} profile(s), default \"{3}\"", {tree, count, default_profile});
  return stale ? i18n::msg("{1} (stale)", {note}) : note;
}

bool new_outlook_in_use(const RegistrySnapshot& snap) {
  const RegKey* k = snap.find("Software\\Microsoft\\Office\\16.0\\Outlook\\Preferences");
  const RegValue* v = k ? k->value("UseNewOutlook") : nullptr;
  return v && value_number(*v).value_or(0) != 0;
}

}  // namespace

core::Security security_of_code(std::uint64_t code) {
  switch (code) {
    case 0: return core::Security::None;
    case 1: return core::Security::Tls;
    case 2: return core::Security::StartTls;
    default: return core::Security::Unknown;
  }
}

const std::vector<ProfileTree>& profile_trees() {
  static const std::vector<ProfileTree> trees{
      {"16.0", "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles", "Software\\Microsoft\\Office\\16.0\\Outlook"},
      {"15.0", "Software\\Microsoft\\Office\\15.0\\Outlook\\Profiles", "Software\\Microsoft\\Office\\15.0\\Outlook"},
      {"WMS", "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles",
       "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"},
      {"WMS9x", "Software\\Microsoft\\Windows Messaging Subsystem\\Profiles",
       "Software\\Microsoft\\Windows Messaging Subsystem\\Profiles"},
  };
  return trees;
}

std::vector<std::string> outlook_subtrees() {
  std::vector<std::string> out{"Software\\Microsoft\\Office\\16.0\\Outlook", "Software\\Microsoft\\Office\\15.0\\Outlook"};
  for (const auto& t : profile_trees()) {
    if (t.label.starts_with("WMS")) out.push_back(t.profiles_path);
  }
  return out;
}

core::ReadOutput read_registry_accounts(const RegistrySnapshot& snap) {
  core::ReadOutput out;
  std::vector<i18n::Text> notes;
  bool newer_tree_seen = false;
  std::size_t profiles = 0;
  for (const auto& tree : profile_trees()) {
    const RegKey* root = snap.find(tree.profiles_path);
    if (!root || root->children().empty()) continue;
    TreeAccounts found;
    for (const RegKey* profile : root->children()) {
      ++profiles;
      const RegKey* manager = profile->child(kAccountManagerKey);
      if (!manager) continue;
      for (const RegKey* acct : manager->children()) read_account(snap, tree, profile->name(), *acct, found);
    }
    for (std::size_t i = 0; i < found.accounts.size(); ++i) {
      auto& a = found.accounts[i];
      a.stale = newer_tree_seen;  // a newer Outlook's tree exists: this one is an upgrade leftover
      for (auto& f : outlook_findings(a, found.facts[i])) out.findings.push_back(std::move(f));
      out.accounts.push_back(std::move(a));
    }
    auto def = default_profile(snap, tree);
    notes.push_back(tree_note(tree.label, root->children().size(), def, newer_tree_seen));
    newer_tree_seen = true;
  }
  core::Source src{"outlook", snap.file, core::SourceStatus::Ok, {}};
  if (profiles == 0) src.note(i18n::msg("no Outlook profiles found"));
  for (const auto& note : notes) src.note_further(note);
  if (!snap.damage.empty()) {
    src.status = core::SourceStatus::Damaged;  // read as far as it goes; never fixed
    src.note_first(snap.damage);
  }
  out.sources.push_back(src);
  if (new_outlook_in_use(snap)) {
    out.sources.push_back(core::Source::noted(
        "outlook", snap.file, core::SourceStatus::Skipped,
        i18n::msg("new Outlook (olk.exe) is in use (UseNewOutlook=1): settings are server-side / not supported")));
  }
  return out;
}

}  // namespace adapters::outlook
