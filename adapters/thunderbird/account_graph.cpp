#include "adapters/thunderbird/account_graph.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

using core::Finding;
using core::Origin;
using core::Severity;

// Server types that are mail accounts, and those that Thunderbird knows but are not mail.
bool is_mail_type(std::string_view t) { return t == "imap" || t == "pop3" || t == "ews" || t == "graph"; }
// movemail (local spool) was built in until Thunderbird 78.
bool is_other_known_type(std::string_view t) {
  return t == "none" || t == "rss" || t == "nntp" || t == "im" || t == "movemail";
}

core::Protocol protocol_of(std::string_view t) {
  if (t == "imap") return core::Protocol::Imap;
  if (t == "pop3") return core::Protocol::Pop3;
  if (t == "ews") return core::Protocol::Ews;
  if (t == "graph") return core::Protocol::Graph;
  return core::Protocol::Unknown;
}

// Typed access to one profile's prefs that records wrong-typed values as findings.
class PrefReader {
 public:
  PrefReader(const PrefStore& prefs, const GraphContext& ctx, std::vector<Finding>& findings)
      : prefs_(prefs), ctx_(ctx), findings_(findings) {}

  // A default from an installation file is the client's default: a value written to prefs.js would win.
  Origin origin(const std::string& name) const {
    if (const PrefEntry* e = prefs_.find(name); e && !e->is_default) return {e->file, name, e->line, false};
    return {ctx_.prefs_path, name, 0, true};
  }

  template <class T>
  std::optional<T> get(const std::string& name, const std::string& account = {}, const std::string& field = {}) {
    const PrefEntry* e = prefs_.find(name);
    if (!e) return std::nullopt;
    if (const T* v = std::get_if<T>(&e->value)) return *v;
    if (reported_.insert(name).second) wrong_type<T>(name, *e, account, field);
    return std::nullopt;
  }

  std::string text(const std::string& name) { return get<std::string>(name).value_or(""); }

  const PrefStore& store() const { return prefs_; }

 private:
  template <class T>
  void wrong_type(const std::string& name, const PrefEntry& e, const std::string& account, const std::string& field) {
    std::string_view expected = std::is_same_v<T, std::string> ? "string" : std::is_same_v<T, bool> ? "bool" : "int";
    Finding f;
    f.rule = "thunderbird-pref-type";
    f.severity = Severity::Warning;
    f.account = account;
    f.field = field;
    f.actual = std::visit([](const auto& v) -> core::FieldValue {
      using V = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<V, std::int32_t>) return std::int64_t{v};
      else return v;
    }, e.value);
    f.origin = {e.file, name, e.line, false};
    const i18n::Text written_as = expected == "int"    ? i18n::msg("a bare number")
                                  : expected == "bool" ? i18n::msg("true or false")
                                                       : i18n::msg("a quoted string");
    f.explain(i18n::msg("{1}:{2}: {3} holds a {4} but Thunderbird reads it as {5}; the value is ignored and the "
                        "default applies (write it as {6})",
                        {e.file, std::to_string(e.line), name, std::string(type_name(e.value)), std::string(expected),
                         written_as}));
    findings_.push_back(std::move(f));
  }

  const PrefStore& prefs_;
  const GraphContext& ctx_;
  std::vector<Finding>& findings_;
  std::set<std::string> reported_;  // prefs already reported as wrong-typed
};

