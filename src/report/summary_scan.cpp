#include "report/summary_scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "util/json_limits.hpp"
#include "util/text.hpp"

namespace report::scan {
namespace {

// Thrown inside the scanner only; scan_value turns it into an Outcome.
struct Stop {
  Outcome outcome;
  const char* at;
};

constexpr std::array<bool, 256> plain_string_bytes() {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 256; ++c) t[c] = c != '"' && c != '\\';
  return t;
}
constexpr std::array<bool, 256> kPlain = plain_string_bytes();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t load8(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// The first byte in [p, end) that ends a run of plain string bytes ('"', '\\' or a control
// character), else end. Eight bytes at a time where the machine is little-endian (each test flags
// bytes with their high bit; the lowest flagged byte is always a true one), then byte by byte.
const char* end_of_plain(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
    const auto zero_bytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    while (end - p >= 8) {
      const std::uint64_t x = load8(p);
      const std::uint64_t stop = zero_bytes(x ^ (kOnes * '"')) | zero_bytes(x ^ (kOnes * '\\')) |
                                 ((x - kOnes * 0x20) & ~x & kHighs);  // bytes below 0x20
      if (stop != 0) return p + std::countr_zero(stop) / 8;
      p += 8;
    }
  }
  while (p < end && kPlain[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t pos, bool final)
      : p_(text.data() + pos), end_(text.data() + text.size()), final_(final) {}

  const char* position() const { return p_; }

  void top(Digest& d) {
    if (peek() != '{') return skip();
    std::string type;
    bool has_findings = false;
    object([&](std::string_view key) {
      if (key == "host") return host(d);
      if (key == "machine_id") return text(d.machine_id);
      if (key == "generated_at" || key == "@timestamp") return text(d.generated_at);
      if (key == "type") return text(type);
      if (key == "accounts") return each([&] { account(d); });
      if (key == "sources") return each([&] { source(d); });
      if (key == "findings") {
        if (peek() == '[') has_findings = true;
        return each([&] { finding(d.findings); });
      }
      if (key == "rule") return member_text(record_finding(d).rule, "id");
      if (key == "mailmend") return record_members(d);
      skip();
    });
    if (type == "run") d.kind = Kind::RunRecord;
    else if (type == "finding") d.kind = Kind::FindingRecord;
    else if (has_findings) d.kind = Kind::Report;
    if (d.kind != Kind::FindingRecord) d.findings.erase(d.findings.begin(), d.findings.begin() + record_findings_);
  }

 private:
  // --- what the summary keeps ---

  void host(Digest& d) {
    if (peek() == '"') return text(d.host);
    if (peek() != '{') return skip();
    object([&](std::string_view key) {
      if (key == "name") return text(d.host);
      if (key == "id") return text(d.machine_id);
      skip();
    });
  }

  void account(Digest& d) {
    if (peek() != '{') return skip();
    Account a;
    object([&](std::string_view key) {
      if (key == "id") return text(a.id);
      if (key == "client") return text(a.client);
      if (key == "stale") return true_literal(a.stale);
      if (key == "provider") {
        if (peek() != '{') return skip();
        a.has_provider = true;
        a.provider_name = "?";
        return object([&](std::string_view k) {
          if (k == "id") return text(a.provider_id);
          if (k == "name") return text(a.provider_name);
          skip();
        });
      }
      skip();
    });
    d.accounts.push_back(std::move(a));
  }

  void source(Digest& d) {
    if (peek() != '{') return skip();
    std::string client, status;
    object([&](std::string_view key) {
      if (key == "client") return text(client);
      if (key == "status") return text(status);
      skip();
    });
    if (status == "error") ++d.sources_failed;
    if (!client.empty() && std::find(d.source_clients.begin(), d.source_clients.end(), client) == d.source_clients.end()) {
      d.source_clients.push_back(std::move(client));
    }
  }

  void finding(std::vector<Finding>& out) {
    if (peek() != '{') return skip();
    Finding f;
    object([&](std::string_view key) {
      if (key == "rule") return text(f.rule);
      if (key == "severity") return text(f.severity);
      if (key == "account") return text(f.account);
      skip();
    });
    out.push_back(std::move(f));
  }

  // An NDJSON record's one finding, kept first in d.findings until the record's type is known.
  Finding& record_finding(Digest& d) {
    if (record_findings_ == 0) {
      d.findings.insert(d.findings.begin(), Finding{});
      record_findings_ = 1;
    }
    return d.findings.front();
  }

  void record_members(Digest& d) {
    if (peek() != '{') return skip();
    object([&](std::string_view key) {
      if (key == "severity") return text(record_finding(d).severity);
      if (key == "client") return text(record_finding(d).client);
      if (key == "provider") return text(record_finding(d).provider_id);
      if (key == "account") return text(record_finding(d).account);
      if (key == "counted") {
        bool counted = true;
        if (peek() == 'f') {
          literal("false");
          counted = false;
        } else {
          skip();
        }
        record_finding(d).counted = counted;
        return;
      }
      if (key == "sources") return each([&] { source(d); });
      if (key == "summary") {
        if (peek() != '{') return skip();
        return object([&](std::string_view k) {
          if (k == "accounts") return count(d.record_accounts);
          skip();
        });
      }
      skip();
    });
  }

  void member_text(std::string& out, std::string_view name) {
    if (peek() != '{') return skip();
    object([&](std::string_view key) {
      if (key == name) return text(out);
      skip();
    });
  }

  // --- JSON grammar ---

  [[noreturn]] void fail(const char* at) { throw Stop{Outcome::Invalid, at}; }
  // The text ends inside the value: more may come, or (at the end of the input) it is cut.
  [[noreturn]] void ran_out() { throw Stop{final_ ? Outcome::Invalid : Outcome::NeedMore, end_}; }

  char peek() {
    while (p_ < end_) {
      const char c = *p_;
      if (c == ' ' || c == '\r' || c == '\t') {
        ++p_;
      } else if (c == '\n') {
        ++p_;
        skip_indentation();
      } else {
        return c;
      }
    }
    ran_out();
  }

  // Pretty-printed JSON: a line starts with a run of spaces, passed over eight at a time.
  void skip_indentation() {
    constexpr std::uint64_t kEightSpaces = 0x2020202020202020;
    while (end_ - p_ >= 8 && load8(p_) == kEightSpaces) p_ += 8;
  }

  void expect(char c) {
    if (peek() != c) fail(p_);
    ++p_;
  }

  void enter() {
    if (++depth_ > util::kMaxJsonDepth) throw Stop{Outcome::TooDeep, p_};
  }

  template <class OnMember>
  void object(OnMember&& on_member) {
    enter();
    expect('{');
    if (peek() == '}') {
      ++p_;
      --depth_;
      return;
    }
    std::string scratch;
    for (;;) {
      if (peek() != '"') fail(p_);
      std::string_view key = key_text(scratch);
      expect(':');
      peek();
      on_member(key);
      if (peek() == ',') {
        ++p_;
        continue;
      }
      expect('}');
      --depth_;
      return;
    }
  }

  template <class OnElement>
  void each(OnElement&& on_element) {
    if (peek() != '[') return skip();
    enter();
    ++p_;
    if (peek() == ']') {
      ++p_;
      --depth_;
      return;
    }
    for (;;) {
      on_element();
      if (peek() == ',') {
        ++p_;
        continue;
      }
      expect(']');
      --depth_;
      return;
    }
  }

  void skip() {
    switch (peek()) {
      case '{': return object([&](std::string_view) { skip(); });
      case '[': return each([&] { skip(); });
      case '"': return string(nullptr);
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }

  // A string member into `out`; any other value is skipped and `out` is left as it was.
  void text(std::string& out) {
    if (peek() != '"') return skip();
    out.clear();
    string(&out);
  }

  void true_literal(bool& out) {
    if (peek() != 't') return skip();
    literal("true");
    out = true;
  }

  void count(std::size_t& out) {
    const char* start = (peek(), p_);
    number();
    std::size_t n = 0;
    for (const char* c = start; c < p_ && is_digit(*c) && n < (std::size_t{1} << 40); ++c) n = n * 10 + (*c - '0');
    if (*start != '-') out = n;
  }

  void literal(std::string_view word) {
    for (char c : word) {
      if (p_ == end_) ran_out();
      if (*p_ != c) fail(p_);
      ++p_;
    }
  }

  void digits() {
    if (p_ == end_) ran_out();
    if (!is_digit(*p_)) fail(p_);
    while (p_ < end_ && is_digit(*p_)) ++p_;
  }

  void number() {
    if (*p_ == '-') ++p_;
    if (p_ == end_) ran_out();
    if (*p_ == '0') {
      ++p_;
    } else {
      digits();
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      digits();
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      digits();
    }
    // Inside an object or array a '}' or ']' must follow; a number alone ends only with the text.
    if (p_ == end_ && !final_) ran_out();
  }

  // A key without escapes is a view of the text; one with escapes is decoded into `scratch`.
  std::string_view key_text(std::string& scratch) {
    const char* start = ++p_;
    p_ = end_of_plain(p_, end_);
    if (p_ < end_ && *p_ == '"') return {start, static_cast<std::size_t>(p_++ - start)};
    p_ = start - 1;
    scratch.clear();
    string(&scratch);
    return scratch;
  }

  // At the opening quote; appends the decoded text to `out` when it is not null.
  void string(std::string* out) {
    const char* run = ++p_;
    for (;;) {
      p_ = end_of_plain(p_, end_);
      if (p_ == end_) ran_out();
      if (*p_ == '"') {
        if (out) out->append(run, p_);
        ++p_;
        return;
      }
      if (*p_ != '\\') fail(p_);  // a control character
      if (out) out->append(run, p_);
      escape(out);
      run = p_;
    }
  }

  std::uint32_t hex4() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      if (p_ == end_) ran_out();
      char c = *p_;
      int digit = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (digit < 0) fail(p_);
      v = v * 16 + static_cast<std::uint32_t>(digit);
      ++p_;
    }
    return v;
  }

  void escape(std::string* out) {
    ++p_;  // the backslash
    if (p_ == end_) ran_out();
    char c = *p_++;
    char plain = 0;
    switch (c) {
      case '"': case '\\': case '/': plain = c; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': return unicode_escape(out);
      default: fail(p_ - 1);
    }
    if (out) out->push_back(plain);
  }

  void unicode_escape(std::string* out) {
    std::uint32_t code = hex4();
    if (code >= 0xDC00 && code <= 0xDFFF) fail(p_ - 1);  // a low surrogate alone
    if (code >= 0xD800 && code <= 0xDBFF) {
      literal("\\u");
      std::uint32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) fail(p_ - 1);
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out) util::append_utf8(*out, code);
  }

  const char* p_;
  const char* end_;
  bool final_;
  std::size_t depth_ = 0;
  std::size_t record_findings_ = 0;
};

}  // namespace

Scanned scan_value(std::string_view text, std::size_t pos, bool final, Digest& out) {
  Scanner scanner(text, pos, final);
  try {
    scanner.top(out);
    return {Outcome::Value, static_cast<std::size_t>(scanner.position() - text.data())};
  } catch (const Stop& stop) {
    return {stop.outcome, static_cast<std::size_t>(stop.at - text.data())};
  }
}

}  // namespace report::scan
