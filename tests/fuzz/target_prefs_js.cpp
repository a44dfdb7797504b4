// prefs.js: the tokenizer's byte ranges tile the input in order; rendering with no edits gives the
// same bytes; one value edit changes exactly that value token and no other pref.
#include <map>
#include <string>

#include "adapters/thunderbird/pref_writer.hpp"
#include "adapters/thunderbird/prefs_tokenizer.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {
namespace detail_prefs_js {

namespace tb = adapters::thunderbird;

void check_ranges(const tb::PrefTokens& tokens, std::size_t size) {
  std::size_t cursor = 0;
  int line = 1;
  for (const auto& st : tokens.statements) {
    check(st.range.begin >= cursor && st.range.begin < st.range.end && st.range.end <= size);
    check(st.value_range.begin >= st.range.begin && st.value_range.begin < st.value_range.end &&
          st.value_range.end <= st.range.end);
    check(st.line >= line && st.value_line >= st.line);
    cursor = st.range.end;
    line = st.line;
  }
}

std::map<std::string, tb::PrefValue> winners(const tb::PrefTokens& tokens) {
  std::map<std::string, tb::PrefValue> out;
  for (const auto& st : tokens.statements) out[st.name] = st.value;
  return out;
}

// The last winning int pref that the writer may change (not a server type, not the legacy
// isSecure bool that it rewrites as socketType).
const tb::PrefStatement* editable_int(const tb::PrefTokens& tokens) {
  std::map<std::string, const tb::PrefStatement*> last;
  for (const auto& st : tokens.statements) last[st.name] = &st;
  const tb::PrefStatement* pick = nullptr;
  for (const auto& [name, st] : last) {
    if (!std::holds_alternative<std::int32_t>(st->value) || name.empty() || name.ends_with(".type") ||
        name.ends_with(".isSecure"))
      continue;
    if (!pick || st->range.begin > pick->range.begin) pick = st;
  }
  return pick;
}

void check_one_edit(std::string_view bytes, const tb::PrefTokens& tokens) {
  const tb::PrefStatement* st = editable_int(tokens);
  if (!st) return;
  std::int32_t old_value = std::get<std::int32_t>(st->value);
  std::int64_t port = old_value == 4321 ? 4322 : 4321;
  core::Edit edit{"fuzz", "incoming.port", core::Origin{"prefs.js", st->name, st->line, false}, port};
  auto rendered = tb::render_prefs("prefs.js", bytes, {edit});
  if (!rendered) return;  // a refusal is an answer; only a wrong success is a bug
  std::string expected = std::string(bytes.substr(0, st->value_range.begin)) + std::to_string(port) +
                         std::string(bytes.substr(st->value_range.end));
  check(*rendered == expected);
  auto again = tb::tokenize_prefs(*rendered, "prefs.js");
  check(again.ok() && again->errors.size() == tokens.errors.size());
  auto before = winners(tokens);
  auto after = winners(*again);
  before[st->name] = static_cast<std::int32_t>(port);
  check(before == after);
}

}  // namespace detail_prefs_js

int prefs_js(const uint8_t* data, size_t size) {
  using namespace detail_prefs_js;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (auto kind : {tb::PrefFileKind::User, tb::PrefFileKind::Default}) {
    auto tokens = tb::tokenize_prefs(bytes, "prefs.js", kind);
    check(tokens.ok());
    check_ranges(*tokens, size);
  }
  auto tokens = tb::tokenize_prefs(bytes, "prefs.js");
  auto unchanged = tb::render_prefs("prefs.js", bytes, {});
  check(unchanged.ok() && *unchanged == bytes);
  check_one_edit(bytes, *tokens);
  return 0;
}

}  // namespace fuzz
