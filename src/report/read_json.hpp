#pragma once
// Reads a JSON audit report written by `mailmend audit --format json` (to_json) back into a
// core::Report, so that a report collected from another machine can drive `mailmend profile`.
#include <string>
#include <string_view>

#include "core/report.hpp"
#include "util/result.hpp"

namespace report {

// The inverse of to_json: to_json(report_from_json(to_json(r).dump())) == to_json(r).
// Value origins of accounts are not in the JSON and stay default; Account::read_only stays false.
// Members the schema may add later are ignored; tool and summary are derived and not read.
// Errors are one line naming `file` and the JSON place:
//   "r.json: accounts[3].incoming.port: not an integer"
//   "r.json:4:17: invalid JSON"
//   "r.json: not a mailmend audit report (schema \"...\")"
// Text larger than util::kDefaultMaxFileBytes or nested deeper than util::kMaxJsonDepth is refused.
util::Result<core::Report> report_from_json(std::string_view text, const std::string& file);

// Whether `text` is meant as a mailmend audit report: a JSON object whose "schema" is kSchemaId,
// or text that fails to parse but names kSchemaId or opens as render_json writes a report
// ({"accounts": [), i.e. a damaged or truncated report. report_from_json tells what is wrong.
bool looks_like_report(std::string_view text);

}  // namespace report
