#pragma once
// Renders a core::Report as text for people or as JSON for machines (schemas/report.schema.json).
#include <string>

#include <nlohmann/json.hpp>

#include "core/report.hpp"

namespace report {

inline constexpr const char* kSchemaId = "https://mailmend.invalid/schemas/report-1.json";

nlohmann::json to_json(const core::Report& report);
std::string render_json(const core::Report& report);
// Grouped by account; ANSI colour only when `colour` (the CLI passes isatty(stdout)).
std::string render_text(const core::Report& report, bool colour);

// The one line a text report shows for a probed endpoint, e.g.
// "imap.example.net:993 · TLS 1.3 · certificate valid 63 days · AUTH PLAIN XOAUTH2".
std::string probe_summary_line(const core::ProbeResult& probe);

nlohmann::json field_value_json(const core::FieldValue& v);

}  // namespace report
