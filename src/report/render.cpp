#include "report/render.hpp"

namespace report {

std::string render_json(const core::Report&) { return "{}\n"; }
std::string render_text(const core::Report&, bool) { return ""; }

}  // namespace report
