// --format and -o/--output: which formats go where (README "Output formats").
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "i18n/text.hpp"
#include "util/contains.hpp"
#include "util/system.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

OutputTarget parse_target(const std::string& value, const std::string& default_format) {
  const auto eq = value.find('=');
  if (eq != std::string::npos && util::contains(all_output_formats(), value.substr(0, eq))) {
    return {value.substr(0, eq), value.substr(eq + 1)};
  }
  return {default_format, value};
}

}  // namespace

std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

const std::vector<std::string>& all_output_formats() {
  static const std::vector<std::string> formats{"text", "json", "ndjson", "csv", "sarif", "junit", "sqlite"};
  return formats;
}

void add_output_options(CLI::App& cmd, OutputArgs& a, const std::vector<std::string>& formats) {
  cmd.add_option("--format", a.format, "The format of standard output and of -o FILE without FORMAT=")->check(CLI::IsMember(formats))->capture_default_str();
  add_repeatable_option(cmd, "-o,--output", a.outputs,
                        "FILE or FORMAT=FILE (repeatable: several formats in one run): write to FILE atomically instead "
                        "of standard output; - is standard output; FILE alone is in --format")
      ->type_name("[FORMAT=]FILE");
  cmd.add_flag("--no-color,--no-colour", a.no_colour, "No ANSI colour even on a terminal");
}

std::vector<OutputTarget> output_targets(const OutputArgs& a, const std::vector<std::string>& formats) {
  std::vector<OutputTarget> targets;
  for (const auto& value : a.outputs) targets.push_back(parse_target(value, a.format));
  if (targets.empty()) targets.push_back({a.format, "-"});
  std::map<std::string, std::string> seen;  // file -> its format
  for (auto& t : targets) {
    if (t.file.empty()) t.file = "-";
    if (!util::contains(formats, t.format)) {
      const std::vector<i18n::Text> written(formats.begin(), formats.end());
      usage_error(i18n::msg("--output {1}={2}: this command writes {3}, not {1}",
                            {t.format, util::printable(t.file), i18n::join_list(written)}));
    }
    // A database is a file osquery and sqlite3 open, not a stream: never standard output.
    if (t.format == "sqlite" && t.file == "-") {
      usage_error(i18n::msg("--output sqlite: a SQLite database is written to a file (--output sqlite=PATH), never to "
                            "standard output"));
    }
    if (!seen.emplace(t.file, t.format).second) {
      usage_error(t.file == "-" ? i18n::msg("--output: only one output may go to standard output (-)")
                                : i18n::msg("--output: the file {1} is named twice", {util::printable(t.file)}));
    }
  }
  return targets;
}

void write_outputs(const std::vector<OutputTarget>& targets, const Renderer& render) {
  std::map<std::pair<std::string, bool>, std::string> rendered;
  for (const auto& t : targets) {
    const bool to_stdout = output_is_stdout(t.file);
    auto key = std::make_pair(t.format, to_stdout);
    if (!rendered.count(key)) rendered.emplace(key, render(t.format, to_stdout));
  }
  for (const auto& t : targets) write_output(t.file, rendered.at({t.format, output_is_stdout(t.file)}));
}

void emit(const OutputArgs& a, const std::string& text) {
  write_outputs(output_targets(a, {a.format}), [&](const std::string&, bool) { return text; });
}

bool colour_allowed(const OutputArgs& a) { return !a.no_colour && util::stdout_is_terminal() && !std::getenv("NO_COLOR"); }

}  // namespace cli
