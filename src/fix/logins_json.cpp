#include "fix/logins_json.hpp"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "util/json_limits.hpp"

namespace fix {
namespace {

struct Span {
  std::size_t begin = 0;  // the opening quote
  std::size_t end = 0;    // one past the closing quote
};

// One entry of the "logins" array: where its origin strings are, and their decoded values.
struct Entry {
  std::optional<Span> hostname, http_realm;
  std::optional<std::string> hostname_value, http_realm_value;
  bool hostname_seen = false, http_realm_seen = false;
};

// Walks a document that nlohmann::json has already accepted, so the grammar holds; bounds are
// still checked on every step.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  util::Result<std::vector<Entry>> logins() {
    skip_space();
    if (peek() != '{') return util::make_error("logins.json: the top level is not an object");
    bool found = false;
    std::vector<Entry> entries;
    auto walked = for_each_member([&](const std::string& key) -> util::Status {
      if (key != "logins") {
        skip_value();
        return {};
      }
      if (found) return util::make_error("logins.json: \"logins\" appears twice");
      found = true;
      auto read = entries_of_array();
      if (!read) return read.error();
      entries = std::move(read.value());
      return {};
    });
    if (!walked) return walked.error();
    if (!found) return util::make_error("logins.json: no \"logins\" array");
    return entries;
  }

 private:
  // Calls `on_member(key)` for each member of the object whose '{' is at the current position,
  // with the position on the member's value; on_member consumes the value. Stops at the first
  // error it returns; ends after the closing '}'.
  template <class OnMember>
  util::Status for_each_member(OnMember on_member) {
    ++pos_;  // the '{'
    while (true) {
      skip_space();
      if (peek() == '}' || pos_ >= s_.size()) break;
      const std::string key = decode(string_span());
      expect(':');
      skip_space();
      if (auto done = on_member(key); !done) return done;
      skip_space();
      if (peek() == ',') ++pos_;
    }
    ++pos_;
    return {};
  }

  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  void expect(char c) {
    skip_space();
    if (peek() == c) ++pos_;
  }

  Span string_span() {
    Span span{pos_, pos_};
    ++pos_;  // the opening quote
    while (pos_ < s_.size() && s_[pos_] != '"') pos_ += s_[pos_] == '\\' ? 2 : 1;
    pos_ = std::min(pos_ + 1, s_.size());
    span.end = pos_;
    return span;
  }

  std::string decode(Span span) const {
    const auto j = nlohmann::json::parse(s_.substr(span.begin, span.end - span.begin), nullptr, false);
    return j.is_string() ? j.get<std::string>() : std::string();
  }

  void skip_value() {
    skip_space();
    const char c = peek();
    if (c == '"') {
      string_span();
    } else if (c == '{' || c == '[') {
      std::size_t depth = 0;
      do {
        const char d = peek();
        if (d == '"') {
          string_span();
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') --depth;
        ++pos_;
      } while (depth > 0 && pos_ < s_.size());
    } else {
      while (pos_ < s_.size() && std::string_view(",}] \t\r\n").find(s_[pos_]) == std::string_view::npos) ++pos_;
    }
  }

  util::Result<std::vector<Entry>> entries_of_array() {
    if (peek() != '[') return util::make_error("logins.json: \"logins\" is not an array");
    ++pos_;
    std::vector<Entry> entries;
    while (true) {
      skip_space();
      if (peek() == ']' || pos_ >= s_.size()) break;
      auto entry = entry_object(entries.size());
      if (!entry) return entry.error();
      entries.push_back(std::move(entry.value()));
      skip_space();
      if (peek() == ',') ++pos_;
    }
    ++pos_;
    return entries;
  }

  util::Result<Entry> entry_object(std::size_t index) {
    const std::string where = "logins.json: login " + std::to_string(index + 1);
    if (peek() != '{') return util::make_error(where + " is not an object");
    Entry entry;
    auto walked = for_each_member([&](const std::string& key) -> util::Status {
      const bool is_hostname = key == "hostname";
      if (!is_hostname && key != "httpRealm") {
        skip_value();
        return {};
      }
      bool& seen = is_hostname ? entry.hostname_seen : entry.http_realm_seen;
      if (seen) return util::make_error(where + " names \"" + key + "\" twice");
      seen = true;
      if (peek() != '"') {
        skip_value();
        return {};
      }
      const Span span = string_span();
      (is_hostname ? entry.hostname : entry.http_realm) = span;
      (is_hostname ? entry.hostname_value : entry.http_realm_value) = decode(span);
      return {};
    });
    if (!walked) return walked.error();
    return entry;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool holds(const Entry& e, const std::string& origin) { return e.hostname_value == origin && e.http_realm_value == origin; }
bool names(const Entry& e, const std::string& origin) { return e.hostname_value == origin || e.http_realm_value == origin; }

// Why `move` must not run: another entry already under its target, or two moves from one origin.
std::string reason_not_to_move(const std::vector<Entry>& entries, const std::vector<OriginMove>& moves,
                               const OriginMove& move) {
  if (std::any_of(entries.begin(), entries.end(), [&](const Entry& e) { return names(e, move.to); })) {
    return "a login is already saved under " + move.to;
  }
  const auto same_source = std::count_if(moves.begin(), moves.end(), [&](const OriginMove& m) { return m.from == move.from; });
  if (same_source > 1) return "two fixes move " + move.from + " to different hosts";
  return {};
}

}  // namespace

util::Result<RekeyedLogins> rekey_logins_json(std::string_view bytes, const std::vector<OriginMove>& moves) {
  if (bytes.size() > kMaxLoginsJsonBytes) return util::make_error("logins.json: larger than 16 MiB");
  if (util::json_nests_deeper_than(bytes)) return util::make_error("logins.json: nested too deep");
  if (nlohmann::json::parse(bytes, nullptr, false).is_discarded()) return util::make_error("logins.json: not valid JSON");
  auto entries = Scanner(bytes).logins();
  if (!entries) return entries.error();

  struct Replacement {
    Span span;
    std::string text;
  };
  std::vector<Replacement> replacements;
  RekeyedLogins out;
  for (const auto& move : moves) {
    MoveOutcome outcome;
    const bool matched = std::any_of(entries->begin(), entries->end(), [&](const Entry& e) { return holds(e, move.from); });
    if (matched) outcome.not_moved = reason_not_to_move(*entries, moves, move);
    if (matched && outcome.not_moved.empty()) {
      const std::string text = nlohmann::json(move.to).dump();
      for (const auto& e : *entries) {
        if (!holds(e, move.from)) continue;
        replacements.push_back({*e.hostname, text});
        replacements.push_back({*e.http_realm, text});
        ++outcome.entries;
      }
    }
    out.outcomes.push_back(std::move(outcome));
  }
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.span.begin < b.span.begin; });
  std::size_t at = 0;
  for (const auto& r : replacements) {
    out.bytes.append(bytes.substr(at, r.span.begin - at));
    out.bytes += r.text;
    at = r.span.end;
  }
  out.bytes.append(bytes.substr(at));
  return out;
}

}  // namespace fix