// Splits like Thunderbird's list prefs: empty pieces dropped; optionally all whitespace removed.
std::vector<std::string> split_list(std::string_view s, bool strip_spaces) {
  std::vector<std::string> out;
  for (auto& piece : util::split(s, ',', true)) {
    if (strip_spaces) std::erase_if(piece, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
    if (!piece.empty()) out.push_back(std::move(piece));
  }
  return out;
}

class GraphBuilder {
 public:
  GraphBuilder(const PrefStore& prefs, const GraphContext& ctx)
      : ctx_(ctx), prefs_(prefs, ctx, out_.findings), app_major_(last_app_major_version(prefs)) {}

  GraphOutput run() {
    std::set<std::string> seen_accounts, used_servers;
    for (const auto& key : split_list(prefs_.text("mail.accountmanager.accounts"), false)) {
      if (seen_accounts.size() == kMaxAccountKeys && !seen_accounts.count(key)) {
        ++out_.unread_keys;
        continue;
      }
      if (!seen_accounts.insert(key).second) continue;
      const std::string server_pref = "mail.account." + key + ".server";
      if (!prefs_.store().find(server_pref)) {
        note_missing("mail.accountmanager.accounts",
                     i18n::msg("{1} lists {2}, but {3} is not there", {std::string("mail.accountmanager.accounts"), key, server_pref}));
        continue;
      }
      std::string server = prefs_.text(server_pref);
      if (server.empty() || !used_servers.insert(server).second) continue;
      if (!prefs_.store().find("mail.server." + server + ".type")) {
        note_missing(server_pref, i18n::msg("{1} names {2}, but {3} is not there",
                                            {server_pref, server, "mail.server." + server + ".type"}));
        continue;
      }
      add_account(key, server);
    }
    if (out_.accounts.empty()) {
      Finding f;
      f.rule = "thunderbird-no-accounts";
      f.severity = Severity::Info;
      f.explain(i18n::msg("{1}: profile '{2}' has no mail accounts", {ctx_.prefs_path, ctx_.profile}));
      f.origin = prefs_.origin("mail.accountmanager.accounts");
      out_.findings.push_back(std::move(f));
    }
    return std::move(out_);
  }

 private:
  void add_account(const std::string& key, const std::string& server) {
    std::string srv = "mail.server." + server + ".";
    std::string type = prefs_.text(srv + "type");
    if (!is_mail_type(type)) {
      if (!type.empty() && !is_other_known_type(type)) note_unknown_type(key, server, type);
      return;
    }
    if (prefs_.text(srv + "hostname").empty()) {
      Finding f;
      f.rule = "thunderbird-empty-hostname";
      f.severity = Severity::Warning;
      f.origin = prefs_.origin(srv + "hostname");
      f.explain(i18n::msg("{1}: {2} ({3}) has no hostname; Thunderbird deletes such an account at its next start",
                          {ctx_.prefs_path, key, type}));
      out_.findings.push_back(std::move(f));
      return;
    }
    core::Account a;
    a.client = "thunderbird";
    a.source = ctx_.prefs_path;
    a.key = key;
    a.id = core::make_account_id("thunderbird", ctx_.prefs_path, key);
    a.profile = ctx_.profile;
    a.name = prefs_.text(srv + "name");
    auto identities = split_list(prefs_.text("mail.account." + key + ".identities"), true);
    std::string identity = identities.empty() ? std::string{} : identities.front();
    if (!identity.empty()) a.email = prefs_.text("mail.identity." + identity + ".useremail");
    a.incoming = incoming(a.id, srv, type);
    a.outgoing = outgoing(a.id, identity);
    note_layers(a);
    out_.accounts.push_back(std::move(a));
  }

  void note_missing(const std::string& named_by, i18n::Text what) {
    out_.missing.push_back({prefs_.origin(named_by), std::move(what)});
  }

  void note_unknown_type(const std::string& key, const std::string& server, const std::string& type) {
    Finding f;
    f.rule = "thunderbird-unknown-server-type";
    f.severity = Severity::Info;
    f.actual = type;
    f.origin = prefs_.origin("mail.server." + server + ".type");
    f.explain(i18n::msg("{1}: {2} uses server type '{3}', which Thunderbird only knows through an add-on; it is not "
                        "audited, and Thunderbird drops the account when that add-on is missing",
                        {ctx_.prefs_path, key, type}));
    out_.findings.push_back(std::move(f));
  }

  // The int pref, or `fallback` when it is absent or wrong-typed (the origin still names the pref).
  core::Value<int> int_value(const std::string& pref, int fallback, const std::string& id, const std::string& field) {
    return {prefs_.get<std::int32_t>(pref, id, field).value_or(fallback), prefs_.origin(pref)};
  }

  core::Endpoint incoming(const std::string& id, const std::string& srv, const std::string& type) {
    core::Endpoint e;
    e.protocol = protocol_of(type);
    // Host, and the legacy realhostname that TB ≤ 91 used instead.
    std::string host = prefs_.text(srv + "hostname");
    e.host = {host, prefs_.origin(srv + "hostname")};
    e.username = {prefs_.text(srv + "userName"), prefs_.origin(srv + "userName")};
    apply_legacy_real(id, srv + "realhostname", "incoming.host", e.host);
    apply_legacy_real(id, srv + "realuserName", "incoming.username", e.username);

    // Security: socketType, else the legacy isSecure, else the default 0.
    auto socket_type = prefs_.get<std::int32_t>(srv + "socketType", id, "incoming.security");
    core::Value<int> socket{socket_type.value_or(0), prefs_.origin(srv + "socketType")};
    if (!socket_type && prefs_.get<bool>(srv + "isSecure", id, "incoming.security").value_or(false)) {
      socket = {3, prefs_.origin(srv + "isSecure")};
    }
    e.security = {security_from_socket_type(socket.value), socket.origin};

    core::Value<int> port = int_value(srv + "port", -1, id, "incoming.port");
    if (port.value <= 0) port.value = default_port(type, socket.value);
    e.port = port;
    // host:port in the hostname pref is split by Thunderbird.
    if (std::count(host.begin(), host.end(), ':') == 1) {
      auto colon = host.find(':');
      if (auto p = util::parse_int(host.substr(colon + 1), 1, 65535)) {
        e.host.value = host.substr(0, colon);
        e.port = {static_cast<int>(*p), e.host.origin};
      }
    }

    core::Value<int> method = int_value(srv + "authMethod", 3, id, "incoming.auth");
    e.auth = {auth_from_method(method.value), method.origin};
    return e;
  }

  void apply_legacy_real(const std::string& id, const std::string& pref, const std::string& field,
                         core::Value<std::string>& target) {
    auto real = prefs_.get<std::string>(pref, id, field);
    if (!real || real->empty()) return;
    bool effective = app_major_ > 0 && app_major_ <= 91;
    Finding f;
    f.rule = "thunderbird-realhostname";
    f.severity = Severity::Warning;
    f.account = id;
    f.field = field;
    f.actual = *real;
    f.origin = prefs_.origin(pref);
    std::string base = pref.substr(pref.rfind('.') + 1) == "realhostname" ? "hostname" : "userName";
    if (effective) {
      f.explain(i18n::msg("{1} = '{2}' is what Thunderbird {3} actually uses instead of {4} = '{5}'; Thunderbird 102 "
                          "to 128 copy it over {4}, Thunderbird 129 and later ignore it",
                          {pref, *real, std::to_string(app_major_), base, target.value}));
      target = {*real, f.origin};
    } else {
      f.explain(i18n::msg("{1} = '{2}' is a leftover from Thunderbird 91 or older and is ignored; {3} = '{4}' is used",
                          {pref, *real, base, target.value}));
    }
    out_.findings.push_back(std::move(f));
  }

  std::string outgoing_key(const std::string& identity) {
    if (!identity.empty()) {
      std::string k = prefs_.text("mail.identity." + identity + ".smtpServer");
      if (!k.empty()) return k;
    }
    std::string k = prefs_.text("mail.smtp.defaultserver");
    if (!k.empty()) return k;
    auto list = util::split(prefs_.text("mail.smtpservers"), ',', true);
    return list.empty() ? std::string{} : list.front();
  }

  std::optional<core::Endpoint> outgoing(const std::string& id, const std::string& identity) {
    std::string key = outgoing_key(identity);
    if (key.empty()) return std::nullopt;
    std::string smtp = "mail.smtpserver." + key + ".";
    auto listed = util::split(prefs_.text("mail.smtpservers"), ',', true);
    bool known = std::find(listed.begin(), listed.end(), key) != listed.end() || prefs_.store().has_prefix(smtp);
    if (!known) return std::nullopt;
    std::string type = prefs_.text(smtp + "type");
    if (type == "ews" || type == "graph") return exchange_outgoing(id, key, type);

    core::Endpoint e;
    e.protocol = core::Protocol::Smtp;
    e.host = {prefs_.text(smtp + "hostname"), prefs_.origin(smtp + "hostname")};
    e.username = {prefs_.text(smtp + "username"), prefs_.origin(smtp + "username")};
    core::Value<int> socket = int_value(smtp + "try_ssl", 0, id, "outgoing.security");
    e.security = {security_from_socket_type(socket.value), socket.origin};
    core::Value<int> port = int_value(smtp + "port", 0, id, "outgoing.port");
    if (port.value <= 0) {
      // Thunderbird 92 and older (the C++ SMTP client) used 25 where newer ones use 587.
      bool old_client = app_major_ > 0 && app_major_ <= 92 && socket.value != 3;
      port.value = old_client ? 25 : default_port("smtp", socket.value);
    }
    e.port = port;
    core::Value<int> method = int_value(smtp + "authMethod", 3, id, "outgoing.auth");
    e.auth = {auth_from_method(method.value), method.origin};
    return e;
  }

  // EWS/Graph outgoing servers keep their settings under mail.outgoingserver.<key>.
  core::Endpoint exchange_outgoing(const std::string& id, const std::string& key, const std::string& type) {
    std::string base = "mail.outgoingserver." + key + ".";
    core::Endpoint e;
    e.protocol = protocol_of(type);
    std::string url = prefs_.text(base + "ews_url");
    std::string host = url;
    if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
    host = host.substr(0, host.find('/'));
    e.host = {host, prefs_.origin(base + "ews_url")};
    bool https = url.starts_with("https:");
    e.port = {https ? 443 : 80, prefs_.origin(base + "ews_url")};
    e.security = {https ? core::Security::Tls : core::Security::None, prefs_.origin(base + "ews_url")};
    core::Value<int> method = int_value(base + "auth_method", 3, id, "outgoing.auth");
    e.auth = {auth_from_method(method.value), method.origin};
    e.username = {prefs_.text(base + "username"), prefs_.origin(base + "username")};
    return e;
  }

  // Values that come from user.js or a policy are reported: a fix to prefs.js alone would not stick.
  void note_layers(const core::Account& a) {
    std::set<std::string> reported;
    auto check = [&](bool incoming, core::Field field, const Origin& o, core::FieldValue actual) {
      if (o.key.empty() || !reported.insert(o.key).second) return;
      const PrefEntry* e = prefs_.store().find(o.key);
      if (!e || e->layer == PrefLayer::PrefsJs || (o.is_default && !e->is_default)) return;
      Finding f;
      f.account = a.id;
      f.field = core::field_path(incoming, field);
      f.actual = std::move(actual);
      f.origin = o;
      f.severity = Severity::Info;
      std::string place = e->file + ":" + std::to_string(e->line);
      const std::string by = e->layer == PrefLayer::AutoConfig ? "AutoConfig " + e->setter : e->setter;  // names
      if (e->is_default && e->layer == PrefLayer::Policy) {
        f.rule = "thunderbird-policy-default";
        f.explain(i18n::msg("{1} has no value in the profile; the enterprise policy {2} gives its default (a value "
                            "in prefs.js would override it)",
                            {o.key, e->file}));
      } else if (e->is_default) {
        f.rule = "thunderbird-autoconfig-default";
        f.explain(i18n::msg("{1} has no value in the profile; the installation's default from {2} in {3} applies (a "
                            "value in prefs.js would override it)",
                            {o.key, by, place}));
      } else if (e->layer == PrefLayer::AutoConfig || e->layer == PrefLayer::DefaultPrefs) {
        f.rule = e->locked ? "thunderbird-autoconfig-locked" : "thunderbird-autoconfig-set";
        f.explain(e->locked ? i18n::msg("{1} is locked by {2} in {3}; change it there, not in the profile",
                                        {o.key, by, place})
                            : i18n::msg("{1} is set at every start by {2} in {3}, over prefs.js; change it there, not "
                                        "in the profile",
                                        {o.key, by, place}));
      } else if (e->layer == PrefLayer::UserJs) {
        f.rule = "thunderbird-userjs-override";
        f.explain(i18n::msg("{1} is set in {2}:{3}, which Thunderbird applies at every start over prefs.js; change it "
                            "there",
                            {o.key, o.file, std::to_string(o.line)}));
      } else {
        f.rule = "thunderbird-policy-locked";
        f.explain(e->locked ? i18n::msg("{1} is locked by the enterprise policy {2}; change it in the policy, not in "
                                        "the profile",
                                        {o.key, o.file})
                            : i18n::msg("{1} is set by the enterprise policy {2}; change it in the policy, not in the "
                                        "profile",
                                        {o.key, o.file}));
      }
      out_.findings.push_back(std::move(f));
    };
    auto endpoint = [&](bool incoming, const std::optional<core::Endpoint>& ep) {
      if (!ep) return;
      check(incoming, core::Field::Host, ep->host.origin, ep->host.value);
      check(incoming, core::Field::Port, ep->port.origin, std::int64_t{ep->port.value});
      check(incoming, core::Field::Security, ep->security.origin, std::string(core::to_string(ep->security.value)));
      check(incoming, core::Field::Auth, ep->auth.origin, std::string(core::to_string(ep->auth.value)));
      check(incoming, core::Field::Username, ep->username.origin, ep->username.value);
    };
    endpoint(true, a.incoming);
    endpoint(false, a.outgoing);
  }

  GraphOutput out_;
  const GraphContext& ctx_;
  PrefReader prefs_;
  int app_major_;
};

}  // namespace

