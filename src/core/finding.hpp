#pragma once
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "core/model.hpp"
#include "i18n/text.hpp"

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
  // `message` in the run's language (JSON `message_localized`, what the text report shows); empty
  // in an English run. `message` itself stays English whatever the language: the msgid with its
  // values filled in, one stable text per problem for fleets to count and search.
  std::string message_localized{};

  // Sets both from one explanation; only what the rules and adapters call.
  void explain(const i18n::Text& text);
  // Appends a sentence to both (a note a later step adds: "Not fixed automatically: ...").
  void explain_further(const i18n::Text& text);
  // The message in the run's language.
  const std::string& shown_message() const { return message_localized.empty() ? message : message_localized; }
};

}  // namespace core
