#pragma once
// Renders a core::Report in each output format (README "Output formats"): text for people, JSON
// (schemas/report.schema.json), and the flat formats pipelines read: NDJSON, CSV, SARIF, JUnit.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/report.hpp"
#include "core/rule_info.hpp"

namespace report {

inline constexpr const char* kSchemaId = "https://mailmend.invalid/schemas/report-1.json";
// Where the README lives; rule help links point into it.
inline constexpr const char* kDocumentationUri = "https://mailmend.invalid/README.md";

nlohmann::json to_json(const core::Report& report);
std::string render_json(const core::Report& report);
// Grouped by account; ANSI colour only when `colour` (the CLI passes isatty(stdout)). The accounts'
// sections are written on up to `threads` threads; the text is the same whatever the number.
std::string render_text(const core::Report& report, bool colour, unsigned threads = 1);

// The one line a text report shows for a probed endpoint, e.g.
// "imap.example.net:993 · TLS 1.3 · certificate valid 63 days · AUTH PLAIN XOAUTH2".
std::string probe_summary_line(const core::ProbeResult& probe);

nlohmann::json field_value_json(const core::FieldValue& v);
// The report's "summary" member: accounts and counted findings per severity.
nlohmann::json summary_json(const core::Report& report);

// One "type":"run" line, then one line per finding; every line ends in "\n".
std::string render_ndjson(const core::Report& report);

// RFC 4180: a header row, then one row per finding, CRLF line ends, UTF-8 (a BOM first when `bom`).
std::string render_csv(const core::Report& report, bool bom);
// The CSV columns, in order.
const std::vector<std::string>& csv_columns();
// One CSV cell: quoted when it holds a comma, a quote or a line break; quotes doubled. Invalid
// UTF-8 becomes U+FFFD.
std::string csv_cell(std::string_view value);

// SARIF 2.1.0, one run. `rules` is the rule catalogue (tool.driver.rules); `homes` are the home
// folders audited: a file under one is named relative to it (originalUriBaseIds).
std::string render_sarif(const core::Report& report, const std::vector<core::RuleGroup>& rules,
                         const std::vector<std::filesystem::path>& homes);

// JUnit XML: a testsuite per source, a testcase per account and rule it was checked with (the
// shared rules and its client's), a <failure> per finding.
std::string render_junit(const core::Report& report, const std::vector<core::RuleGroup>& rules);

}  // namespace report
