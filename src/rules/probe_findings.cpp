#include "rules/probe_findings.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "i18n/text.hpp"
#include "util/text.hpp"
#include "i18n/messages.hpp"

namespace rules {
namespace {

using core::Auth;
using core::Field;
using core::Finding;
using core::ProbeResult;
using core::Protocol;
using core::Security;
using core::Severity;
using i18n::msg;
using i18n::Text;

core::FieldValue security_value(Security s) { return std::string(core::to_string(s)); }

// One account's endpoint that the probe reached, or nothing for `probe --server`.
struct Recipient {
  const core::Account* account = nullptr;
  const core::Endpoint* endpoint = nullptr;
  bool incoming = true;
};

// Adds the findings of one probe for one recipient.
class Reporter {
 public:
  Reporter(const ProbeResult& probe, Recipient to, std::vector<Finding>& out) : probe_(probe), to_(to), out_(out) {}

  void add(std::string_view rule, Severity severity, Field field, core::FieldValue actual, core::FieldValue expected,
           const Text& message) const {
    Finding f;
    f.rule = std::string(rule);
    f.severity = severity;
    f.actual = std::move(actual);
    f.expected = std::move(expected);
    f.explain(message);
    f.probe = probe_.id;
    if (to_.account != nullptr) {
      f.account = to_.account->id;
      f.field = core::field_path(to_.incoming, field);
      f.origin = core::origin_of(*to_.endpoint, field);
    } else {
      f.field = std::string(core::to_string(field));
    }
    out_.push_back(std::move(f));
  }

  const ProbeResult& probe() const { return probe_; }
  const Recipient& recipient() const { return to_; }

  // "the IMAP server imap.example.net:993"; server_at_sentence_start() opens a sentence.
  Text server() const { return msg("the {1} server {2}", {core::label_of(probe_.target.protocol), endpoint_text()}); }
  Text server_at_sentence_start() const {
    return msg("The {1} server {2}", {core::label_of(probe_.target.protocol), endpoint_text()});
  }
  std::string endpoint_text() const { return probe_.target.host + ":" + std::to_string(probe_.target.port); }
  core::FieldValue host() const { return probe_.target.host; }
  core::FieldValue port() const { return static_cast<std::int64_t>(probe_.target.port); }
  core::FieldValue configured_security() const { return security_value(probe_.target.security); }

