#include "adapters/thunderbird/prefs_tokenizer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "i18n/messages.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

// What a byte means at the start of a token (libpref's character classes).
enum class CharKind : std::uint8_t { Single, Space, Keyword, Quote, Slash, Digit, Hash, CR, Other };

constexpr std::array<CharKind, 256> make_char_kinds() {
  std::array<CharKind, 256> k{};
  for (auto& c : k) c = CharKind::Other;
  for (unsigned char c : {'\0', '(', ')', '+', ',', '-', ';'}) k[c] = CharKind::Single;
  for (unsigned char c : {'\t', '\n', '\v', '\f', ' '}) k[c] = CharKind::Space;
  for (int c = 'A'; c <= 'Z'; ++c) k[static_cast<std::size_t>(c)] = CharKind::Keyword;
  for (int c = 'a'; c <= 'z'; ++c) k[static_cast<std::size_t>(c)] = CharKind::Keyword;
  k['_'] = CharKind::Keyword;
  k['"'] = CharKind::Quote;
  k['\''] = CharKind::Quote;
  k['/'] = CharKind::Slash;
  for (int c = '0'; c <= '9'; ++c) k[static_cast<std::size_t>(c)] = CharKind::Digit;
  k['#'] = CharKind::Hash;
  k['\r'] = CharKind::CR;
  return k;
}
constexpr auto kCharKinds = make_char_kinds();

// Bytes inside a string literal that need more than a copy.
constexpr std::array<bool, 256> make_special_string_chars() {
  std::array<bool, 256> s{};
  for (unsigned char c : {'\0', '\n', '\r', '"', '\'', '\\'}) s[c] = true;
  return s;
}
constexpr auto kSpecialStringChars = make_special_string_chars();

constexpr std::array<char, 6> kStringStops{'\0', '\n', '\r', '"', '\'', '\\'};
constexpr std::array<char, 3> kLineCommentStops{'\0', '\n', '\r'};

// Index of the first byte at or after `i` that is one of `Stops`, or data.size().
// Strings and comments are most of a prefs.js, so this scan is 16 bytes at a time where SSE2 exists.
template <const auto& Stops>
[[gnu::noinline]] std::size_t find_first_of(std::string_view data, std::size_t i) {
#if defined(__SSE2__)
  constexpr std::size_t N = Stops.size();
  struct Needles {
    __m128i v[N];
    Needles() {
      for (std::size_t k = 0; k < N; ++k) v[k] = _mm_set1_epi8(Stops[k]);
    }
  };
  static const Needles prepared;  // one per stop list
  const __m128i* needles = prepared.v;
  while (i + 16 <= data.size()) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data.data() + i));
    __m128i hit = _mm_cmpeq_epi8(chunk, needles[0]);
    for (std::size_t k = 1; k < N; ++k) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(chunk, needles[k]));
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  for (; i < data.size(); ++i) {
    for (char c : Stops) {
      if (data[i] == c) return i;
    }
  }
  return data.size();
}

enum class TokenKind { Char, Pref, StickyPref, UserPref, True, False, Sticky, Locked, String, Int, Error };

struct Token {
  TokenKind kind = TokenKind::Char;
  char ch = '\0';            // for Char; '\0' is the end of the input
  std::uint32_t number = 0;  // for Int
  const char* error = nullptr;
  int error_line = 0;  // for errors found inside a multi-line string; 0 = the current line
  std::size_t begin = 0;
  std::size_t end = 0;
  bool is(char c) const { return kind == TokenKind::Char && ch == c; }
  bool at_end() const { return is('\0'); }
};

struct Keyword {
  std::string_view text;
  TokenKind kind;
};
constexpr std::array<Keyword, 7> kKeywords{{{"pref", TokenKind::Pref},
                                            {"true", TokenKind::True},
                                            {"false", TokenKind::False},
                                            {"user_pref", TokenKind::UserPref},
                                            {"sticky", TokenKind::Sticky},
                                            {"locked", TokenKind::Locked},
                                            {"sticky_pref", TokenKind::StickyPref}}};

// Reads tokens from the bytes as if a NUL were appended (libpref's end-of-input marker).
class Lexer {
 public:
  Lexer(std::string_view bytes, std::size_t start, int first_line) : data_(bytes), i_(start), line_(first_line) {}

