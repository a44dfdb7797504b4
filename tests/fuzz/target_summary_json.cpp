// The fleet summary's JSON reader (report::scan::scan_value), checked against nlohmann::json as an
// independent reader: what nlohmann accepts as one value the scanner reads whole (or refuses as too
// deep), a value's end lies inside the input, every cut of it reads as "more may follow" (and as
// invalid when nothing follows), and a report's host, machine id, time and number of findings (objects) (when
// each key appears once at the top) are the values nlohmann decodes.
#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>
#include <string>

#include "fuzz/targets.hpp"
#include "report/summary_scan.hpp"

namespace fuzz {
namespace detail_summary_json {

using report::scan::Outcome;

// Top-level keys as nlohmann sees them: how often each appears.
std::map<std::string, int> top_keys(std::string_view text) {
  std::map<std::string, int> keys;
  nlohmann::json::parser_callback_t count = [&keys](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1) ++keys[parsed.get<std::string>()];
    return true;
  };
  const nlohmann::json parsed = nlohmann::json::parse(text, count, false);
  (void)parsed;
  return keys;
}

void check_text_member(const nlohmann::json& j, const std::map<std::string, int>& keys, const char* key,
                       const std::string& scanned) {
  auto it = keys.find(key);
  if (it == keys.end() || it->second != 1 || !j.at(key).is_string()) return;
  check(scanned == j.at(key).get<std::string>());
}

}  // namespace detail_summary_json

int summary_json(const uint8_t* data, size_t size) {
  using namespace detail_summary_json;
  if (size > kMaxFuzzInput) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  report::scan::Digest d;
  const auto whole = report::scan::scan_value(text, 0, true, d);
  check(whole.outcome != Outcome::NeedMore);  // nothing more follows
  check(whole.end <= size);

  // nlohmann ends its input at a NUL byte (it accepts "1\0junk"): it judges only text without one.
  const bool judged = text.find('\0') == std::string_view::npos;
  const nlohmann::json j = judged ? nlohmann::json::parse(text, nullptr, false) : nlohmann::json(nlohmann::json::value_t::discarded);
  if (!j.is_discarded()) {
    check(whole.outcome == Outcome::Value || whole.outcome == Outcome::TooDeep);
    if (whole.outcome == Outcome::Value) {
      check(text.find_first_not_of(" \t\r\n", whole.end) == std::string_view::npos);
      if (j.is_object()) {
        const auto keys = top_keys(text);
        check_text_member(j, keys, "machine_id", d.machine_id);
        check_text_member(j, keys, "generated_at", d.generated_at);
        if (!keys.contains("@timestamp")) check_text_member(j, keys, "host", d.host);
        const bool plain_report = !keys.contains("type") && !keys.contains("rule") && !keys.contains("mailmend");
        if (plain_report && keys.contains("findings") && keys.at("findings") == 1 && j.at("findings").is_array()) {
          check(d.kind == report::scan::Kind::Report);
          // A finding that is not an object is no finding: the reader passes over it.
          const auto& findings = j.at("findings");
          check(d.findings.size() == static_cast<std::size_t>(std::count_if(
                                         findings.begin(), findings.end(), [](const nlohmann::json& f) { return f.is_object(); })));
        }
      }
    }
  }
  if (whole.outcome != Outcome::Value) return 0;
  check(whole.end > 0);
  // A value cut short: more may follow (or, at the end of the input, it is invalid). A number
  // alone is left out: its cut is a shorter number.
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (text[first] == '-' || (text[first] >= '0' && text[first] <= '9')) return 0;
  for (const std::size_t cut : {whole.end - 1, whole.end / 2}) {
    const std::string_view part = text.substr(0, cut);
    if (part.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
    report::scan::Digest ignored;
    check(report::scan::scan_value(part, 0, false, ignored).outcome == Outcome::NeedMore);
    report::scan::Digest ignored_final;
    check(report::scan::scan_value(part, 0, true, ignored_final).outcome == Outcome::Invalid);
  }
  return 0;
}

}  // namespace fuzz
