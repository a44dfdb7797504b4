// prefs.js: the tokenizer's byte ranges tile the input in order; rendering with no edits gives the
// same bytes; one value edit changes exactly that value token and no other pref.
#include <map>
#include <string>

#include "adapters/thunderbird/account_graph.hpp"
#include "adapters/thunderbird/pref_store.hpp"
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

std::vector<core::Account> accounts_of(const tb::PrefTokens& tokens) {
  tb::PrefStore store;
  std::vector<tb::DuplicatePref> duplicates;
  store.add_file("prefs.js", tb::PrefLayer::PrefsJs, tokens, duplicates);
  return tb::build_accounts(store, tb::GraphContext{"prefs.js", "fuzz"}).accounts;
}

// Every endpoint value read from another pref is unchanged (defaults may follow the edited pref,
// e.g. the default port follows socketType); a port read from `edited` is `port`.
void check_endpoint(const std::optional<core::Endpoint>& before, const std::optional<core::Endpoint>& after,
                    const std::string& edited, std::int64_t port) {
  check(before.has_value() == after.has_value());
  if (!before) return;
  auto same = [&](const auto& b, const auto& a) {
    check(b.origin.key == edited || b.origin.is_default || b.value == a.value);
  };
  same(before->host, after->host);
  same(before->security, after->security);
  same(before->auth, after->auth);
  same(before->username, after->username);
  // A stored port Thunderbird cannot use (0, negative) falls back to the default of the server's
  // socketType, with the origin still naming the stored pref: it may follow that server's prefs.
  const std::string& key = before->port.origin.key;
  auto server_of = [](const std::string& name) { return name.substr(0, name.rfind('.')); };
  if (key == edited && !before->port.origin.is_default) check(after->port.value == port);
  else if (server_of(key) != server_of(edited)) same(before->port, after->port);
}

void check_accounts(const tb::PrefTokens& before, const tb::PrefTokens& after, const std::string& edited,
                    std::int64_t port) {
  auto b = accounts_of(before);
  auto a = accounts_of(after);
  check(a.size() == b.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    check(a[i].id == b[i].id);
    check_endpoint(b[i].incoming, a[i].incoming, edited, port);
    check_endpoint(b[i].outgoing, a[i].outgoing, edited, port);
  }
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
  check_accounts(tokens, *again, st->name, port);
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
