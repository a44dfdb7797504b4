#include "rules/rules.hpp"

#include <algorithm>
#include <ctime>
#include <string>
#include <unordered_map>

#include "i18n/text.hpp"
#include "rules/port_conventions.hpp"
#include "util/parallel.hpp"
#include "util/system.hpp"
#include "util/text.hpp"
#include "i18n/messages.hpp"

namespace rules {
namespace {

using core::Auth;
using core::Endpoint;
using core::Field;
using core::Finding;
using core::Protocol;
using core::Security;
using core::Severity;
using i18n::msg;
using i18n::Text;
using providers::ServerSpec;

std::string str(std::string_view s) { return std::string(s); }

std::string protocol_label(Protocol p) { return core::label_of(p); }
Text security_label(Security s) {
  switch (s) {
    case Security::None: return msg("no encryption");
    case Security::Unknown: return msg("unknown security");
    case Security::StartTls:
    case Security::Tls: break;
  }
  return core::label_of(s);  // "SSL/TLS", "STARTTLS": the words clients show in every language
}

// Clients whose stored settings can switch an account to OAuth2 (Outlook's registry and Apple's
// legacy plists cannot: there the account has to be added again).
bool can_store_oauth2(const std::string& client) { return client == "thunderbird"; }

bool is_password(Auth a) {
  return a == Auth::PasswordCleartext || a == Auth::PasswordEncrypted || a == Auth::Any;
}

// Everything the rules need to know about one endpoint of one account.
struct Context {
  const core::Account& account;
  const Endpoint& ep;
  bool incoming;
  const providers::Match* match;
  std::vector<Finding>& out;
  std::string_view today;  // YYYY-MM-DD

  Text server_label() const { return msg("{1} server", {protocol_label(ep.protocol)}); }

  Finding& add(std::string_view rule, Severity sev, Field field, core::FieldValue actual, core::FieldValue expected,
               const Text& message, bool fixable) const {
    Finding f;
    f.rule = str(rule);
    f.severity = sev;
    f.account = account.id;
    f.field = core::field_path(incoming, field);
    f.actual = std::move(actual);
    f.expected = std::move(expected);
    f.explain(message);
    f.fixable = fixable && !account.managed && !account.stale && !account.read_only;
    f.origin = origin_of(field);
    out.push_back(std::move(f));
    return out.back();
  }

  const core::Origin& origin_of(Field field) const { return core::origin_of(ep, field); }

