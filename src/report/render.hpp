#pragma once
#include <string>

#include "core/report.hpp"

namespace report {

inline constexpr const char* kSchemaId = "https://mailmend.invalid/schemas/report-1.json";

std::string render_json(const core::Report& report);
std::string render_text(const core::Report& report, bool colour);

}  // namespace report
