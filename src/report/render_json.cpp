#include <nlohmann/json.hpp>

#include "report/render.hpp"

namespace report {
namespace {

using nlohmann::json;

json endpoint_json(const std::optional<core::Endpoint>& ep) {
  if (!ep) return nullptr;
  return json{{"protocol", core::to_string(ep->protocol)},
              {"host", ep->host.value},
              {"port", ep->port.value},
              {"security", core::to_string(ep->security.value)},
              {"auth", core::to_string(ep->auth.value)},
              {"username", ep->username.value}};
}

json provider_json(const std::optional<core::ProviderRef>& p) {
  if (!p) return nullptr;
  return json{{"id", p->id}, {"name", p->name}, {"matched_by", p->matched_by}, {"matched_on", p->matched_on}};
}

json origin_json(const core::Origin& o) {
  json j{{"file", o.file}, {"key", o.key}, {"default", o.is_default}};
  j["line"] = o.line > 0 ? json(o.line) : json(nullptr);
  return j;
}

json account_json(const core::AccountReport& ar) {
  const auto& a = ar.account;
  return json{{"id", a.id},
              {"client", a.client},
              {"source", a.source},
              {"key", a.key},
              {"profile", a.profile},
              {"name", a.name},
              {"email", a.email},
              {"managed", a.managed},
              {"stale", a.stale},
              {"incoming", endpoint_json(a.incoming)},
              {"outgoing", endpoint_json(a.outgoing)},
              {"provider", provider_json(ar.provider)}};
}

// `localized`: the report speaks another language than English (Report::lang), so every finding
// carries its message in it too, the English text where no translation exists.
json finding_json(const core::Finding& f, bool localized) {
  json j{{"rule", f.rule},
              {"severity", core::to_string(f.severity)},
              {"account", f.account.empty() ? json(nullptr) : json(f.account)},
              {"field", f.field.empty() ? json(nullptr) : json(f.field)},
              {"actual", field_value_json(f.actual)},
              {"expected", field_value_json(f.expected)},
              {"message", f.message},
              {"fixable", f.fixable},
              {"related_rules", f.also},
              {"origin", f.origin.file.empty() ? json(nullptr) : origin_json(f.origin)}};
  if (localized) j["message_localized"] = f.shown_message();
  if (!f.probe.empty()) j["probe"] = f.probe;
  return j;
}

// `localized`: as for findings, every source carries its note in the report's language too.
json source_json(const core::Source& s, bool localized) {
  json j{{"client", s.client}, {"path", s.path}, {"status", core::to_string(s.status)}, {"message", s.message}};
  if (localized) j["message_localized"] = s.shown_message();
  return j;
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

template <class T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json probe_address_json(const core::ProbeAddress& a) {
  return json{{"address", a.address}, {"family", a.family}, {"tcp", core::to_string(a.tcp)},
              {"connect_ms", optional_json(a.connect_ms)}};
}

json probe_certificate_json(const std::optional<core::ProbeCertificate>& c) {
  if (!c) return nullptr;
  return json{{"subject", c->subject},       {"issuer", c->issuer},
              {"san", c->san},               {"not_before", c->not_before},
              {"not_after", c->not_after},   {"days_left", c->days_left},
              {"sha256", c->sha256},         {"chain_trusted", c->chain_trusted},
              {"hostname_match", c->hostname_match}, {"expired", c->expired},
              {"not_yet_valid", c->not_yet_valid},   {"error", text_or_null(c->error)},
              {"chain", c->chain}};
}

json probe_json(const core::ProbeResult& p) {
  json addresses = json::array();
  for (const auto& a : p.addresses) addresses.push_back(probe_address_json(a));
  json logins = json::array();
  for (const auto& l : p.logins) logins.push_back({{"account", l.account}, {"ok", l.ok}, {"code", l.code}, {"text", l.text}});
  json tls = p.tls ? json{{"version", p.tls->version}, {"cipher", p.tls->cipher}, {"sni", p.tls->sni}} : json(nullptr);
  return json{{"id", p.id},
              {"host", p.target.host},
              {"port", p.target.port},
              {"protocol", core::to_string(p.target.protocol)},
              {"configured_security", core::to_string(p.target.security)},
              {"accounts", p.target.accounts},
              {"addresses", std::move(addresses)},
              {"proxy", text_or_null(p.target.proxy)},
              {"via_proxy", p.via_proxy},
              {"dns_error", text_or_null(p.dns_error)},
              {"observed_security", core::to_string(p.observed_security)},
              {"silent", p.silent},
              {"tls_error", text_or_null(p.tls_error)},
              {"tls", std::move(tls)},
              {"certificate", probe_certificate_json(p.certificate)},
              {"greeting", p.greeting},
              {"capabilities_before_tls", p.capabilities_before_tls},
              {"capabilities_after_tls", p.capabilities_after_tls},
              {"auth_mechanisms", p.auth_mechanisms},
              {"starttls_offered", p.starttls_offered},
              {"starttls_injection", p.starttls_injection},
              {"login_disabled", p.login_disabled},
              {"plaintext_refusal", text_or_null(p.plaintext_refusal)},
              {"smtp_max_size", optional_json(p.smtp_max_size)},
              {"timings",
               {{"resolve_ms", optional_json(p.timings.resolve_ms)},
                {"connect_ms", optional_json(p.timings.connect_ms)},
                {"tls_ms", optional_json(p.timings.tls_ms)},
                {"total_ms", p.timings.total_ms}}},
              {"error", text_or_null(p.error)},
              {"logins", std::move(logins)}};
}

}  // namespace

json field_value_json(const core::FieldValue& v) {
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto b = std::get_if<bool>(&v)) return *b;
  return nullptr;
}

json to_json(const core::Report& report) {
  json sources = json::array();
  for (const auto& s : report.sources) sources.push_back(source_json(s, !report.lang.empty()));
  json accounts = json::array();
  for (const auto& a : report.accounts) accounts.push_back(account_json(a));
  json findings = json::array();
  for (const auto& f : report.findings) findings.push_back(finding_json(f, !report.lang.empty()));
  json j{{"schema", kSchemaId},
              {"tool", {{"name", "mailmend"}, {"version", MAILMEND_VERSION}}},
              {"host", report.host},
              {"machine_id", report.machine_id.empty() ? json(nullptr) : json(report.machine_id)},
              {"generated_at", report.generated_at},
              {"sources", std::move(sources)},
              {"accounts", std::move(accounts)},
              {"findings", std::move(findings)},
              {"summary", summary_json(report)}};
  // Only a report in another language than English has these: English reports stay as they were.
  if (!report.lang.empty()) j["lang"] = report.lang;
  // Only a report of a probe run has the member: audit reports stay as they were.
  if (report.probes) {
    json probes = json::array();
    for (const auto& p : *report.probes) probes.push_back(probe_json(p));
    j["probes"] = std::move(probes);
  }
  return j;
}

json summary_json(const core::Report& report) {
  const core::FindingTally tally = report.tally();
  return json{{"accounts", report.accounts.size()},
              {"errors", tally.errors},
              {"warnings", tally.warnings},
              {"infos", tally.infos},
              {"not_counted", tally.uncounted}};
}

std::string render_json(const core::Report& report) {
  // Invalid UTF-8 in a user's file must not abort the report: replace it.
  return to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace report