  int line() const { return line_; }
  std::size_t position() const { return pos(); }

  // The fast path for the form Thunderbird writes, `user_pref("name", value);` with no escape, comment or
  // newline inside: it yields exactly what the general path would, without copying; anything else leaves
  // the position untouched (after blanks and line comments) and returns false so the general path takes over.
  bool canonical_statement(PrefStatementView& v) {
    skip_blanks_and_line_comments();
    static constexpr std::string_view kOpen = "user_pref(\"";
    std::size_t p = i_;
    // A comparison of constant length, which the compiler does in two loads instead of a memcmp call.
    if (data_.size() - std::min(p, data_.size()) < kOpen.size() ||
        std::memcmp(data_.data() + p, kOpen.data(), kOpen.size()) != 0) {
      return false;
    }
    std::size_t name_end = find_first_of<kStringStops>(data_, p + kOpen.size());
    if (name_end + 3 >= data_.size() || data_[name_end] != '"' || data_[name_end + 1] != ',' || data_[name_end + 2] != ' ') {
      return false;
    }
    std::size_t k = name_end + 3;
    std::size_t value_end = 0;
    char c = data_[k];
    if (c == '"') {
      value_end = find_first_of<kStringStops>(data_, k + 1);
      if (value_end >= data_.size() || data_[value_end] != '"') return false;
      v.value = data_.substr(k + 1, value_end - k - 1);
      ++value_end;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      bool negative = c == '-';
      std::size_t d = k + (negative ? 1 : 0);
      std::uint64_t n = 0;
      std::size_t digits_begin = d;
      while (d < data_.size() && data_[d] >= '0' && data_[d] <= '9' && n <= 0x80000000u) n = n * 10 + static_cast<unsigned>(data_[d++] - '0');
      if (d == digits_begin || n > (negative ? 0x80000000u : 0x7fffffffu)) return false;
      v.value = static_cast<std::int32_t>(negative ? -static_cast<std::int64_t>(n) : static_cast<std::int64_t>(n));
      value_end = d;
    } else if (data_.compare(k, 4, "true") == 0) {
      v.value = true;
      value_end = k + 4;
    } else if (data_.compare(k, 5, "false") == 0) {
      v.value = false;
      value_end = k + 5;
    } else {
      return false;
    }
    if (value_end + 2 > data_.size() || data_[value_end] != ')' || data_[value_end + 1] != ';') return false;
    v.spec = PrefSpec::UserPref;
    v.name = data_.substr(p + kOpen.size(), name_end - p - kOpen.size());
    v.range = {p, value_end + 2};
    v.value_range = {k, value_end};
    v.line = v.value_line = line_;
    v.sticky = v.locked = false;
    i_ = value_end + 2;
    return true;
  }

  // The next token; string contents go to `text` (when not null).
  Token next(std::string* text) {
    for (;;) {
      std::size_t start = i_;
      unsigned char c = get();
      switch (kCharKinds[c]) {
        case CharKind::Single: return make_char(static_cast<char>(c), start);
        case CharKind::Space:
          if (c == '\n') ++line_;
          continue;
        case CharKind::Keyword: return keyword(start);
        case CharKind::Quote: return string_literal(static_cast<char>(c), start, text);
        case CharKind::Slash:
          if (auto t = after_slash(start)) return *t;
          continue;
        case CharKind::Digit: return integer(c, start);
        case CharKind::Hash: skip_line_comment(); continue;
        case CharKind::CR:
          match('\n');
          ++line_;
          continue;
        case CharKind::Other: return make_error(i18n::marked("unexpected character"), start);
      }
    }
  }

 private:
  // Skips blanks and `//` or `#` comments that end at a line break, exactly as next() would (a
  // hand-edited user.js often has a comment after each pref). A comment that ends at a NUL byte or at
  // the end of the input is left to next().
  void skip_blanks_and_line_comments() {
    for (;;) {
      skip_blanks();
      std::size_t body = i_;
      if (body < data_.size() && data_[body] == '#') {
        body += 1;
      } else if (body + 1 < data_.size() && data_[body] == '/' && data_[body + 1] == '/') {
        body += 2;
      } else {
        return;
      }
      const std::size_t stop = find_first_of<kLineCommentStops>(data_, body);
      if (stop >= data_.size() || data_[stop] == '\0') return;
      i_ = body;
      skip_line_comment();
    }
  }

