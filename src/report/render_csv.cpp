// CSV (RFC 4180) with fixed columns, one row per finding (README "Output formats").
#include "report/flat_finding.hpp"
#include "report/render.hpp"
#include "util/text.hpp"

namespace report {

std::string csv_cell(std::string_view value) {
  std::string text = util::valid_utf8(value);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

void write_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_cell(cells[i]);
  }
  out += "\r\n";
}

std::vector<std::string> row(const RunIdentity& run, const FlatFinding& flat) {
  const core::Finding& f = *flat.finding;
  return {run.host,
          run.machine_id,
          run.generated_at,
          run.tool_version,
          flat.client,
          flat.source,
          f.account,
          flat.email(),
          flat.provider_id(),
          f.rule,
          std::string(core::to_string(f.severity)),
          f.field,
          core::field_value_text(f.actual),
          core::field_value_text(f.expected),
          f.fixable ? "true" : "false",
          flat.counted ? "true" : "false",
          f.message,
          f.origin.file,
          f.origin.key,
          f.origin.line > 0 ? std::to_string(f.origin.line) : "",
          util::join(f.also, " ")};
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns{
      "host",     "machine_id", "generated_at", "tool_version", "client", "source",  "account",
      "email",    "provider",   "rule",         "severity",     "field",  "actual",  "expected",
      "fixable",  "counted",    "message",      "file",         "key",    "line",    "related_rules"};
  return columns;
}

std::string render_csv(const core::Report& report, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  write_row(out, csv_columns());
  const RunIdentity run = run_identity(report);
  for (const auto& flat : flatten_findings(report)) write_row(out, row(run, flat));
  return out;
}

}  // namespace report
