// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it (README "Output formats").
#include <cctype>
#include <map>

#include "core/source.hpp"
#include "report/flat_finding.hpp"
#include "report/render.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace report {
namespace {

using nlohmann::json;

constexpr const char* kSarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kRootBase = "ROOT";  // file:/// for files under no home audited

std::string level(core::Severity s) {
  switch (s) {
    case core::Severity::Error: return "error";
    case core::Severity::Warning: return "warning";
    case core::Severity::Info: return "note";
  }
  return "none";
}

// GitHub's scale: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
std::string security_severity(core::Severity s) {
  switch (s) {
    case core::Severity::Error: return "7.0";
    case core::Severity::Warning: return "4.0";
    case core::Severity::Info: return "1.0";
  }
  return "0.0";
}

// RFC 3986 path: unreserved characters and "/" as they are (":" too in an absolute URI, for a
// Windows drive), a backslash as "/", every other byte as %XX.
std::string uri_path(std::string_view path, bool absolute = false) {
  std::string out;
  for (unsigned char c : path) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || (absolute && c == ':');
    if (unreserved) {
      out += static_cast<char>(c);
    } else if (c == '\\') {
      out += '/';
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string generic(const std::string& path) {
  std::string out = path;
  for (char& c : out) {
    if (c == '\\') c = '/';
  }
  return out;
}

// A home's symbol: HOME_<folder name> (letters, digits and "_"), numbered on a clash.
std::string home_symbol(const std::filesystem::path& home, const std::map<std::string, std::string>& taken) {
  std::string name = "HOME_";
  for (char c : home.filename().string()) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  std::string symbol = name;
  for (int n = 2; taken.count(symbol); ++n) symbol = name + "_" + std::to_string(n);
  return symbol;
}

// The uriBaseIds: one per home audited, and ROOT for the rest.
class UriBases {
 public:
  explicit UriBases(const std::vector<std::filesystem::path>& homes) {
    for (const auto& home : homes) {
      std::string prefix = generic(home.string());
      while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
      if (prefix.empty() || prefix == "/") continue;
      prefix += '/';
      const std::string symbol = home_symbol(std::filesystem::path(prefix.substr(0, prefix.size() - 1)), symbols_);
      symbols_.emplace(symbol, prefix);
    }
  }

  // (uriBaseId, uri relative to it) of an absolute file path.
  std::pair<std::string, std::string> locate(const std::string& file) const {
    const std::string path = generic(file);
    const std::pair<const std::string, std::string>* best = nullptr;
    for (const auto& entry : symbols_) {
      if (path.starts_with(entry.second) && (!best || entry.second.size() > best->second.size())) best = &entry;
    }
    if (best) return {best->first, uri_path(path.substr(best->second.size()))};
    std::size_t skip = 0;
    while (skip < path.size() && path[skip] == '/') ++skip;
    return {kRootBase, uri_path(path.substr(skip))};
  }

  json to_json() const {
    json out{{kRootBase, {{"uri", "file:///"}}}};
    for (const auto& [symbol, prefix] : symbols_) {
      const std::string rooted = prefix.starts_with("/") ? prefix : "/" + prefix;
      out[symbol] = {{"uri", "file://" + uri_path(rooted, true)}};
    }
    return out;
  }

 private:
  std::map<std::string, std::string> symbols_;  // symbol -> folder path ending in "/"
};

std::string help_uri(const core::RuleGroup& group) {
  return std::string(kDocumentationUri) + (group.client.empty() ? "#rules" : "#clients");
}

json rule_json(const core::RuleGroup& group, const core::RuleInfo& rule) {
  const std::string summary(rule.summary);
  const std::string scope = group.client.empty() ? "A shared rule, checked on every account"
                                                 : "A " + group.client + " rule, checked on " + group.client + " settings";
  const std::string full = summary + ". " + scope + "; usual severity " + std::string(core::to_string(rule.severity)) + ".";
  return json{{"id", rule.id},
              {"name", rule.id},
              {"shortDescription", {{"text", summary}}},
              {"fullDescription", {{"text", full}}},
              {"help", {{"text", full + " Each finding's message says what is wrong, why it matters and what to change; "
                                        "`mailmend fix` proposes the change when the finding is fixable. See " +
                                            help_uri(group) + "."}}},
              {"helpUri", help_uri(group)},
              {"defaultConfiguration", {{"level", level(rule.severity)}}},
              {"properties", {{"security-severity", security_severity(rule.severity)},
                              {"tags", {"mail", group.client.empty() ? "shared" : group.client}}}}};
}

// A registry value ("Key\\Path\\Value") or a database cell (in a .sqlite file) is a value; a
// pref or plist key is a property.
std::string logical_kind(const core::Origin& origin) {
  const bool registry = origin.key.find('\\') != std::string::npos;
  return registry || util::ends_with_icase(origin.file, ".sqlite") ? "value" : "property";
}

json location_json(const core::Finding& f, const FlatFinding& flat, const UriBases& bases) {
  json location = json::object();
  const std::string& file = f.origin.file.empty() ? flat.source : f.origin.file;
  const bool live_registry = core::is_live_registry_source(file);
  if (!file.empty() && !live_registry) {
    auto [base, uri] = bases.locate(file);
    json physical{{"artifactLocation", {{"uri", uri}, {"uriBaseId", base}}}};
    if (f.origin.line > 0) physical["region"] = {{"startLine", f.origin.line}};
    location["physicalLocation"] = std::move(physical);
  }
  if (!f.origin.key.empty()) {
    const std::string name = live_registry ? file + "\\" + f.origin.key : f.origin.key;
    location["logicalLocations"] = json::array({{{"fullyQualifiedName", name}, {"kind", logical_kind(f.origin)}}});
  }
  return location;
}

// Stable across runs and across copies of a home: the rule, the place relative to the home, the
// account's own key, the field and the setting; never the line (clients rewrite their files).
std::string fingerprint(const core::Finding& f, const FlatFinding& flat, const UriBases& bases) {
  const std::string& file = f.origin.file.empty() ? flat.source : f.origin.file;
  auto [base, uri] = core::is_live_registry_source(file) ? std::pair<std::string, std::string>{file, ""} : bases.locate(file);
  std::vector<std::string> parts{f.rule, flat.client, base, uri, flat.account ? flat.account->account.key : "",
                                 f.field, f.origin.key};
  if (f.field.empty() && f.origin.key.empty()) parts.push_back(f.message);
  return util::sha256_hex(util::join(parts, "\n")).substr(0, 32);
}

// `lang`: the report's language when not English; each result then also carries its message in it
// (SARIF's own `message.text` stays English: the run's `language` is "en").
json result_json(const FlatFinding& flat, const std::map<std::string, std::size_t>& rule_index, const UriBases& bases,
                 const std::string& lang) {
  const core::Finding& f = *flat.finding;
  json r{{"ruleId", f.rule},
         {"level", level(f.severity)},
         {"message", {{"text", util::valid_utf8(f.message)}}},
         {"partialFingerprints", {{"mailmendFinding/v1", fingerprint(f, flat, bases)}}},
         {"properties", {{"client", flat.client},
                         {"account", f.account},
                         {"email", flat.email()},
                         {"provider", flat.provider_id()},
                         {"field", f.field},
                         {"actual", field_value_json(f.actual)},
                         {"expected", field_value_json(f.expected)},
                         {"fixable", f.fixable},
                         {"counted", flat.counted},
                         {"relatedRules", f.also}}}};
  if (!lang.empty()) r["properties"]["messageLocalized"] = util::valid_utf8(f.shown_message());
  if (auto it = rule_index.find(f.rule); it != rule_index.end()) r["ruleIndex"] = it->second;
  json location = location_json(f, flat, bases);
  if (!location.empty()) r["locations"] = json::array({std::move(location)});
  return r;
}

// "status: path: note", valid UTF-8.
std::string notification_text(const core::Source& s, const std::string& note) {
  return util::valid_utf8(std::string(core::to_string(s.status)) + ": " + s.path + (note.empty() ? "" : ": " + note));
}

// Sources that could not be read as they are: tool notifications, beside the results. `lang` as for
// results: the line with the source's note in the report's language too, in properties.
json notifications_json(const core::Report& report, const std::string& lang) {
  json out = json::array();
  for (const auto& s : report.sources) {
    if (s.status == core::SourceStatus::Ok || s.status == core::SourceStatus::Locked) continue;
    const bool failed = s.status == core::SourceStatus::Error || s.status == core::SourceStatus::Damaged;
    json n{{"level", failed ? "error" : "note"},
           {"message", {{"text", notification_text(s, s.message)}}},
           {"properties", {{"client", s.client}, {"source", s.path}, {"status", core::to_string(s.status)}}}};
    if (!lang.empty()) n["properties"]["messageLocalized"] = notification_text(s, s.shown_message());
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

std::string render_sarif(const core::Report& report, const std::vector<core::RuleGroup>& rules,
                         const std::vector<std::filesystem::path>& homes) {
  json driver_rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& group : rules) {
    for (const auto& rule : group.rules) {
      if (!rule_index.emplace(std::string(rule.id), driver_rules.size()).second) continue;
      driver_rules.push_back(rule_json(group, rule));
    }
  }
  const UriBases bases(homes);
  const RunIdentity id = run_identity(report);
  json results = json::array();
  for (const auto& flat : flatten_findings(report)) results.push_back(result_json(flat, rule_index, bases, id.lang));
  json machine_id = id.machine_id.empty() ? json(nullptr) : json(id.machine_id);
  json invocation{{"executionSuccessful", true},
                  {"endTimeUtc", id.generated_at},
                  {"machine", id.host},
                  {"toolExecutionNotifications", notifications_json(report, id.lang)},
                  {"properties", {{"machineId", machine_id}}}};
  json run{{"tool", {{"driver", {{"name", "mailmend"},
                                 {"version", id.tool_version},
                                 {"semanticVersion", id.tool_version},
                                 {"informationUri", kDocumentationUri},
                                 {"rules", std::move(driver_rules)}}}}},
           {"automationDetails", {{"id", "mailmend/" + id.host + "/"}}},
           {"originalUriBaseIds", bases.to_json()},
           {"invocations", json::array({std::move(invocation)})},
           {"results", std::move(results)},
           {"properties", {{"host", id.host}, {"machineId", machine_id}, {"generatedAt", id.generated_at}}}};
  if (!id.lang.empty()) run["properties"]["lang"] = id.lang;
  json sarif{{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", json::array({std::move(run)})}};
  return sarif.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace report