  // Skips spaces and line ends exactly as next() would, counting lines.
  void skip_blanks() {
    while (i_ < data_.size()) {
      char c = data_[i_];
      if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
        ++i_;
      } else if (c == '\n') {
        ++i_;
        ++line_;
      } else if (c == '\r') {
        ++i_;
        match('\n');
        ++line_;
      } else {
        return;
      }
    }
  }

  unsigned char get() {
    if (i_ < data_.size()) return static_cast<unsigned char>(data_[i_++]);
    if (i_ == data_.size()) ++i_;  // consumes the virtual NUL once, as libpref does with its own
    return 0;
  }
  void unget() { --i_; }
  unsigned char peek() const { return i_ < data_.size() ? static_cast<unsigned char>(data_[i_]) : 0; }
  bool match(char c) {
    if (i_ < data_.size() && data_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::size_t pos() const { return i_ < data_.size() ? i_ : data_.size(); }

  Token make_char(char c, std::size_t start) {
    Token t;
    t.ch = c;
    t.begin = start < data_.size() ? start : data_.size();
    t.end = pos();
    return t;
  }
  [[gnu::noinline]] Token make_error(const char* reason, std::size_t start, int at_line = 0) {
    Token t;
    t.kind = TokenKind::Error;
    t.error = reason;
    t.error_line = at_line;
    t.begin = start < data_.size() ? start : data_.size();
    t.end = pos();
    return t;
  }

  Token keyword(std::size_t start) {
    while (kCharKinds[peek()] == CharKind::Keyword && i_ < data_.size()) ++i_;
    std::string_view word = data_.substr(start, i_ - start);
    for (const auto& k : kKeywords) {
      if (word == k.text) {
        Token t;
        t.kind = k.kind;
        t.begin = start;
        t.end = i_;
        return t;
      }
    }
    return make_error(i18n::marked("unknown keyword"), start);
  }

  void skip_line_comment() {
    for (;;) {
      // Most comment bytes are ordinary: jump to the next byte that can end the comment.
      i_ = find_first_of<kLineCommentStops>(data_, i_);
      unsigned char c = get();
      if (c == '\n') {
        ++line_;
        return;
      }
      if (c == '\r') {
        ++line_;
        match('\n');
        return;
      }
      if (c == '\0') return;
    }
  }

  // False when the input ends before "*/".
  bool skip_block_comment() {
    for (;;) {
      unsigned char c = get();
      if (c == '*') {
        if (match('/')) return true;
      } else if (c == '\n') {
        ++line_;
      } else if (c == '\r') {
        ++line_;
        match('\n');
      } else if (c == '\0') {
        return false;
      }
    }
  }

  // A comment (nothing to return) or an error token.
  [[gnu::noinline]] std::optional<Token> after_slash(std::size_t start) {
    unsigned char c = get();
    if (c == '/') {
      skip_line_comment();
      return std::nullopt;
    }
    if (c == '*') {
      if (!skip_block_comment()) return make_error(i18n::marked("unterminated /* comment"), start);
      return std::nullopt;
    }
    if (c == '\n' || c == '\r') unget();  // counted when read again
    return make_error(i18n::marked("expected '/' or '*' after '/'"), start);
  }

  Token integer(unsigned char first, std::size_t start) {
    std::uint64_t value = first - '0';
    bool overflow = false;
    for (;;) {
      unsigned char c = get();
      CharKind k = kCharKinds[c];
      if (k == CharKind::Digit) {
        value = value * 10 + (c - '0');
        if (value > std::numeric_limits<std::uint32_t>::max()) {
          overflow = true;
          value = std::numeric_limits<std::uint32_t>::max();
        }
        continue;
      }
      unget();
      if (k == CharKind::Keyword && c != '\0') return make_error(i18n::marked("unexpected character in integer literal"), start);
      break;
    }
    if (overflow) return make_error(i18n::marked("integer literal overflowed"), start);
    Token t;
    t.kind = TokenKind::Int;
    t.number = static_cast<std::uint32_t>(value);
    t.begin = start;
    t.end = i_;
    return t;
  }

  // Reads `digits` hex digits; on a non-hex byte leaves it unread and returns -1.
  int hex_digits(int digits) {
    int value = 0;
    for (int k = 0; k < digits; ++k) {
      unsigned char c = get();
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) {
        unget();
        return -1;
      }
      value = value * 16 + d;
    }
    return value;
  }


  // The part after "\u"; returns an error reason or nullptr.
  const char* unicode_escape(std::string& out) {
    int value = hex_digits(4);
    if (value < 0) return i18n::marked("malformed \\u escape sequence");
    if ((value & 0xFC00) == 0xD800) {
      int low = -1;
      if (match('\\') && match('u')) low = hex_digits(4);
      if (low >= 0 && (low & 0xFC00) != 0xDC00) return i18n::marked("invalid low surrogate after high surrogate");
      if (low < 0) return i18n::marked("expected low surrogate after high surrogate");
      util::append_utf8(out, 0x10000 + ((static_cast<std::uint32_t>(value) - 0xD800) << 10) +
                           (static_cast<std::uint32_t>(low) - 0xDC00));
      return nullptr;
    }
    if ((value & 0xFC00) == 0xDC00) return i18n::marked("expected high surrogate before low surrogate");
    if (value == 0) return i18n::marked("\\u0000 is not allowed");
    util::append_utf8(out, static_cast<std::uint32_t>(value));
    return nullptr;
  }

  // The part after a backslash; returns an error reason or nullptr.
  const char* escape(std::string& out) {
    unsigned char c = get();
    switch (c) {
      case '"': out += '"'; return nullptr;
      case '\'': out += '\''; return nullptr;
      case '\\': out += '\\'; return nullptr;
      case 'n': out += '\n'; return nullptr;
      case 'r': out += '\r'; return nullptr;
      case 'x': {
        int value = hex_digits(2);
        if (value < 0) return i18n::marked("malformed \\x escape sequence");
        if (value == 0) return i18n::marked("\\x00 is not allowed");
        out += static_cast<char>(value);
        return nullptr;
      }
      case 'u': return unicode_escape(out);
      default:
        if (c == '\n' || c == '\r') unget();  // counted when read again
        return i18n::marked("unexpected escape sequence character after '\\'");
    }
  }

  Token string_literal(char quote, std::size_t start, std::string* text) {
    std::string& out = text ? *text : scratch_;
    out.clear();
    std::size_t body = i_;
    // Fast path: no escapes, newlines or other quote inside.
    std::size_t j = find_first_of<kStringStops>(data_, body);
    if (j < data_.size() && data_[j] == quote) {
      out.assign(data_.data() + body, j - body);
      i_ = j + 1;
      Token t;
      t.kind = TokenKind::String;
      t.begin = start;
      t.end = i_;
      return t;
    }
    return string_literal_slow(quote, start, out);
  }

  // A string with escapes, raw newlines or the other quote: byte by byte, libpref's way.
  [[gnu::noinline]] Token string_literal_slow(char quote, std::size_t start, std::string& out) {
    const char* error = nullptr;
    int error_line = 0;
    auto fail = [&](const char* reason) {
      if (!error) {
        error = reason;
        error_line = line_;
      }
    };
    for (;;) {
      unsigned char c = get();
      if (!kSpecialStringChars[c]) {
        out += static_cast<char>(c);
      } else if (c == static_cast<unsigned char>(quote)) {
        break;
      } else if (c == '\\') {
        if (const char* e = escape(out)) fail(e);
      } else if (c == '\n') {
        ++line_;
        out += '\n';
      } else if (c == '\r') {
        ++line_;
        out += '\r';
        if (match('\n')) out += '\n';
      } else if (c == '\0') {
        fail(i18n::marked("unterminated string literal"));
        break;
      } else {
        out += static_cast<char>(c);  // the other quote character
      }
    }
    if (error) return make_error(error, start, error_line);
    Token t;
    t.kind = TokenKind::String;
    t.begin = start;
    t.end = pos();
    return t;
  }

  std::string_view data_;
  std::size_t i_;
  int line_ = 1;
  std::string scratch_;  // string contents nobody asked for, kept to reuse its capacity
};

