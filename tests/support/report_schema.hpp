#pragma once
// Validating a JSON report against schemas/report.schema.json with scripts/validate-json (the build
// machine's python3 and python3-jsonschema), for the tests that run the real binary.
#include <doctest/doctest.h>

#include <string>

#include "support/testutil.hpp"

namespace testutil {

// The exit code of scripts/validate-json over `json_file`: 0 when the report is valid.
inline int report_schema_errors(const std::string& json_file) {
  auto r = run_program({"/usr/bin/python3", (source_dir() / "scripts/validate-json").string(),
                        (source_dir() / "schemas/report.schema.json").string(), json_file});
  INFO(r.out << r.err);
  return r.exit_code;
}

// The report in `json_file` validates against the schema (a check left out, with a message, where
// the build machine's python3 cannot run: host_tools_available).
inline void check_report_schema(const std::string& json_file) {
  if (!host_tools_available()) {
    MESSAGE(host_tool_skipped("python3 scripts/validate-json"));
    return;
  }
  CHECK(report_schema_errors(json_file) == 0);
}

}  // namespace testutil