int last_app_major_version(const PrefStore& prefs) {
  const PrefEntry* e = prefs.find("extensions.lastAppVersion");
  if (!e) return 0;
  const auto* s = std::get_if<std::string>(&e->value);
  if (!s) return 0;
  auto dot = s->find('.');
  return static_cast<int>(util::parse_int(s->substr(0, dot), 0, 100000).value_or(0));
}

core::Auth auth_from_method(int method) {
  switch (method) {
    case 1: return core::Auth::None;
    case 2:
    case 3: return core::Auth::PasswordCleartext;
    case 4: return core::Auth::PasswordEncrypted;
    case 5: return core::Auth::Gssapi;
    case 6: return core::Auth::Ntlm;
    case 7: return core::Auth::TlsClientCert;
    case 8:
    case 9: return core::Auth::Any;
    case 10: return core::Auth::OAuth2;
    default: return core::Auth::Unknown;
  }
}

int method_from_auth(core::Auth auth) {
  switch (auth) {
    case core::Auth::None: return 1;
    case core::Auth::PasswordCleartext: return 3;
    case core::Auth::PasswordEncrypted: return 4;
    case core::Auth::Gssapi: return 5;
    case core::Auth::Ntlm: return 6;
    case core::Auth::TlsClientCert: return 7;
    case core::Auth::Any: return 9;
    case core::Auth::OAuth2: return 10;
    case core::Auth::Unknown: return 0;
  }
  return 0;
}

core::Security security_from_socket_type(int socket_type) {
  switch (socket_type) {
    case 0: return core::Security::None;
    case 1:  // trySTARTTLS, migrated to 2 by Thunderbird 132
    case 2: return core::Security::StartTls;
    case 3: return core::Security::Tls;
    default: return core::Security::Unknown;
  }
}

int socket_type_from_security(core::Security security) {
  switch (security) {
    case core::Security::None: return 0;
    case core::Security::StartTls: return 2;
    case core::Security::Tls: return 3;
    case core::Security::Unknown: return -1;
  }
  return -1;
}

int default_port(std::string_view type, int socket_type) {
  bool tls = socket_type == 3;
  if (type == "imap") return tls ? 993 : 143;
  if (type == "pop3") return tls ? 995 : 110;
  if (type == "nntp") return tls ? 563 : 119;
  if (type == "smtp") return tls ? 465 : 587;
  if (type == "ews" || type == "graph") return tls ? 443 : 80;
  return 0;
}

GraphOutput build_accounts(const PrefStore& prefs, const GraphContext& context) {
  return GraphBuilder(prefs, context).run();
}

}  // namespace adapters::thunderbird
