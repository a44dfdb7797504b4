#include "report/summary.hpp"
namespace report {
std::string render_summary_html(const FleetSummary&, const std::vector<core::RuleGroup>&) { return "<!doctype html>\n"; }
}
