#include "adapters/thunderbird/policies.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "util/file.hpp"
#include "util/json_limits.hpp"

namespace adapters::thunderbird {
namespace {

std::optional<PrefValue> pref_value(const nlohmann::json& v) {
  if (v.is_boolean()) return PrefValue{v.get<bool>()};
  if (v.is_string()) return PrefValue{v.get<std::string>()};
  if (v.is_number_integer()) {
    auto n = v.get<std::int64_t>();
    if (n < std::numeric_limits<std::int32_t>::min() || n > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
    return PrefValue{static_cast<std::int32_t>(n)};
  }
  return std::nullopt;
}

std::optional<PrefStore::PolicyStatus> status_of(const std::string& s) {
  if (s == "locked") return PrefStore::PolicyStatus::Locked;
  if (s == "default") return PrefStore::PolicyStatus::Default;
  if (s == "user") return PrefStore::PolicyStatus::User;
  if (s == "clear") return PrefStore::PolicyStatus::Clear;
  return std::nullopt;
}

}  // namespace

util::Result<std::vector<PolicyPref>> read_policy_prefs(const std::filesystem::path& file) {
  auto bytes = util::read_file(file, 4 * 1024 * 1024);
  if (!bytes) return bytes.error();
  if (util::json_nests_deeper_than(*bytes))
    return util::make_error(file.string() + ": JSON nested deeper than " + std::to_string(util::kMaxJsonDepth) +
                            " levels, refused");
  auto json = nlohmann::json::parse(*bytes, nullptr, false);
  if (json.is_discarded()) return util::make_error(file.string() + ": not valid JSON");
  std::vector<PolicyPref> out;
  if (!json.is_object() || !json.contains("policies") || !json["policies"].is_object()) return out;
  const auto& policies = json["policies"];
  if (!policies.contains("Preferences") || !policies["Preferences"].is_object()) return out;
  for (const auto& [name, spec] : policies["Preferences"].items()) {
    if (!name.starts_with("mail.") && !name.starts_with("mailnews.")) continue;
    PolicyPref p;
    p.name = name;
    std::optional<PrefValue> value;
    if (spec.is_object()) {
      // {"Value": v, "Status": "locked"|"default"|"user"|"clear"}; no Status means default.
      std::string status = spec.contains("Status") && spec["Status"].is_string() ? spec["Status"].get<std::string>()
                                                                                  : "default";
      auto st = status_of(status);
      if (!st) continue;
      p.status = *st;
      if (spec.contains("Value")) value = pref_value(spec["Value"]);
      if (!value && p.status != PrefStore::PolicyStatus::Clear) continue;
    } else {
      value = pref_value(spec);  // the older form: a bare value, which locks the pref
      if (!value) continue;
      p.status = PrefStore::PolicyStatus::Locked;
    }
    p.value = value.value_or(PrefValue{std::string{}});
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace adapters::thunderbird