// The statement grammar over the lexer, with libpref's panic-mode recovery.
class Parser {
 public:
  Parser(std::string_view bytes, PrefFileKind kind, PrefSink& sink, int first_line = 1, bool file_start = true,
         std::size_t base = 0)
      : bytes_(bytes),
        kind_(kind),
        lexer_(bytes, file_start && bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0, first_line),
        sink_(sink),
        base_(base) {}

  void run() {
    PrefStatementView canonical;
    for (;;) {
      while (lexer_.canonical_statement(canonical)) {
        emit(canonical);
        resume_here();
      }
      Token token = lexer_.next(nullptr);
      if (token.at_end() || !statement(token)) return;
    }
  }

 private:
  bool is_default_file() const { return kind_ == PrefFileKind::Default; }

  // Parses one statement starting at `token`; false when the input ended.
  bool statement(Token token) {
    PrefStatementView st;
    if (token.kind == TokenKind::UserPref) {
      st.spec = PrefSpec::UserPref;
    } else if (token.kind == TokenKind::Pref && is_default_file()) {
      st.spec = PrefSpec::Pref;
    } else if (token.kind == TokenKind::StickyPref && is_default_file()) {
      st.spec = PrefSpec::StickyPref;
      st.sticky = true;
    } else {
      return recover(token, is_default_file() ? i18n::marked("expected pref specifier at start of pref definition")
                                              : i18n::marked("expected 'user_pref' at start of pref definition"));
    }
    st.range.begin = token.begin;
    st.line = lexer_.line();

    token = lexer_.next(nullptr);
    if (!token.is('(')) return recover(token, i18n::marked("expected '(' after pref specifier"));
    token = lexer_.next(&name_);
    if (token.kind != TokenKind::String) return recover(token, i18n::marked("expected pref name after '('"));
    st.name = name_;
    token = lexer_.next(nullptr);
    if (!token.is(',')) return recover(token, i18n::marked("expected ',' after pref name"));

    token = lexer_.next(&value_);
    st.value_range.begin = token.begin;
    st.value_line = lexer_.line();
    if (token.kind == TokenKind::True || token.kind == TokenKind::False) {
      st.value = token.kind == TokenKind::True;
    } else if (token.kind == TokenKind::String) {
      st.value = std::string_view(value_);
    } else if (token.kind == TokenKind::Int) {
      if (token.number > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max())) {
        return recover(overflow(token), "");
      }
      st.value = static_cast<std::int32_t>(token.number);
    } else if (token.is('-') || token.is('+')) {
      bool negative = token.is('-');
      token = lexer_.next(nullptr);
      if (token.kind != TokenKind::Int) {
        return recover(token, negative ? i18n::marked("expected integer literal after '-'") : i18n::marked("expected integer literal after '+'"));
      }
      std::uint32_t limit = static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()) + (negative ? 1 : 0);
      if (token.number > limit) return recover(overflow(token), "");
      st.value = negative ? static_cast<std::int32_t>(-static_cast<std::int64_t>(token.number))
                          : static_cast<std::int32_t>(token.number);
    } else {
      return recover(token, i18n::marked("expected pref value after ','"));
    }
    st.value_range.end = token.end;
    st.value_line -= count_line_ends(token_text(st.value_range));

    bool has_attrs = false;
    token = lexer_.next(nullptr);
    while (is_default_file() && token.is(',')) {
      token = lexer_.next(nullptr);
      if (token.kind == TokenKind::Sticky) {
        st.sticky = true;
      } else if (token.kind == TokenKind::Locked) {
        st.locked = true;
      } else {
        return recover(token, i18n::marked("expected pref attribute after ','"));
      }
      has_attrs = true;
      token = lexer_.next(nullptr);
    }
    if (!token.is(')')) {
      return recover(token, !is_default_file() ? i18n::marked("expected ')' after pref value")
                            : has_attrs       ? i18n::marked("expected ',' or ')' after pref attribute")
                                              : i18n::marked("expected ',' or ')' after pref value"));
    }
    token = lexer_.next(nullptr);
    if (!token.is(';')) return recover(token, i18n::marked("expected ';' after ')'"));
    st.range.end = token.end;
    emit(st);
    resume_here();
    return true;
  }

  // Hands a statement to the sink with its byte ranges counted from the file's start (`base_`:
  // where the window lies in the file); the view is not used after.
  void emit(PrefStatementView& v) {
    v.range = {v.range.begin + base_, v.range.end + base_};
    v.value_range = {v.value_range.begin + base_, v.value_range.end + base_};
    sink_.statement(v);
  }
  void resume_here() { sink_.resume_point(base_ + lexer_.position(), lexer_.line()); }

  static Token overflow(Token t) {
    t.kind = TokenKind::Error;
    t.error = i18n::marked("integer literal overflowed");
    t.error_line = 0;
    return t;
  }

  // Skips tokens up to and including the next ';', then records the error (noting whether the
  // input ended first). False when it did.
  bool recover(Token token, const char* reason) {
    PrefError error;
    if (token.kind == TokenKind::Error) {
      error = {token.error_line ? token.error_line : lexer_.line(), token.error};
    } else {
      error = {lexer_.line(), reason};
    }
    while (!token.is(';') && !token.at_end()) token = lexer_.next(nullptr);
    error.at_end = token.at_end();
    sink_.error(error);
    if (!error.at_end) resume_here();
    return !error.at_end;
  }

  std::string_view token_text(ByteRange r) const { return bytes_.substr(r.begin, r.end - r.begin); }

  static int count_line_ends(std::string_view s) {
    int n = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '\n' || (s[k] == '\r' && (k + 1 == s.size() || s[k + 1] != '\n'))) ++n;
    }
    return n;
  }

  std::string_view bytes_;
  PrefFileKind kind_;
  Lexer lexer_;
  PrefSink& sink_;
  std::size_t base_ = 0;
  std::string name_;   // reused buffers: their capacity survives from statement to statement
  std::string value_;
};