 private:
  const ProbeResult& probe_;
  Recipient to_;
  std::vector<Finding>& out_;
};

// Returns true when the server could not be reached at all (nothing else can be said then).
bool check_reachability(const Reporter& r) {
  const auto& p = r.probe();
  if (!p.dns_error.empty()) {
    r.add(probe_id::kDnsFailed, Severity::Error, Field::Host, r.host(), {},
          msg("The name {1} does not resolve from this computer ({2}). The client cannot find the server, which it "
              "may report as a failed login. Check the server name for typos or a retired host, and the computer's "
              "DNS or VPN.",
              {p.target.host, util::printable(p.dns_error)}));
    return true;
  }
  if (p.addresses.empty() || core::connected_anywhere(p)) return false;
  if (p.via_proxy) {
    r.add(probe_id::kUnreachable, Severity::Error, Field::Port, r.port(), {},
          msg("The client sends its connections to {1} through the SOCKS proxy {2}, and that way nothing connects "
              "({3}). A proxy on this computer (ssh -D, Tor, a security agent) must be running; otherwise the proxy or "
              "the network behind it blocks the port. The client cannot log in at all, whatever the password.",
              {r.endpoint_text(), util::printable(p.target.proxy), util::printable(p.error, 200)}));
    return true;
  }
  r.add(probe_id::kUnreachable, Severity::Error, Field::Port, r.port(), {},
        msg("Nothing accepts connections at {1} from this computer ({2}). Either the port is wrong for this server, "
            "or a firewall, proxy or network in between blocks it. The client cannot log in at all, whatever the "
            "password.",
            {r.endpoint_text(), core::address_outcomes(p)}));
  return true;
}

void check_security_mode(const Reporter& r) {
  const auto& p = r.probe();
  const Security configured = p.target.security, observed = p.observed_security;
  if (observed == Security::Unknown) {
    if (p.silent) {
      r.add(probe_id::kTimeout, Severity::Error, Field::Security, r.configured_security(), {},
            msg("The connection to {1} opens, and then the server says nothing, not even to a TLS handshake, until "
                "the time limit. The client waits and then reports a timeout or a wrong password. Check the port and "
                "the security setting with the provider's documentation.",
                {r.server()}));
    } else if (!p.tls_error.empty() && configured != Security::None) {
      r.add(probe_id::kTlsFailed, Severity::Error, Field::Security, r.configured_security(), {},
            msg("The TLS handshake with {1} fails ({2}). The client cannot open a secure connection, and often says "
                "the password is wrong. Check the port and security setting, and whether something on this computer "
                "or network interferes with TLS.",
                {r.server(), util::printable(p.tls_error)}));
    } else if (!p.error.empty()) {
      r.add(probe_id::kProtocolError, Severity::Error, Field::Port, r.port(), {},
            msg("The server at {1} does not answer the way {2} servers do ({3}). Check the server name and port.",
                {r.endpoint_text(), core::label_of(p.target.protocol), util::printable(p.error, 120)}));
    }
    return;
  }
  if (observed == Security::Tls && !p.tls && !p.tls_error.empty()) {
    r.add(probe_id::kTlsFailed, Severity::Error, Field::Security, r.configured_security(), {},
          msg("The server at {1} speaks TLS, but the handshake with it fails ({2}). The client cannot open a secure "
              "connection, and often says the password is wrong. The server may refuse this computer's TLS versions "
              "or ciphers, or want a client certificate; something on this computer or network may also interfere "
              "with TLS.",
              {r.endpoint_text(), util::printable(p.tls_error)}));
    return;
  }
  if (configured == Security::Tls && observed != Security::Tls) {
    r.add(probe_id::kTlsModeMismatch, Severity::Error, Field::Security, r.configured_security(), security_value(observed),
          [&] {
            const std::initializer_list<Text> args{
                r.server(), p.tls_error.empty() ? std::string("wrong version number") : util::printable(p.tls_error),
                core::label_of(observed), std::to_string(p.target.port)};
            return observed == Security::StartTls
                       ? msg("The account uses SSL/TLS from the first byte, but {1} starts unencrypted and offers "
                             "STARTTLS (the handshake fails with \"{2}\"). The connection never gets as far as the "
                             "password check, which the client often reports as a wrong password. Set the security "
                             "to {3} for port {4}, or use the server's SSL/TLS port.",
                             args)
                       : msg("The account uses SSL/TLS from the first byte, but {1} starts unencrypted (the "
                             "handshake fails with \"{2}\"). The connection never gets as far as the password check, "
                             "which the client often reports as a wrong password. Set the security to {3} for port "
                             "{4}, or use the server's SSL/TLS port.",
                             args);
          }());
    return;
  }
  if (configured != Security::Tls && observed == Security::Tls) {
    r.add(probe_id::kTlsModeMismatch, Severity::Error, Field::Security, r.configured_security(), security_value(observed),
          msg("The account speaks {1} to {2}, but that port expects SSL/TLS from the first byte: the server waits "
              "for a TLS handshake and the client waits for a greeting, until a timeout that the client often "
              "reports as a wrong password. Set the security to SSL/TLS for port {3}.",
              {configured == Security::None ? msg("no encryption") : Text(core::label_of(configured)), r.server(),
               std::to_string(p.target.port)}));
    return;
  }
  if (configured == Security::StartTls && !p.starttls_offered) {
    r.add(probe_id::kStartTlsNotOffered, Severity::Error, Field::Security, r.configured_security(), {},
          msg("The account expects STARTTLS, but {1} does not offer it. The client either stops with an error or, in "
              "older clients, sends the password unencrypted. Use the provider's SSL/TLS port (993, 995 or 465) or "
              "ask the server's administrator to enable TLS.",
              {r.server()}));
  }
  if (configured == Security::None && (p.login_disabled || !p.plaintext_refusal.empty())) {
    const std::string evidence = p.login_disabled ? std::string("LOGINDISABLED") : util::printable(p.plaintext_refusal);
    r.add(probe_id::kPlaintextRefused, Severity::Error, Field::Security, r.configured_security(),
          p.starttls_offered ? security_value(Security::StartTls) : core::FieldValue{},
          msg("The account connects without encryption, and {1} refuses logins on unencrypted connections (it says: "
              "{2}). The client reports this as a wrong password, although the password may be right.",
              {r.server(), evidence})
              .append_sentence(p.starttls_offered ? msg("Set the security to STARTTLS (the server offers it on this "
                                                        "port), or use the SSL/TLS port.")
                                                  : msg("Use the server's SSL/TLS port and security.")));
  }
  if (p.starttls_injection) {
    r.add(probe_id::kStartTlsInjection, Severity::Error, Field::Security, r.configured_security(), {},
          msg("{1} (or something between it and this computer) sent extra data right after agreeing to STARTTLS, "
              "before the encryption began. That is the mark of a STARTTLS injection attack or a broken middlebox; "
              "mailmend ignored the data. Prefer the server's SSL/TLS port and have the network checked.",
              {r.server_at_sentence_start()}));
  }
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kInspectingProducts{{
    {"avast", "Avast"},
    {"avg ", "AVG"},
    {"avg technologies", "AVG"},
    {"kaspersky", "Kaspersky"},
    {"eset", "ESET"},
    {"bitdefender", "Bitdefender"},
    {"fortinet", "Fortinet"},
    {"fortigate", "Fortinet FortiGate"},
    {"zscaler", "Zscaler"},
    {"sophos", "Sophos"},
    {"palo alto", "Palo Alto Networks"},
    {"cisco umbrella", "Cisco Umbrella"},
    {"mcafee", "McAfee"},
    {"norton", "Norton"},
    {"trend micro", "Trend Micro"},
    {"check point", "Check Point"},
    {"checkpoint", "Check Point"},
    {"netskope", "Netskope"},
    {"forcepoint", "Forcepoint"},
    {"blue coat", "Blue Coat"},
    {"watchguard", "WatchGuard"},
    {"barracuda", "Barracuda"},
    {"dr.web", "Dr.Web"},
    {"g data", "G DATA"},
}};

bool is_old_tls_version(std::string_view version) {
  return version == "SSLv2" || version == "SSLv3" || version == "TLSv1" || version == "TLSv1.0" || version == "TLSv1.1";
}

std::string first_plain_dns_name(const core::ProbeCertificate& c) {
  for (const auto& san : c.san) {
    if (san.rfind("DNS:", 0) == 0 && san.find('*') == std::string::npos) return san.substr(4);
  }
  return {};
}

void check_tls(const Reporter& r) {
  const auto& p = r.probe();
  if (p.target.security == Security::None || !p.tls) return;
  if (is_old_tls_version(p.tls->version)) {
    r.add(probe_id::kTlsVersionOld, Severity::Error, Field::Host, r.host(), {},
          msg("{1} negotiates {2}, older than TLS 1.2. Current mail clients refuse it, so the connection fails "
              "before the password is checked. The server needs TLS 1.2 or newer.",
              {r.server_at_sentence_start(), p.tls->version}));
  }
  if (!p.certificate) return;
  const auto& c = *p.certificate;
  const std::string product = inspecting_product(c);
  if (!product.empty()) {
    r.add(probe_id::kTlsIntercepted, Severity::Error, Field::Host, r.host(), {},
          msg("The certificate seen for {1} comes from {2} (issuer: {3}), not from the mail provider: {2} intercepts "
              "mail TLS on this computer or network. Mail clients then reject the certificate, or the provider sees "
              "an unknown client and refuses the login. Turn off {2}'s mail or TLS scanning for this client, or "
              "update it.",
              {r.endpoint_text(), product, util::printable(c.issuer)}));
  } else if (c.expired) {
    r.add(probe_id::kCertExpired, Severity::Error, Field::Host, r.host(), {},
          msg("The certificate of {1} expired on {2}. Clients refuse the connection or ask the user to accept the "
              "risk; the server's administrator must renew it.",
              {r.server(), c.not_after}));
  } else if (c.not_yet_valid) {
    r.add(probe_id::kCertNotYetValid, Severity::Error, Field::Host, r.host(), {},
          msg("The certificate of {1} is valid only from {2}. Unless it was just issued, this computer's clock is "
              "probably wrong (check the date, time and time zone): a wrong clock makes every certificate look "
              "invalid and every login fail.",
              {r.server(), c.not_before}));
  }
  if (!c.hostname_match) {
    const std::string name = first_plain_dns_name(c);
    r.add(probe_id::kCertHostnameMismatch, Severity::Error, Field::Host, r.host(),
          name.empty() ? core::FieldValue{} : core::FieldValue{name},
          [&] {
            const std::initializer_list<Text> args{
                r.endpoint_text(), p.target.host, c.san.empty() ? Text(util::printable(c.subject)) : i18n::join_values(c.san),
                name};
            return name.empty() ? msg("The certificate of the server at {1} is not for the name {2} (it names {3}). "
                                      "Clients refuse it or warn; use the host name the certificate is for.",
                                      args)
                                : msg("The certificate of the server at {1} is not for the name {2} (it names {3}). "
                                      "Clients refuse it or warn; use the host name the certificate is for ({4}).",
                                      args);
          }());
  }
  if (!c.chain_trusted && product.empty() && !c.expired && !c.not_yet_valid) {
    r.add(probe_id::kCertUntrusted, Severity::Error, Field::Host, r.host(), {},
          c.error.empty()
              ? msg("This computer does not trust the certificate of {1}. Clients refuse the connection or ask the "
                    "user to accept it. If the server is the organisation's own, install its CA on the computer; "
                    "otherwise do not accept the certificate.",
                    {r.server()})
              : msg("This computer does not trust the certificate of {1} ({2}). Clients refuse the connection or ask "
                    "the user to accept it. If the server is the organisation's own, install its CA on the computer; "
                    "otherwise do not accept the certificate.",
                    {r.server(), util::printable(c.error)}));
  }
  if (product.empty() && !c.expired && !c.not_yet_valid && c.days_left < kCertificateWarningDays) {
    r.add(probe_id::kCertExpiresSoon, Severity::Warning, Field::Host, r.host(), {},
          i18n::msgn("The certificate of {1} expires in {2} day ({3}). After that, clients refuse the connection "
                     "until the server's administrator renews it.",
                     "The certificate of {1} expires in {2} days ({3}). After that, clients refuse the connection "
                     "until the server's administrator renews it.",
                     static_cast<unsigned long>(c.days_left < 0 ? 0 : c.days_left),
                     {r.server(), std::to_string(c.days_left), c.not_after}));
  }
}

bool offers_any(const std::vector<std::string>& mechanisms, std::initializer_list<std::string_view> wanted) {
  return std::any_of(mechanisms.begin(), mechanisms.end(), [&](const std::string& m) {
    return std::any_of(wanted.begin(), wanted.end(), [&](std::string_view w) {
      return util::iequals(m, w) || (w.back() == '-' && m.size() > w.size() && util::iequals(m.substr(0, w.size()), w));
    });
  });
}


// Whether the server lets the configured method through where the client logs in; nullopt when
// the method is not one a capability list can tell.
std::optional<bool> method_offered(const ProbeResult& p, Auth auth) {
  const auto& mech = p.auth_mechanisms;
  const auto& caps = core::capabilities_at_login(p);
  switch (auth) {
    case Auth::OAuth2: return offers_any(mech, {"XOAUTH2", "OAUTHBEARER"});
    case Auth::PasswordEncrypted: return offers_any(mech, {"CRAM-MD5", "DIGEST-MD5", "SCRAM-"});
    case Auth::Ntlm: return offers_any(mech, {"NTLM"});
    case Auth::Gssapi: return offers_any(mech, {"GSSAPI"});
    case Auth::PasswordCleartext:
      if (offers_any(mech, {"PLAIN", "LOGIN"})) return true;
      if (p.target.protocol == Protocol::Imap) return !offers_any(caps, {"LOGINDISABLED"});
      if (p.target.protocol == Protocol::Pop3) return offers_any(caps, {"USER"});
      return false;
    default: return std::nullopt;
  }
}

std::string mechanisms_text(const std::vector<std::string>& mechanisms) {
  return mechanisms.empty() ? std::string("none") : util::join(mechanisms, " ");  // also the finding's value
}

void check_auth_method(const Reporter& r) {
  const auto& p = r.probe();
  const auto* ep = r.recipient().endpoint;
  if (ep == nullptr || p.observed_security != p.target.security || core::capabilities_at_login(p).empty()) return;
  if (p.target.security == Security::None && (p.login_disabled || !p.plaintext_refusal.empty())) return;
  const Auth auth = ep->auth.value;
  const auto offered = method_offered(p, auth);
  if (!offered || *offered) return;
  r.add(probe_id::kAuthMethodNotOffered, Severity::Error, Field::Auth, std::string(core::to_string(auth)),
        mechanisms_text(p.auth_mechanisms),
        msg("The account logs in with {1}, but {2} offers only: {3}. The server rejects the attempt and the client "
            "reports a wrong password. Choose an authentication method the server offers.",
            {std::string(core::to_string(auth)), r.server(), mechanisms_text(p.auth_mechanisms)}));
}

// What an admin should make of a refused login, from the server's own code and words.
Text login_failure_advice(const core::ProbeLogin& login) {
  const std::string all = util::to_lower(login.code + " " + login.text);
  auto has = [&](std::string_view s) { return all.find(s) != std::string::npos; };
  if (has("5.7.9") || has("application-specific") || has("app password"))
    return msg("The provider wants an app password (or authorisation code) here, not the account's normal password: "
               "create one in the provider's web settings and use it in the client.");
  if (has("5.7.139") || has("5.7.30") || has("basic auth"))
    return msg("The provider has turned off password (basic) authentication for this account: the client must use "
               "OAuth2 (Microsoft 365 / Outlook.com).");
  if (has("unavailable") || has("contactadmin") || has("locked") || has("disabled") || has("suspended") || has("[alert]") || has("alert"))
    return msg("The server says the account is locked, disabled or unavailable: the password is not the problem; "
               "the account must be unlocked at the provider.");
  if (has("privacyrequired") || has("plaintext"))
    return msg("The server refuses the password on an unencrypted connection: use SSL/TLS or STARTTLS.");
  return msg("The server rejected the user name or password. Check the user name form the provider expects (full "
             "address or local part), and whether it needs an app password or authorisation code instead of the web "
             "password.");
}

void check_logins(const Reporter& r) {
  const auto& p = r.probe();
  const auto* account = r.recipient().account;
  for (const auto& login : p.logins) {
    if (account != nullptr && login.account != account->id) continue;
    const core::FieldValue user = r.recipient().endpoint ? core::FieldValue{r.recipient().endpoint->username.value}
                                                         : core::FieldValue{login.account};
    if (login.ok) {
      r.add(probe_id::kLoginOk, Severity::Info, Field::Username, user, {},
            msg("Logging in to {1} with the password given works: the settings and the password are right for this "
                "server.",
                {r.server()}));
    } else {
      r.add(probe_id::kLoginFailed, Severity::Error, Field::Username, user, {},
            (login.code.empty()
                 ? msg("{1} refused the login: \"{2}\".", {r.server_at_sentence_start(), util::printable(login.text)})
                 : msg("{1} refused the login ({2}): \"{3}\".",
                       {r.server_at_sentence_start(), login.code, util::printable(login.text)}))
                .append_sentence(login_failure_advice(login)));
    }
  }
}

// The account's endpoint that the probe is about, if it uses the probed server.
std::optional<Recipient> recipient_of(const core::Account& account, const core::ProbeTarget& t) {
  bool incoming = true;
  const auto* ep = core::endpoint_for(account, t, &incoming);
  if (ep == nullptr) return std::nullopt;
  return Recipient{&account, ep, incoming};
}

void evaluate_for(const ProbeResult& probe, Recipient to, std::vector<Finding>& out) {
  const Reporter r(probe, to, out);
  if (check_reachability(r)) return;
  check_security_mode(r);
  check_tls(r);
  check_auth_method(r);
  check_logins(r);
}

}  // namespace

const std::vector<core::RuleInfo>& probe_catalogue() {
  using S = Severity;
  static const std::vector<core::RuleInfo> rules{
      {probe_id::kDnsFailed, S::Error, i18n::marked("the server name does not resolve from this computer")},
      {probe_id::kUnreachable, S::Error, i18n::marked("every address of the server refuses, drops or cannot be routed to the port")},
      {probe_id::kTimeout, S::Error, i18n::marked("the server accepts the connection, then says nothing (plain client on a TLS port, or worse)")},
      {probe_id::kTlsModeMismatch, S::Error, i18n::marked("the port speaks another TLS mode than configured (TLS on a STARTTLS port or the reverse)")},
      {probe_id::kTlsFailed, S::Error, i18n::marked("the TLS handshake fails for another reason (alert, protocol error)")},
      {probe_id::kProtocolError, S::Error, i18n::marked("the server does not answer as a mail server of that protocol")},
      {probe_id::kStartTlsNotOffered, S::Error, i18n::marked("STARTTLS configured, the server does not offer it")},
      {probe_id::kStartTlsInjection, S::Error, i18n::marked("data arrived after the STARTTLS go-ahead, before the handshake")},
      {probe_id::kPlaintextRefused, S::Error, i18n::marked("no encryption configured, the server refuses logins before TLS")},
      {probe_id::kCertUntrusted, S::Error, i18n::marked("the certificate chain is not trusted by this computer")},
      {probe_id::kCertHostnameMismatch, S::Error, i18n::marked("the certificate is not for the configured host name")},
      {probe_id::kCertExpired, S::Error, i18n::marked("the certificate has expired")},
      {probe_id::kCertNotYetValid, S::Error, i18n::marked("the certificate is not valid yet (often this computer's clock)")},
      {probe_id::kCertExpiresSoon, S::Warning, i18n::marked("the certificate expires within 14 days")},
      {probe_id::kTlsVersionOld, S::Error, i18n::marked("the server negotiates a TLS version below 1.2")},
      {probe_id::kTlsIntercepted, S::Error, i18n::marked("an antivirus, proxy or firewall intercepts TLS (named)")},
      {probe_id::kAuthMethodNotOffered, S::Error, i18n::marked("the configured authentication method is not among the server's")},
      {probe_id::kLoginFailed, S::Error, i18n::marked("--login: the server refused the login (its code and words, explained)")},
      {probe_id::kLoginOk, S::Info, i18n::marked("--login: the login works")},
  };
  return rules;
}

std::string inspecting_product(const core::ProbeCertificate& certificate) {
  std::vector<std::string> names = certificate.chain;
  names.push_back(certificate.issuer);
  for (const auto& name : names) {
    const std::string lower = util::to_lower(name) + " ";
    for (const auto& [needle, product] : kInspectingProducts) {
      if (lower.find(needle) != std::string::npos) return std::string(product);
    }
  }
  return {};
}

std::vector<Finding> probe_findings(const ProbeResult& probe, const std::vector<core::Account>& accounts) {
  std::vector<Finding> out;
  if (probe.target.accounts.empty()) {
    evaluate_for(probe, Recipient{}, out);
    return out;
  }
  for (const auto& id : probe.target.accounts) {
    const auto it = std::find_if(accounts.begin(), accounts.end(), [&](const core::Account& a) { return a.id == id; });
    if (it == accounts.end()) continue;
    if (const auto to = recipient_of(*it, probe.target)) evaluate_for(probe, *to, out);
  }
  return out;
}

}  // namespace rules
