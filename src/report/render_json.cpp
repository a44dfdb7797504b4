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

json finding_json(const core::Finding& f) {
  return json{{"rule", f.rule},
              {"severity", core::to_string(f.severity)},
              {"account", f.account.empty() ? json(nullptr) : json(f.account)},
              {"field", f.field.empty() ? json(nullptr) : json(f.field)},
              {"actual", field_value_json(f.actual)},
              {"expected", field_value_json(f.expected)},
              {"message", f.message},
              {"fixable", f.fixable},
              {"related_rules", f.also},
              {"origin", f.origin.file.empty() ? json(nullptr) : origin_json(f.origin)}};
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
  for (const auto& s : report.sources) {
    sources.push_back(
        {{"client", s.client}, {"path", s.path}, {"status", core::to_string(s.status)}, {"message", s.message}});
  }
  json accounts = json::array();
  for (const auto& a : report.accounts) accounts.push_back(account_json(a));
  json findings = json::array();
  for (const auto& f : report.findings) findings.push_back(finding_json(f));
  return json{{"schema", kSchemaId},
              {"tool", {{"name", "mailmend"}, {"version", MAILMEND_VERSION}}},
              {"host", report.host},
              {"machine_id", report.machine_id.empty() ? json(nullptr) : json(report.machine_id)},
              {"generated_at", report.generated_at},
              {"sources", std::move(sources)},
              {"accounts", std::move(accounts)},
              {"findings", std::move(findings)},
              {"summary", summary_json(report)}};
}

json summary_json(const core::Report& report) {
  return json{{"accounts", report.accounts.size()},
              {"errors", report.count(core::Severity::Error)},
              {"warnings", report.count(core::Severity::Warning)},
              {"infos", report.count(core::Severity::Info)},
              {"not_counted", report.uncounted()}};
}

std::string render_json(const core::Report& report) {
  // Invalid UTF-8 in a user's file must not abort the report: replace it.
  return to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace report
