#include "core/model.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "core/adapter.hpp"
#include "core/finding.hpp"
#include "core/probe.hpp"
#include "core/report.hpp"
#include "core/source.hpp"
#include "i18n/messages.hpp"

namespace core {
namespace {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Protocol, 7> kProtocols{{{Protocol::Imap, "imap"},
                                         {Protocol::Pop3, "pop3"},
                                         {Protocol::Smtp, "smtp"},
                                         {Protocol::Ews, "ews"},
                                         {Protocol::Graph, "graph"},
                                         {Protocol::Exchange, "exchange"},
                                         {Protocol::Unknown, "unknown"}}};
constexpr Names<Security, 4> kSecurities{
    {{Security::None, "none"}, {Security::StartTls, "starttls"}, {Security::Tls, "tls"}, {Security::Unknown, "unknown"}}};
constexpr Names<Auth, 9> kAuths{{{Auth::PasswordCleartext, "password-cleartext"},
                                 {Auth::PasswordEncrypted, "password-encrypted"},
                                 {Auth::OAuth2, "OAuth2"},
                                 {Auth::Ntlm, "NTLM"},
                                 {Auth::Gssapi, "GSSAPI"},
                                 {Auth::TlsClientCert, "TLS-client-cert"},
                                 {Auth::None, "none"},
                                 {Auth::Any, "any"},
                                 {Auth::Unknown, "unknown"}}};
constexpr Names<Severity, 3> kSeverities{
    {{Severity::Info, "info"}, {Severity::Warning, "warning"}, {Severity::Error, "error"}}};
constexpr Names<SourceStatus, 5> kStatuses{{{SourceStatus::Ok, "ok"},
                                            {SourceStatus::Error, "error"},
                                            {SourceStatus::Locked, "locked"},
                                            {SourceStatus::Skipped, "skipped"},
                                            {SourceStatus::Damaged, "damaged"}}};
constexpr Names<Field, 5> kFields{{{Field::Host, "host"},
                                   {Field::Port, "port"},
                                   {Field::Security, "security"},
                                   {Field::Auth, "auth"},
                                   {Field::Username, "username"}}};

constexpr Names<TcpOutcome, 4> kTcpOutcomes{{{TcpOutcome::Connected, "connected"},
                                             {TcpOutcome::Refused, "refused"},
                                             {TcpOutcome::Timeout, "timeout"},
                                             {TcpOutcome::Unreachable, "unreachable"}}};

template <class E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> value_of(const Names<E, N>& names, std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Protocol p) { return name_of(kProtocols, p); }
std::string_view to_string(Security s) { return name_of(kSecurities, s); }
std::string_view to_string(Auth a) { return name_of(kAuths, a); }
std::string_view to_string(Severity s) { return name_of(kSeverities, s); }

void Finding::explain(const i18n::Text& text) {
  message = text.english;
  message_localized = i18n::localized_member(text);
}

void Finding::explain_further(const i18n::Text& text) {
  i18n::Text both = i18n::from_members(message, message_localized);
  both.append_sentence(text);
  explain(both);
}
std::string_view to_string(SourceStatus s) { return name_of(kStatuses, s); }
std::string_view to_string(Field f) { return name_of(kFields, f); }
std::string_view to_string(TcpOutcome t) { return name_of(kTcpOutcomes, t); }
std::optional<Protocol> parse_protocol(std::string_view s) { return value_of(kProtocols, s); }
std::optional<TcpOutcome> parse_tcp_outcome(std::string_view s) { return value_of(kTcpOutcomes, s); }
std::optional<Security> parse_security(std::string_view s) { return value_of(kSecurities, s); }
std::optional<Auth> parse_auth(std::string_view s) { return value_of(kAuths, s); }
std::optional<Severity> parse_severity(std::string_view s) { return value_of(kSeverities, s); }

const Origin& origin_of(const Endpoint& ep, Field field) {
  switch (field) {
    case Field::Host: return ep.host.origin;
    case Field::Port: return ep.port.origin;
    case Field::Security: return ep.security.origin;
    case Field::Auth: return ep.auth.origin;
    case Field::Username: return ep.username.origin;
  }
  return ep.host.origin;
}

std::string label_of(Protocol p) {
  switch (p) {
    case Protocol::Imap: return "IMAP";
    case Protocol::Pop3: return "POP3";
    case Protocol::Smtp: return "SMTP";
    case Protocol::Ews: return "EWS";
    case Protocol::Graph: return "Graph";
    case Protocol::Exchange: return "Exchange";
    case Protocol::Unknown: break;
  }
  return "unknown protocol";
}

std::string label_of(Security s) {
  switch (s) {
    case Security::None: return "no encryption";
    case Security::StartTls: return "STARTTLS";
    case Security::Tls: return "SSL/TLS";
    case Security::Unknown: break;
  }
  return "unknown security";
}

bool is_host_audited(Protocol p) { return p == Protocol::Imap || p == Protocol::Pop3 || p == Protocol::Smtp; }

int standard_port(Protocol p, Security s) {
  bool tls = s == Security::Tls;
  switch (p) {
    case Protocol::Imap: return tls ? 993 : 143;
    case Protocol::Pop3: return tls ? 995 : 110;
    case Protocol::Smtp: return tls ? 465 : 587;
    case Protocol::Ews:
    case Protocol::Graph:
    case Protocol::Exchange: return tls ? 443 : 80;
    case Protocol::Unknown: return 0;
  }
  return 0;
}

std::string make_account_id(std::string_view client, std::string_view source, std::string_view key) {
  std::string id(client);
  id += ':';
  id += source;
  id += '#';
  id += key;
  return id;
}

std::string field_value_text(const FieldValue& v) {
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return {};
}

std::string field_path(bool incoming, Field f) {
  return std::string(incoming ? "incoming." : "outgoing.") + std::string(to_string(f));
}

std::optional<std::pair<bool, Field>> parse_field_path(std::string_view path) {
  bool incoming;
  if (path.starts_with("incoming.")) {
    incoming = true;
    path.remove_prefix(9);
  } else if (path.starts_with("outgoing.")) {
    incoming = false;
    path.remove_prefix(9);
  } else {
    return std::nullopt;
  }
  auto f = value_of(kFields, path);
  if (!f) return std::nullopt;
  return std::pair{incoming, *f};
}

void ReadOutput::append(ReadOutput other) {
  for (auto& s : other.sources) sources.push_back(std::move(s));
  for (auto& a : other.accounts) accounts.push_back(std::move(a));
  for (auto& f : other.findings) findings.push_back(std::move(f));
}

util::Result<std::string> Adapter::render(const std::filesystem::path& file, std::string_view,
                                          const std::vector<Edit>&) const {
  return util::make_error(file.string() + ": fixing " + std::string(client()) + " files is not supported yet");
}

LockState Adapter::lock_state(const std::filesystem::path&) const { return {}; }

namespace {

std::set<std::string> stale_account_ids(const Report& r) {
  std::set<std::string> ids;
  for (const auto& ar : r.accounts) {
    if (ar.account.stale) ids.insert(ar.account.id);
  }
  return ids;
}

}  // namespace

const std::vector<RuleInfo>& Adapter::rule_catalogue() const {
  static const std::vector<RuleInfo> none;
  return none;
}

std::size_t Report::count(Severity s) const { return tally().of(s); }

std::size_t Report::uncounted() const { return tally().uncounted; }

FindingTally Report::tally() const {
  const auto stale = stale_account_ids(*this);
  FindingTally t;
  for (const auto& f : findings) {
    if (!f.account.empty() && !stale.empty() && stale.count(f.account)) {
      ++t.uncounted;
      continue;
    }
    ++(f.severity == Severity::Error ? t.errors : f.severity == Severity::Warning ? t.warnings : t.infos);
  }
  return t;
}

}  // namespace core