  std::string email() const {
    if (!account.email.empty()) return account.email;
    if (ep.username.value.find('@') != std::string::npos) return ep.username.value;
    return {};
  }
};

core::FieldValue sec_value(Security s) { return str(core::to_string(s)); }
core::FieldValue auth_value(Auth a) { return str(core::to_string(a)); }
core::FieldValue port_value(int p) { return static_cast<std::int64_t>(p); }

void check_port_security_consistency(const Context& c) {
  const int port = c.ep.port.value;
  const Security sec = c.ep.security.value;
  auto implied = security_implied_by_port(c.ep.protocol, port);
  if (!implied || sec == Security::Unknown) return;
  const bool tls_port = *implied == Security::Tls;
  const bool mismatch = tls_port ? sec != Security::Tls : sec == Security::Tls;
  if (!mismatch) return;
  // With a provider, the provider rules carry the exact fix; on its own the port decides.
  const bool fixable = c.match == nullptr;
  const std::string port_text = std::to_string(port);
  const Text text =
      tls_port ? msg("The {1} uses port {2} with {3}, but port {2} expects SSL/TLS from the first byte. The client "
                     "and server never agree on encryption, so the connection fails or times out, which the client "
                     "often reports as a wrong password. Set the security to {4} for port {2}, or use the port that "
                     "matches {3}.",
                     {c.server_label(), port_text, security_label(sec), security_label(*implied)})
               : msg("The {1} uses port {2} with {3}, but port {2} expects a plain connection (or STARTTLS). The "
                     "client and server never agree on encryption, so the connection fails or times out, which the "
                     "client often reports as a wrong password. Set the security to {4} for port {2}, or use the "
                     "port that matches {3}.",
                     {c.server_label(), port_text, security_label(sec), security_label(*implied)});
  c.add(id::kPortSecurityMismatch, Severity::Error, Field::Security, sec_value(sec), sec_value(*implied), text,
        fixable);
}

// A provider is matched and offers encryption. Where the provider lists this plain server the
// connection works, so it is a warning (the password still crosses in clear text) without a
// one-field fix; elsewhere the provider does not serve it unencrypted: an error whose fix is the
// provider's security (with the port, when that differs, from port-not-provider).
void report_plaintext_at_provider(const Context& c, Security offered, bool served_plain) {
  const std::string& provider = c.match->provider.name;
  Text text = msg("The {1} connection is not encrypted: the password and every message cross the network in clear "
                  "text.",
                  {c.server_label()});
  text.append_sentence(
      served_plain ? msg("{1} accepts this, but also offers {2}; switch to it (which needs its port too).",
                         {provider, security_label(offered)})
                   : msg("{1} does not list an unencrypted {2} server; it serves {3}, so the login is refused or the "
                         "connection fails. Switch the security to {3}.",
                         {provider, protocol_label(c.ep.protocol), security_label(offered)}));
  c.add(id::kPlaintext, served_plain ? Severity::Warning : Severity::Error, Field::Security, sec_value(Security::None),
        sec_value(offered), text, !served_plain);
}

void report_plaintext_unknown_provider(const Context& c) {
  if (c.ep.security.value != Security::None) return;
  c.add(id::kPlaintext, Severity::Warning, Field::Security, sec_value(Security::None), {},
        msg("The {1} connection is not encrypted: the password and every message cross the network in clear text. "
            "Unless this server is only reachable inside a trusted network, ask its administrator for the SSL/TLS "
            "settings.",
            {c.server_label()}),
        false);
}

std::vector<ServerSpec> provider_specs(const Context& c) {
  std::vector<ServerSpec> out;
  const auto& list = c.incoming ? c.match->provider.incoming : c.match->provider.outgoing;
  const std::string email = c.email();
  for (const auto& s : list) {
    if (s.protocol != c.ep.protocol) continue;
    ServerSpec expanded = s;
    expanded.unverified = providers::is_unverified_server(c.match->provider, c.incoming, s);
    expanded.hostname = util::to_lower(providers::expand_template(s.hostname, email));
    if (expanded.hostname.find('%') != std::string::npos) continue;  // needs data we do not have
    out.push_back(std::move(expanded));
  }
  return out;
}

std::vector<std::string> distinct_hosts(const std::vector<ServerSpec>& specs, bool recommended_only = false) {
  std::vector<std::string> hosts;
  for (const auto& s : specs) {
    if (recommended_only && s.accepted) continue;
    if (!s.hostname.empty() && std::find(hosts.begin(), hosts.end(), s.hostname) == hosts.end()) {
      hosts.push_back(s.hostname);
    }
  }
  return hosts;
}

const providers::RetiredHost* find_retired(const Context& c, const std::string& host) {
  for (const auto& r : c.match->provider.retired) {
    if (util::iequals(r.host, host)) return &r;
  }
  return nullptr;
}

// Checks the host; returns the host the account should use.
std::string check_host(const Context& c, const std::vector<ServerSpec>& specs) {
  const std::string host = util::to_lower(c.ep.host.value);
  const auto hosts = distinct_hosts(specs);
  const std::string& provider = c.match->provider.name;
  if (const auto* retired = find_retired(c, host)) {
    Text text = retired->since.empty()
                    ? msg("{1} {2} has been retired by {3}: it no longer accepts logins, so the client reports a "
                          "wrong password or cannot connect.",
                          {c.server_label(), host, provider})
                    : msg("{1} {2} has been retired by {3} (since {4}): it no longer accepts logins, so the client "
                          "reports a wrong password or cannot connect.",
                          {c.server_label(), host, provider, retired->since});
    if (!retired->replacement.empty()) text.append_sentence(msg("Use {1} instead.", {retired->replacement}));
    // The note is the data's own English words (data/overrides): quoted as they are.
    if (!retired->note.empty()) {
      text.append_sentence(msg("Note: {1}", {retired->note + (retired->note.ends_with('.') ? "" : ".")}));
    }
    c.add(id::kRetiredHost, Severity::Error, Field::Host, host,
          retired->replacement.empty() ? core::FieldValue{} : core::FieldValue{retired->replacement}, text,
          !retired->replacement.empty());
    return retired->replacement.empty() ? host : util::to_lower(retired->replacement);
  }
  if (hosts.empty() || std::find(hosts.begin(), hosts.end(), host) != hosts.end()) return host;
  const auto recommended = distinct_hosts(specs, true);
  const auto& suggested = recommended.empty() ? hosts : recommended;
  const bool unique = suggested.size() == 1;
  Text text = msg("{1} {2} is not one of {3}'s {4} servers ({5}). It may be an alias that works, but a server that "
                  "is not the provider's usually does not answer or rejects the login.",
                  {c.server_label(), host, provider, protocol_label(c.ep.protocol), i18n::join_values(hosts)});
  text.append_sentence(unique ? msg("Use {1}.", {suggested.front()}) : msg("Use one of the provider's servers."));
  c.add(id::kHostNotProvider, Severity::Warning, Field::Host, host,
        unique ? core::FieldValue{suggested.front()} : core::FieldValue{}, text, unique);
  return suggested.front();
}

Text server_text(const ServerSpec& s) {
  return msg("{1} port {2} with {3}", {s.hostname, std::to_string(s.port), security_label(s.security)});
}

// The provider's servers on the host the account should use (all of them when none is there).
std::vector<const ServerSpec*> servers_on(const std::vector<ServerSpec>& specs, const std::string& host) {
  std::vector<const ServerSpec*> out;
  for (const auto& s : specs) {
    if (s.hostname == host) out.push_back(&s);
  }
  if (out.empty()) {
    for (const auto& s : specs) out.push_back(&s);
  }
  return out;
}

// The server the account uses exactly (same port and security), recommended or accepted.
const ServerSpec* server_in_use(const Context& c, const std::vector<const ServerSpec*>& candidates) {
  for (const auto* s : candidates) {
    if (s->port == c.ep.port.value && s->security == c.ep.security.value) return s;
  }
  return nullptr;
}

std::vector<const ServerSpec*> recommended_only(const std::vector<const ServerSpec*>& servers) {
  std::vector<const ServerSpec*> out;
  for (const auto* s : servers) {
    if (!s->accepted) out.push_back(s);
  }
  return out.empty() ? servers : out;
}

// The recommended server the account is closest to: the one a fix moves it to.
const ServerSpec& closest_recommended(const Context& c, const std::vector<const ServerSpec*>& candidates) {
  const auto servers = recommended_only(candidates);
  for (const auto* s : servers) {
    if (s->security == c.ep.security.value && c.ep.security.value != Security::None) return *s;
  }
  for (const auto* s : servers) {
    if (s->port == c.ep.port.value) return *s;
  }
  return *servers.front();
}

// The recommended server to name beside an accepted one: on the same host when there is one.
const ServerSpec& recommended_for(const std::vector<ServerSpec>& specs, const std::vector<const ServerSpec*>& candidates) {
  for (const auto* s : candidates) {
    if (!s->accepted) return *s;
  }
  for (const auto& s : specs) {
    if (!s.accepted) return s;
  }
  return *candidates.front();
}

bool offered_on_host(const std::vector<ServerSpec>& specs, const std::string& host, Security wanted) {
  return std::any_of(specs.begin(), specs.end(),
                     [&](const ServerSpec& s) { return s.hostname == host && s.security == wanted; });
}

// The account uses a server the provider accepts but does not recommend: it works, so this is a
// note naming the recommended server, never an error and never a fix.
void report_accepted_alternative(const Context& c, const ServerSpec& used, const ServerSpec& recommended) {
  Field field = Field::Security;
  core::FieldValue actual = sec_value(used.security), expected = sec_value(recommended.security);
  if (used.hostname != recommended.hostname) {
    field = Field::Host;
    actual = used.hostname;
    expected = recommended.hostname;
  } else if (used.port != recommended.port) {
    field = Field::Port;
    actual = port_value(used.port);
    expected = port_value(recommended.port);
  }
  const bool rfc8314 = recommended.security == Security::Tls && used.security == Security::StartTls;
  const std::initializer_list<Text> args{c.server_label(), server_text(used), c.match->provider.name,
                                         server_text(recommended)};
  c.add(id::kAcceptedAlternative, Severity::Info, field, std::move(actual), std::move(expected),
        rfc8314 ? msg("The {1} uses {2}. This works: {3} accepts it, but recommends {4} (encryption from the first "
                      "byte, which RFC 8314 prefers because it cannot be stripped). Nothing needs to change; switch "
                      "when convenient.",
                      args)
                : msg("The {1} uses {2}. This works: {3} accepts it, but recommends {4}. Nothing needs to change; "
                      "switch when convenient.",
                      args),
        false);
}

// The account's port and security are one of the provider's servers.
void judge_server_in_use(const Context& c, const std::vector<ServerSpec>& specs, const ServerSpec& used,
                         const std::vector<const ServerSpec*>& candidates) {
  const Security sec = c.ep.security.value;
  const bool tls_offered = offered_on_host(specs, used.hostname, Security::Tls);
  if (sec == Security::None && (tls_offered || offered_on_host(specs, used.hostname, Security::StartTls))) {
    report_plaintext_at_provider(c, tls_offered ? Security::Tls : Security::StartTls, true);
    return;
  }
  if (used.accepted) {
    report_accepted_alternative(c, used, recommended_for(specs, candidates));
    return;
  }
  if (sec == Security::StartTls && tls_offered) {
    c.add(id::kStartTlsWhereTlsOffered, Severity::Info, Field::Security, sec_value(sec), sec_value(Security::Tls),
          msg("The {1} uses STARTTLS; {2} also offers SSL/TLS from the first byte, which RFC 8314 recommends "
              "because it cannot be downgraded. This works as it is; switch when convenient.",
              {c.server_label(), c.match->provider.name}),
          false);
  }
}

// The account's port and security are none of the provider's servers, recommended or accepted:
// the provider does not serve this combination, so the port and the security move together to
// the closest recommended server.
void report_server_not_served(const Context& c, const ServerSpec& expected) {
  const int port = c.ep.port.value;
  const Security sec = c.ep.security.value;
  const std::string& provider = c.match->provider.name;
  const Text served =
      msg("{1} serves {2} on {3}", {provider, protocol_label(c.ep.protocol), server_text(expected)});
  const std::string port_text = std::to_string(port), expected_port = std::to_string(expected.port);
  if (expected.port != port && expected.port > 0) {
    const std::initializer_list<Text> args{c.server_label(), port_text,         security_label(sec),
                                           provider,         protocol_label(c.ep.protocol), served,
                                           expected_port,    security_label(expected.security)};
    c.add(id::kPortNotProvider, Severity::Error, Field::Port, port_value(port), port_value(expected.port),
          expected.security != sec
              ? msg("The {1} uses port {2} with {3}, which {4} does not list for {5} ({6}), so the connection fails "
                    "or the login is refused. Set the port to {7} together with {8}.",
                    args)
              : msg("The {1} uses port {2} with {3}, which {4} does not list for {5} ({6}), so the connection fails "
                    "or the login is refused. Set the port to {7}.",
                    args),
          true);
  }
  if (sec == Security::None && expected.security != Security::None && expected.security != Security::Unknown) {
    report_plaintext_at_provider(c, expected.security, false);
  } else if (expected.security != sec && expected.security != Security::Unknown && sec != Security::Unknown) {
    // (An unknown mode — a declaration without a TLS setting, Outlook's "auto" — is judged by the
    // client's own rules, which know what the client will do.)
    c.add(id::kSecurityNotProvider, Severity::Error, Field::Security, sec_value(sec), sec_value(expected.security),
          expected.port != port
              ? msg("The {1} uses {2} on port {3}, but {4}. The client and server do not agree on encryption, so the "
                    "connection fails, which the client often reports as a wrong password. Set the security to {5} "
                    "together with port {6}.",
                    {c.server_label(), security_label(sec), port_text, served, security_label(expected.security),
                     expected_port})
              : msg("The {1} uses {2} on port {3}, but {4}. The client and server do not agree on encryption, so the "
                    "connection fails, which the client often reports as a wrong password. Set the security to {5}.",
                    {c.server_label(), security_label(sec), port_text, served, security_label(expected.security)}),
          true);
  }
}

bool offers(const ServerSpec& spec, Auth a) {
  return std::find(spec.auths.begin(), spec.auths.end(), a) != spec.auths.end();
}

// The provider's first method the client can store: OAuth2 only for clients that can hold it.
Auth preferred_auth(const ServerSpec& spec, const std::string& client) {
  for (Auth a : spec.auths) {
    if (a != Auth::OAuth2 || can_store_oauth2(client)) return a;
  }
  return spec.auths.empty() ? Auth::Unknown : spec.auths.front();
}

// What the provider's data adds to the app-password note: switching IMAP/POP on in webmail, the
// provider's own help page, and whether the fact still lacks a source.
Text app_password_help(const providers::Provider& p) {
  Text out;
  if (p.imap_must_be_enabled) {
    out.append_sentence(msg("IMAP/POP must also be switched on in {1}'s web settings first.", {p.name}));
  }
  if (!p.documentation_url.empty()) out.append_sentence(msg("{1}'s help: {2}", {p.name, p.documentation_url}));
  if (providers::is_unverified(p, "app_password_required")) {
    out.append_sentence(msg("(mailmend's data marks this fact unverified.)"));
  }
  return out;
}

void check_auth(const Context& c, const ServerSpec& expected) {
  const Auth auth = c.ep.auth.value;
  const auto& p = c.match->provider;
  if (auth == Auth::Unknown) return;
  const bool oauth_only =
      p.oauth2_only || (!expected.auths.empty() && std::all_of(expected.auths.begin(), expected.auths.end(),
                                                               [](Auth a) { return a == Auth::OAuth2; }));
  // A provider that announced the end of SMTP passwords still takes them until that date.
  const std::string& smtp_from = p.oauth2_only_smtp_from;
  if (is_password(auth) && oauth_only && c.ep.protocol == Protocol::Smtp && !smtp_from.empty() &&
      c.today < smtp_from) {
    c.add(id::kPasswordSoonRefused, Severity::Warning, Field::Auth, auth_value(auth), auth_value(Auth::OAuth2),
          msg("{1} stops accepting passwords for SMTP on {2}: from then on sending fails with an authentication "
              "error even when the password is right. Switch the outgoing server's authentication method to OAuth2 "
              "before then.",
              {p.name, smtp_from}),
          can_store_oauth2(c.account.client));
    return;
  }
  if (is_password(auth) && oauth_only) {
    c.add(id::kPasswordNotAccepted, Severity::Error, Field::Auth, auth_value(auth), auth_value(Auth::OAuth2),
          msg("{1} no longer accepts passwords for {2}: it requires OAuth2 (signing in through the provider's web "
              "page). This is why the server says the password is wrong even when it is right. Switch the "
              "authentication method to OAuth2.",
              {p.name, protocol_label(c.ep.protocol)}),
          can_store_oauth2(c.account.client));
    return;
  }
  if (c.ep.protocol == Protocol::Smtp && auth == Auth::None && !expected.auths.empty() && !offers(expected, Auth::None)) {
    const Auth want = preferred_auth(expected, c.account.client);
    c.add(id::kSmtpNoAuth, Severity::Error, Field::Auth, auth_value(auth), auth_value(want),
          msg("The outgoing server sends without logging in, but {1} only relays mail for authenticated users: "
              "sending fails with a relay or authentication error. Turn on authentication for the outgoing server.",
              {p.name}),
          want != Auth::OAuth2 || can_store_oauth2(c.account.client));
    return;
  }
  const bool said_for_incoming = !c.incoming && c.account.incoming && is_password(c.account.incoming->auth.value);
  if (is_password(auth) && p.app_password_required && !said_for_incoming) {
    Text text = msg("{1} does not accept the web-login password here: the password must be an app password or "
                    "authorisation code generated in the provider's security settings. If the client says the "
                    "password is wrong, create one and enter it instead.",
                    {p.name});
    c.add(id::kAppPasswordRequired, Severity::Info, Field::Auth, auth_value(auth), {},
          text.append_sentence(app_password_help(p)), false);
  }
  if (!expected.auths.empty() && !offers(expected, auth) && auth != Auth::Any && auth != Auth::None) {
    Auth want = preferred_auth(expected, c.account.client);
    if (is_password(auth) && offers(expected, Auth::PasswordCleartext)) want = Auth::PasswordCleartext;
    c.add(id::kAuthNotOffered, Severity::Warning, Field::Auth, auth_value(auth), auth_value(want),
          msg("The authentication method {1} is not one that {2} lists for {3}; a server that does not offer the "
              "method refuses the login before the password is even checked. Use {4}.",
              {str(core::to_string(auth)), p.name, protocol_label(c.ep.protocol), str(core::to_string(want))}),
          want != Auth::OAuth2 || can_store_oauth2(c.account.client));
  }
}

Text username_form_text(const std::string& tmpl) {
  return tmpl == "%EMAILADDRESS%"     ? msg("the full email address")
         : tmpl == "%EMAILLOCALPART%" ? msg("the part before the @")
                                      : msg("\"{1}\"", {tmpl});
}

// A username in any form the server takes (its recommended one or one it also accepts) works and
// is left alone; otherwise the recommended form is the fix.
void check_username(const Context& c, const ServerSpec& expected) {
  const std::string email = c.email();
  if (expected.username.empty() || email.empty()) return;
  if (c.ep.auth.value == Auth::None) return;
  const std::string want = providers::expand_template(expected.username, email);
  if (want.find('%') != std::string::npos) return;
  const std::string& have = c.ep.username.value;
  if (util::iequals(have, want)) return;
  Text form = username_form_text(expected.username);
  for (const auto& accepted : expected.accepted_usernames) {
    if (util::iequals(have, providers::expand_template(accepted, email))) return;
    form = msg("{1} or {2}", {form, username_form_text(accepted)});
  }
  c.add(id::kUsernameForm, Severity::Warning, Field::Username, have, want,
        msg("The {1} logs in as \"{2}\", but {3} documents the username as {4} (\"{5}\"). In another form the server "
            "rejects the login, which the client reports as a wrong password. Set the username to \"{5}\".",
            {c.server_label(), have, c.match->provider.name, form, want}),
        true);
}

// The server the account should move to rests on no source (data marked unverified): the
// findings name it, but nothing is written into a profile on mailmend's word.
void hold_fixes_towards_unverified_server(const Context& c, std::size_t from) {
  for (std::size_t i = from; i < c.out.size(); ++i) {
    if (!c.out[i].fixable) continue;
    c.out[i].fixable = false;
    c.out[i].explain_further(msg("Not fixed automatically: mailmend's data for this {1} server of {2} is unverified.",
                                 {protocol_label(c.ep.protocol), c.match->provider.name}));
  }
}

void check_against_provider(const Context& c) {
  const auto specs = provider_specs(c);
  if (specs.empty()) {
    const auto& all = c.incoming ? c.match->provider.incoming : c.match->provider.outgoing;
    if (all.empty()) return;  // the database knows nothing about this side
    std::vector<std::string> offered;
    for (const auto& s : all) {
      std::string label = protocol_label(s.protocol);
      if (std::find(offered.begin(), offered.end(), label) == offered.end()) offered.push_back(label);
    }
    c.add(id::kProtocolNotOffered, Severity::Warning, Field::Host, c.ep.host.value, {},
          msg("{1} does not list {2} for this account (it offers {3}). Check that the protocol is enabled for the "
              "mailbox, or set the account up again with a supported protocol.",
              {c.match->provider.name, protocol_label(c.ep.protocol), i18n::join_values(offered)}),
          false);
    return;
  }
  const std::size_t first = c.out.size();
  const std::string host = check_host(c, specs);
  const auto candidates = servers_on(specs, host);
  const ServerSpec* used = server_in_use(c, candidates);
  if (used) {
    judge_server_in_use(c, specs, *used, candidates);
  } else {
    report_server_not_served(c, closest_recommended(c, candidates));
  }
  const ServerSpec& expected = used ? *used : closest_recommended(c, candidates);
  if (expected.unverified) hold_fixes_towards_unverified_server(c, first);
  check_auth(c, expected);
  check_username(c, expected);
}

// With a provider, a port/TLS contradiction is evidence for the provider finding that moves the
// endpoint to one of the provider's servers (on its port or its security): one problem, one
// finding. Without such a finding (a policy that lists the contradiction itself) it stays.
void fold_mismatch_into_provider_finding(std::vector<Finding>& out, std::size_t from) {
  auto first = out.begin() + static_cast<std::ptrdiff_t>(from);
  auto mismatch = std::find_if(first, out.end(), [](const Finding& f) { return f.rule == id::kPortSecurityMismatch; });
  if (mismatch == out.end()) return;
  auto carrier = std::find_if(first, out.end(), [](const Finding& f) {
    return f.severity == Severity::Error &&
           (f.rule == id::kPortNotProvider || f.rule == id::kSecurityNotProvider || f.rule == id::kPlaintext);
  });
  if (carrier == out.end()) return;
  carrier->also.push_back(str(id::kPortSecurityMismatch));
  out.erase(mismatch);
}

void evaluate_endpoint(const core::Account& account, const Endpoint& ep, bool incoming,
                       const std::optional<providers::Match>& match, std::string_view today, std::vector<Finding>& out) {
  if (!core::is_host_audited(ep.protocol)) return;
  Context c{account, ep, incoming, match ? &*match : nullptr, out, today};
  const std::size_t first = out.size();
  check_port_security_consistency(c);
  if (!match) {
    report_plaintext_unknown_provider(c);
    return;
  }
  check_against_provider(c);
  fold_mismatch_into_provider_finding(out, first);
}

void check_unknown_domain(const core::Account& account, const std::optional<providers::Match>& match,
                          std::vector<Finding>& out) {
  if (match) return;
  const bool audited = (account.incoming && core::is_host_audited(account.incoming->protocol)) ||
                       (account.outgoing && core::is_host_audited(account.outgoing->protocol));
  if (!audited) return;
  std::string domain = util::email_domain(account.email);
  Finding f;
  f.rule = str(id::kUnknownDomain);
  f.severity = Severity::Info;
  f.account = account.id;
  f.actual = domain;
  f.explain(msg("mailmend does not know the correct settings for {1}, so only general checks were made. If it is "
                "your organisation's own mail server, describe it in an ISPDB-format file and pass it with --policy.",
                {domain.empty() ? msg("this account") : Text(domain)}));
  out.push_back(std::move(f));
}

// "broken (Delta Chat)" -> "Delta Chat"
std::string list_of_status(const std::string& status) {
  const auto open = status.find('('), close = status.rfind(')');
  return open == std::string::npos || close == std::string::npos || close < open
             ? std::string()
             : status.substr(open + 1, close - open - 1);
}

// A client's provider list (Delta Chat's) rates the provider broken: its testers could not use the
// documented servers. An OAuth2-only provider is left out: the auth rules already say why a
// password fails there, and an account that signs in with OAuth2 works.
void check_listed_broken(const core::Account& account, const std::optional<providers::Match>& match,
                         std::vector<Finding>& out) {
  if (!match || match->provider.oauth2_only || !providers::listed_as_broken(match->provider)) return;
  const providers::FactNote& status = *providers::find_note(match->provider, providers::kStatusFact);
  Finding f;
  f.rule = str(id::kProviderListedBroken);
  f.severity = Severity::Info;
  f.account = account.id;
  f.actual = std::string("broken");
  f.explain(msg("{1}'s provider list rates {2} as broken (last checked {3}): its testers could not use this "
                "provider's IMAP/SMTP servers as documented, so the account may fail however it is set up. Check "
                "{2}'s own help for what it still allows. Source: {4}",
                {list_of_status(status.value), match->provider.name,
                 status.last_checked.empty() ? msg("unknown") : Text(status.last_checked), status.source}));
  out.push_back(std::move(f));
}

}  // namespace

const std::vector<RuleInfo>& catalogue() {
  static const std::vector<RuleInfo> rules{
      {id::kPortSecurityMismatch, Severity::Error, i18n::marked("port and TLS mode contradict each other (993/995/465 without TLS, 143/110/587/25 with implicit TLS)")},
      {id::kPlaintext, Severity::Error, i18n::marked("no encryption (error where the provider does not serve it plain; warning where the provider also serves it plain or is unknown)")},
      {id::kRetiredHost, Severity::Error, i18n::marked("the server host was retired by the provider; names its replacement")},
      {id::kHostNotProvider, Severity::Warning, i18n::marked("the server host is not among the provider's hosts for that protocol")},
      {id::kProtocolNotOffered, Severity::Warning, i18n::marked("the provider does not list this protocol")},
      {id::kPortNotProvider, Severity::Error, i18n::marked("the port and security are none of the provider's servers (recommended or accepted); names the recommended port")},
      {id::kSecurityNotProvider, Severity::Error, i18n::marked("the security mode is not one the provider serves with that port; names the recommended mode")},
      {id::kStartTlsWhereTlsOffered, Severity::Info, i18n::marked("STARTTLS where the provider also recommends implicit TLS (RFC 8314)")},
      {id::kAcceptedAlternative, Severity::Info, i18n::marked("a server, port or TLS mode the provider accepts but does not recommend: works, never fixed")},
      {id::kPasswordNotAccepted, Severity::Error, i18n::marked("password login where the provider accepts only OAuth2")},
      {id::kPasswordSoonRefused, Severity::Warning, i18n::marked("SMTP password login that the provider stops accepting on an announced date")},
      {id::kAppPasswordRequired, Severity::Info, i18n::marked("the provider needs an app password or authorisation code, not the web password")},
      {id::kAuthNotOffered, Severity::Warning, i18n::marked("the authentication method is not one the provider offers")},
      {id::kSmtpNoAuth, Severity::Error, i18n::marked("outgoing server without authentication on a provider that requires it")},
      {id::kUsernameForm, Severity::Warning, i18n::marked("the username is in none of the forms the provider documents (full address, local part)")},
      {id::kUnknownDomain, Severity::Info, i18n::marked("no provider entry for the domain: add it with --policy")},
      {id::kProviderListedBroken, Severity::Info, i18n::marked("a client's provider list (Delta Chat's) rates the provider broken; not for OAuth2-only providers")},
  };
  return rules;
}

namespace {

bool proposes_change(const Finding& f) {
  return !f.account.empty() && !f.field.empty() && f.severity != Severity::Info &&
         !std::holds_alternative<std::monostate>(f.expected);
}

std::string value_key(const Finding& f) {
  return std::to_string(f.actual.index()) + core::field_value_text(f.actual);
}

// Findings with the same field key are about the same problem; so are findings of one rule on
// the same stored value (Outlook keeps one username for both servers: one value, one change).
std::string field_key(const Finding& f) { return f.account + '\n' + f.field + '\n' + value_key(f); }

std::string origin_key(const Finding& f) {
  if (f.origin.file.empty() || f.origin.key.empty()) return {};
  return f.rule + '\n' + f.account + '\n' + f.origin.file + '\n' + f.origin.key + '\n' + value_key(f);
}

bool is_shared_rule(std::string_view rule) {
  const auto& all = catalogue();
  return std::any_of(all.begin(), all.end(), [&](const RuleInfo& r) { return r.id == rule; });
}

bool outranks(const Finding& a, const Finding& b) {
  if (a.severity != b.severity) return a.severity > b.severity;
  const bool a_client = !is_shared_rule(a.rule), b_client = !is_shared_rule(b.rule);
  if (a_client != b_client) return a_client;
  return a.fixable && !b.fixable;
}

void absorb(Finding& kept, Finding other) {
  if (outranks(other, kept)) std::swap(kept, other);
  std::vector<std::string> also = std::move(kept.also);
  also.push_back(other.rule);
  for (auto& r : other.also) also.push_back(std::move(r));
  std::sort(also.begin(), also.end());
  also.erase(std::unique(also.begin(), also.end()), also.end());
  std::erase(also, kept.rule);
  kept.also = std::move(also);
}

}  // namespace

void merge_related(std::vector<Finding>& findings, unsigned threads) {
  // Both keys name the account, so findings merge only within one account: each account's findings
  // (those that propose a change) are merged on their own, in the order they come, on up to
  // `threads` threads; a finding absorbed into an earlier one is then dropped.
  std::unordered_map<std::string_view, std::size_t> group_of_account;
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!proposes_change(findings[i])) continue;
    auto [it, fresh] = group_of_account.try_emplace(findings[i].account, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  group_of_account.clear();  // its keys view findings about to be moved
  std::vector<char> absorbed(findings.size(), 0);
  constexpr std::size_t kAccountsPerThread = 64;
  util::for_each_index(groups.size(), threads, [&](std::size_t g) {
    std::unordered_map<std::string, std::size_t> first_of_problem;  // only looked up: its order does not matter
    for (const std::size_t i : groups[g]) {
      const std::string by_field = field_key(findings[i]), by_origin = origin_key(findings[i]);
      auto it = first_of_problem.find(by_field);
      if (it == first_of_problem.end() && !by_origin.empty()) it = first_of_problem.find(by_origin);
      const std::size_t at = it == first_of_problem.end() ? i : it->second;
      first_of_problem.try_emplace(by_field, at);
      if (!by_origin.empty()) first_of_problem.try_emplace(by_origin, at);
      if (at == i) continue;
      absorb(findings[at], std::move(findings[i]));
      absorbed[i] = 1;
    }
  }, kAccountsPerThread);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (absorbed[i]) continue;
    if (kept != i) findings[kept] = std::move(findings[i]);
    ++kept;
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  const std::tm utc = util::utc_time(now);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  return date;
}

std::vector<Finding> evaluate(const core::Account& account, const std::optional<providers::Match>& match,
                              std::string_view today) {
  std::vector<Finding> out;
  const std::string current = today.empty() ? today_utc() : std::string(today);
  if (account.incoming) evaluate_endpoint(account, *account.incoming, true, match, current, out);
  if (account.outgoing) evaluate_endpoint(account, *account.outgoing, false, match, current, out);
  check_unknown_domain(account, match, out);
  check_listed_broken(account, match, out);
  merge_related(out);
  return out;
}

}  // namespace rules