// Collects the statements and errors into PrefTokens.
class Collector : public PrefSink {
 public:
  void statement(const PrefStatementView& v) override {
    PrefStatement st;
    st.spec = v.spec;
    st.name = v.name;
    if (const auto* text = std::get_if<std::string_view>(&v.value)) {
      st.value = std::string(*text);
    } else if (const auto* number = std::get_if<std::int32_t>(&v.value)) {
      st.value = *number;
    } else {
      st.value = std::get<bool>(v.value);
    }
    st.range = v.range;
    st.value_range = v.value_range;
    st.line = v.line;
    st.value_line = v.value_line;
    st.sticky = v.sticky;
    st.locked = v.locked;
    out.statements.push_back(std::move(st));
  }
  void error(const PrefError& e) override { out.errors.push_back(e); }
  PrefTokens out;
};

}  // namespace

std::string_view type_name(const PrefValue& v) {
  if (std::holds_alternative<std::string>(v)) return "string";
  if (std::holds_alternative<std::int32_t>(v)) return "int";
  return "bool";
}

util::Status tokenize_prefs(std::string_view bytes, std::string_view path, PrefSink& sink, PrefFileKind kind) {
  if (bytes.size() > kMaxPrefsBytes) {
    return util::make_error(std::string(path) + ": larger than 64 MB (" + std::to_string(bytes.size()) +
                            " bytes), refused");
  }
  Parser(bytes, kind, sink).run();
  return {};
}

void tokenize_prefs_window(std::string_view window, int first_line, bool file_start, PrefSink& sink, std::size_t base) {
  Parser(window, PrefFileKind::User, sink, first_line, file_start, base).run();
}

util::Result<PrefTokens> tokenize_prefs(std::string_view bytes, std::string_view path, PrefFileKind kind) {
  Collector collector;
  // A statement takes at least ~16 bytes; reserving a modest guess avoids most regrowth.
  collector.out.statements.reserve(std::min<std::size_t>(bytes.size() / 64 + 16, 1u << 20));
  auto status = tokenize_prefs(bytes, path, collector, kind);
  if (!status) return status.error();
  return std::move(collector.out);
}

}  // namespace adapters::thunderbird
