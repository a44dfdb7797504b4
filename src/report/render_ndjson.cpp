// NDJSON: one line per finding and one "type":"run" line, each complete on its own, with Elastic
// Common Schema names where ECS has one (README "Output formats" has the mapping).
#include "report/flat_finding.hpp"
#include "report/render.hpp"

namespace report {
namespace {

using nlohmann::json;

int ecs_severity(core::Severity s) {
  switch (s) {
    case core::Severity::Error: return 3;
    case core::Severity::Warning: return 2;
    case core::Severity::Info: return 1;
  }
  return 0;
}

// The members every line carries: when, which machine, which tool, what kind of event.
json record(const RunIdentity& run, const char* type) {
  json r{{"@timestamp", run.generated_at},
         {"type", type},
         {"event", {{"kind", "state"}, {"category", {"configuration"}}, {"type", {"info"}},
                    {"module", "mailmend"}, {"dataset", std::string("mailmend.") + type}}},
         {"host", {{"name", run.host}, {"id", run.machine_id.empty() ? json(nullptr) : json(run.machine_id)}}},
         {"agent", {{"type", "mailmend"}, {"version", run.tool_version}}}};
  // A run in another language names it on every line (English runs stay as they were).
  if (!run.lang.empty()) r["lang"] = run.lang;
  return r;
}

json origin_or_null(const core::Origin& o) {
  if (o.file.empty()) return nullptr;
  return json{{"file", o.file}, {"key", o.key}, {"line", o.line > 0 ? json(o.line) : json(nullptr)}, {"default", o.is_default}};
}

json finding_record(const RunIdentity& run, const FlatFinding& flat) {
  const core::Finding& f = *flat.finding;
  json r = record(run, "finding");
  r["event"]["severity"] = ecs_severity(f.severity);
  r["rule"] = {{"id", f.rule}};
  r["message"] = f.message;
  if (!run.lang.empty()) r["message_localized"] = f.shown_message();
  auto nullable = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  r["mailmend"] = {{"severity", core::to_string(f.severity)},
                   {"client", nullable(flat.client)},
                   {"source", nullable(flat.source)},
                   {"account", nullable(f.account)},
                   {"email", nullable(flat.email())},
                   {"provider", nullable(flat.provider_id())},
                   {"field", nullable(f.field)},
                   {"actual", field_value_json(f.actual)},
                   {"expected", field_value_json(f.expected)},
                   {"fixable", f.fixable},
                   {"counted", flat.counted},
                   {"related_rules", f.also},
                   {"origin", origin_or_null(f.origin)}};
  return r;
}

json run_record(const RunIdentity& run, const core::Report& report) {
  json r = record(run, "run");
  json sources = json::array();
  for (const auto& s : report.sources) {
    sources.push_back({{"client", s.client}, {"path", s.path}, {"status", core::to_string(s.status)}, {"message", s.message}});
    if (!run.lang.empty()) sources.back()["message_localized"] = s.shown_message();
  }
  r["mailmend"] = {{"sources", std::move(sources)}, {"summary", summary_json(report)}};
  return r;
}

std::string line(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

}  // namespace

std::string render_ndjson(const core::Report& report) {
  const RunIdentity run = run_identity(report);
  std::string out = line(run_record(run, report));
  for (const auto& flat : flatten_findings(report)) out += line(finding_record(run, flat));
  return out;
}

}  // namespace report
