#pragma once
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "core/model.hpp"

namespace core {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

// One problem found in one account (or, with an empty account, in a source file).
struct Finding {
  std::string rule;  // stable id, e.g. "port-security-mismatch"
  Severity severity = Severity::Warning;
  std::string account;  // Account::id; empty for a problem of the source itself
  std::string field;    // e.g. "incoming.port"; empty when not about one field
  FieldValue actual;
  FieldValue expected;
  std::string message;  // plain words: what is wrong, why it matters, what to change
  bool fixable = false;  // one unambiguous expected value that the fix engine may apply
  Origin origin;         // where `actual` came from
  // Other rules that found the same problem (same account, field and value) and were merged into
  // this one (rules::merge_related): evidence, so that one problem is one finding and one change.
  std::vector<std::string> also{};
  // The probe (core::ProbeResult::id) whose observation this is; empty for findings of the settings.
  std::string probe{};
};

}  // namespace core
