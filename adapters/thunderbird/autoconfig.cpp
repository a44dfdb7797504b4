#include "adapters/thunderbird/autoconfig.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "i18n/text.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;
namespace {

bool is_mail_pref(std::string_view name) { return name.starts_with("mail.") || name.starts_with("mailnews."); }

// ---- a small JavaScript tokenizer: enough to find literal calls, never enough to run anything ----

enum class Tok { Ident, String, Int, Punct, Other, End };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // identifier, decoded string, or the punctuation character
  std::int64_t number = 0;
  int line = 0;
  bool plain = true;  // a string without escapes mailmend does not decode
};

class JsLexer {
 public:
  JsLexer(std::string_view data, std::size_t start, int line, std::string_view path)
      : data_(data), pos_(start), line_(line), path_(path) {}

  // The next token, or an error that makes the whole script fail to compile.
  util::Result<Token> next() {
    auto t = lex();
    if (t) regex_allowed_ = allows_regex_after(*t);
    return t;
  }

 private:
  // Whether a '/' after this token starts a regular expression (else it divides).
  static bool allows_regex_after(const Token& t) {
    if (t.kind == Tok::Punct) return t.text != ")" && t.text != "]";
    if (t.kind != Tok::Ident) return false;
    static const std::vector<std::string_view> keywords{"return", "typeof", "case",   "do",   "else",
                                                        "in",     "of",     "new",    "delete", "void",
                                                        "throw",  "instanceof"};
    return std::find(keywords.begin(), keywords.end(), t.text) != keywords.end();
  }

  // A regular expression literal /.../flags on one line; a '/' that does not close on its line is one token.
  Token regex_token(Token& t) {
    std::size_t p = pos_ + 1;
    bool in_class = false;
    t.kind = Tok::Other;
    t.text = "/";
    while (p < data_.size() && data_[p] != '\n' && data_[p] != '\r') {
      char c = data_[p];
      if (c == '\\') {
        p += 2;
        continue;
      }
      if (c == '[') in_class = true;
      if (c == ']') in_class = false;
      if (c == '/' && !in_class) {
        pos_ = p + 1;
        while (pos_ < data_.size() && ident_part(static_cast<unsigned char>(data_[pos_]))) ++pos_;
        return t;
      }
      ++p;
    }
    ++pos_;
    return t;
  }

  util::Result<Token> lex() {
    if (auto err = skip_space_and_comments(); !err.empty()) return i18n::error(err);
    Token t;
    t.line = line_;
    if (pos_ >= data_.size()) return t;
    unsigned char c = static_cast<unsigned char>(data_[pos_]);
    if (c == '"' || c == '\'') return string_token(t);
    if (c == '`') return template_token(t);
    if (c >= '0' && c <= '9') return number_token(t);
    if (c == '/' && regex_allowed_) return regex_token(t);
    if (ident_start(c)) {
      std::size_t begin = pos_;
      while (pos_ < data_.size() && ident_part(static_cast<unsigned char>(data_[pos_]))) ++pos_;
      t.kind = Tok::Ident;
      t.text = std::string(data_.substr(begin, pos_ - begin));
      return t;
    }
    ++pos_;
    t.kind = std::string_view("(){}[];,+-.=!<>&|?:*%^~/").find(static_cast<char>(c)) != std::string_view::npos
                 ? Tok::Punct
                 : Tok::Other;
    t.text = std::string(1, static_cast<char>(c));
    return t;
  }

  static bool ident_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
  }
  static bool ident_part(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

  // "file:12: why", in both languages.
  i18n::Text on_line(int line, const i18n::Text& why) const {
    return i18n::msg("{1}: {2}", {std::string(path_) + ":" + std::to_string(line), why});
  }

  // Consumes one end of line at pos_ (\n, \r or \r\n) if there is one.
  bool eat_eol() {
    if (pos_ >= data_.size()) return false;
    if (data_[pos_] == '\n') {
      ++pos_;
    } else if (data_[pos_] == '\r') {
      ++pos_;
      if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  // Empty, or what is wrong ("file:3: unterminated comment").
  i18n::Text skip_space_and_comments() {
    while (pos_ < data_.size()) {
      char c = data_[pos_];
      if (eat_eol()) continue;
      if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '/') {
        while (pos_ < data_.size() && data_[pos_] != '\n' && data_[pos_] != '\r') ++pos_;
      } else if (c == '/' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '*') {
        int start = line_;
        pos_ += 2;
        for (;;) {
          if (pos_ >= data_.size()) return on_line(start, i18n::msg("unterminated comment"));
          if (data_[pos_] == '*' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '/') {
            pos_ += 2;
            break;
          }
          if (!eat_eol()) ++pos_;
        }
      } else {
        break;
      }
    }
    return {};
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }


  // `count` hex digits at pos_, or nullopt.
  std::optional<std::uint32_t> hex_digits(int count) {
    if (pos_ + static_cast<std::size_t>(count) > data_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < count; ++i) {
      int h = hex(data_[pos_ + static_cast<std::size_t>(i)]);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    pos_ += static_cast<std::size_t>(count);
    return v;
  }

  util::Result<Token> string_token(Token& t) {
    char quote = data_[pos_++];
    t.kind = Tok::String;
    for (;;) {
      if (pos_ >= data_.size() || data_[pos_] == '\n' || data_[pos_] == '\r') {
        return i18n::error(on_line(t.line, i18n::msg("unterminated string literal")));
      }
      char c = data_[pos_++];
      if (c == quote) return t;
      if (c != '\\') {
        t.text += c;
        continue;
      }
      if (pos_ >= data_.size()) return i18n::error(on_line(t.line, i18n::msg("unterminated string literal")));
      if (eat_eol()) continue;  // a line continuation
      char e = data_[pos_++];
      switch (e) {
        case 'n': t.text += '\n'; break;
        case 'r': t.text += '\r'; break;
        case 't': t.text += '\t'; break;
        case 'b': t.text += '\b'; break;
        case 'f': t.text += '\f'; break;
        case 'v': t.text += '\v'; break;
        case 'x': {
          auto v = hex_digits(2);
          if (!v) return i18n::error(on_line(t.line, i18n::msg("malformed \\x escape in a string")));
          t.text += static_cast<char>(*v);
          break;
        }
        case 'u': {
          auto v = pos_ < data_.size() && data_[pos_] == '{' ? std::nullopt : hex_digits(4);
          if (!v) {
            t.plain = false;  // \u{...} or a malformed escape: the value is not read
            break;
          }
          std::uint32_t cp = *v;
          if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 1 < data_.size() && data_[pos_] == '\\' && data_[pos_ + 1] == 'u') {
            std::size_t save = pos_;
            pos_ += 2;
            auto low = hex_digits(4);
            if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) t.plain = false;
          util::append_utf8(t.text, cp);
          break;
        }
        case '0':
          if (pos_ < data_.size() && data_[pos_] >= '0' && data_[pos_] <= '9') t.plain = false;
          t.text += '\0';
          break;
        default:
          if (e >= '1' && e <= '9') t.plain = false;  // a legacy octal escape
          t.text += e;
      }
    }
  }

  util::Result<Token> template_token(Token& t) {
    ++pos_;
    t.kind = Tok::Other;
    t.text = "`";
    for (;;) {
      if (pos_ >= data_.size()) return i18n::error(on_line(t.line, i18n::msg("unterminated template literal")));
      if (eat_eol()) continue;
      char c = data_[pos_++];
      if (c == '`') return t;
      if (c == '\\' && pos_ < data_.size() && !eat_eol()) ++pos_;
    }
  }

  util::Result<Token> number_token(Token& t) {
    std::size_t begin = pos_;
    while (pos_ < data_.size() && ident_part(static_cast<unsigned char>(data_[pos_]))) ++pos_;
    if (pos_ < data_.size() && data_[pos_] == '.') {  // 1.5: a number mailmend does not read
      ++pos_;
      while (pos_ < data_.size() && ident_part(static_cast<unsigned char>(data_[pos_]))) ++pos_;
      t.kind = Tok::Other;
      return t;
    }
    auto v = util::parse_int(data_.substr(begin, pos_ - begin), 0, std::numeric_limits<std::int32_t>::max() + 1LL);
    t.kind = v ? Tok::Int : Tok::Other;
    t.number = v.value_or(0);
    return t;
  }

  std::string_view data_;
  std::size_t pos_;
  int line_;
  std::string_view path_;
  bool regex_allowed_ = true;
};

// Reads `setter(name, literal)` after the identifier; nullopt when the call is anything else.
struct Call {
  std::string name;
  std::optional<PrefValue> value;  // nullopt: not a literal mailmend reads
  bool name_literal = false;
  Token after;                     // the first token after the call
};

class CfgParser {
 public:
  CfgParser(std::string_view data, std::size_t start, int line, std::string_view path)
      : lex_(data, start, line, path), path_(path) {}

  util::Result<CfgScan> run() {
    auto first = lex_.next();
    if (!first) return first.error();
    Token t = std::move(first.value());
    bool statement_start = true;
    int last_line = 0;
    while (t.kind != Tok::End) {
      if (t.kind == Tok::Ident && setter_of(t.text)) {
        std::string setter = t.text;
        int line = t.line;
        bool unconditional = statement_start && depth_ == 0;
        auto call = read_call();
        if (!call) return call.error();
        record(setter, line, unconditional, *call);
        last_line = line;
        t = std::move(call->after);
        if (t.kind == Tok::Punct && t.text == ";") {
          statement_start = true;
          if (auto n = advance(); !n) return n.error(); else t = std::move(n.value());
        } else {
          // A call ends its statement at the end of its line (or before a closing brace).
          statement_start = t.line != last_line || t.kind == Tok::End || (t.kind == Tok::Punct && t.text == "}");
        }
        continue;
      }
      if (t.kind == Tok::Punct && t.text == ";") {
        statement_start = true;
      } else {
        note_code(t.line);
        if (t.kind == Tok::Punct && t.text == "}") {
          statement_start = true;
        } else {
          statement_start = t.kind == Tok::Punct && t.text == "{";
        }
      }
      auto n = advance(t);
      if (!n) return n.error();
      t = std::move(n.value());
    }
    return std::move(scan_);
  }

 private:
  static bool setter_of(const std::string& name) {
    return name == "lockPref" || name == "pref" || name == "defaultPref";
  }

  void note_code(int line) {
    if (scan_.code_line == 0) scan_.code_line = line;
  }

  // The next token, tracking the nesting of brackets.
  util::Result<Token> advance(const Token& current = {}) {
    if (current.kind == Tok::Punct) {
      const std::string& p = current.text;
      if (p == "(" || p == "{" || p == "[") ++depth_;
      if ((p == ")" || p == "}" || p == "]") && depth_ > 0) --depth_;
    }
    return lex_.next();
  }

  util::Result<Token> next_raw() { return lex_.next(); }

  static std::optional<PrefValue> literal(const Token& t, int sign) {
    if (t.kind == Tok::String && sign == 0) return t.plain ? std::optional<PrefValue>(t.text) : std::nullopt;
    if (t.kind == Tok::Ident && sign == 0 && (t.text == "true" || t.text == "false")) return PrefValue{t.text == "true"};
    if (t.kind == Tok::Int) {
      std::int64_t v = sign < 0 ? -t.number : t.number;
      if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
      return PrefValue{static_cast<std::int32_t>(v)};
    }
    return std::nullopt;
  }

  // After the setter's identifier: "(" string "," literal ")". Anything else makes the call code that is
  // not evaluated; its tokens are left to the main loop from the first one that does not fit.
  util::Result<Call> read_call() {
    Call call;
    auto t = next_raw();
    if (!t) return t.error();
    if (!(t->kind == Tok::Punct && t->text == "(")) {
      call.after = std::move(t.value());
      return call;
    }
    ++depth_;
    auto name = next_raw();
    if (!name) return name.error();
    if (name->kind != Tok::String || !name->plain) {
      call.after = std::move(name.value());
      return call;
    }
    call.name = name->text;
    call.name_literal = true;
    auto comma = next_raw();
    if (!comma) return comma.error();
    if (!(comma->kind == Tok::Punct && comma->text == ",")) {
      call.after = std::move(comma.value());
      return call;
    }
    auto v = next_raw();
    if (!v) return v.error();
    int sign = 0;
    if (v->kind == Tok::Punct && (v->text == "-" || v->text == "+")) {
      sign = v->text == "-" ? -1 : 1;
      v = next_raw();
      if (!v) return v.error();
    }
    auto value = literal(*v, sign);
    if (!value) {
      call.after = std::move(v.value());
      return call;
    }
    auto close = next_raw();
    if (!close) return close.error();
    if (!(close->kind == Tok::Punct && close->text == ")")) {
      call.after = std::move(close.value());
      return call;
    }
    --depth_;
    call.value = std::move(value);
    auto after = next_raw();
    if (!after) return after.error();
    call.after = std::move(after.value());
    return call;
  }

  void record(const std::string& setter, int line, bool unconditional, const Call& call) {
    bool understood = call.value.has_value();
    if (!understood || !unconditional) note_code(line);
    if (!call.name_literal) return;
    if (call.name == "autoadmin.global_config_url" && understood) {
      if (const auto* url = std::get_if<std::string>(&*call.value); url && !url->empty()) {
        if (scan_.remote_url.empty()) scan_.remote_url = *url;
        note_code(line);
      }
      return;
    }
    if (!is_mail_pref(call.name)) return;
    AdminPref p;
    p.name = call.name;
    p.value = call.value.value_or(PrefValue{std::string{}});
    p.layer = PrefLayer::AutoConfig;
    p.setter = setter + "()";
    p.status = setter == "lockPref"  ? PrefStore::PolicyStatus::Locked
               : setter == "pref"    ? PrefStore::PolicyStatus::User
                                     : PrefStore::PolicyStatus::Default;
    p.file = std::string(path_);
    p.line = line;
    p.certain = understood && unconditional;
    scan_.prefs.push_back(std::move(p));
  }

  JsLexer lex_;
  std::string_view path_;
  CfgScan scan_;
  int depth_ = 0;
};

core::Finding source_finding(std::string rule, core::Severity severity, const i18n::Text& message,
                             const std::string& file, int line) {
  core::Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.explain(message);
  f.origin = {file, "", line, false};
  return f;
}

bool ends_with_js(const std::string& name) { return util::ends_with_icase(name, ".js"); }

// Gecko loads a defaults/pref folder in reverse alphabetical order, then the platform's special file last.
bool is_special_default_file(const std::string& name) {
  return name == "unix.js" || name == "winpref.js" || name == "macprefs.js";
}

struct ConfigName {
  std::string name;
  std::string file;
  int line = 0;
  int obscure = 0;
};

// One install folder: its defaults/pref files, then the AutoConfig file they name. Default files load
// before the .cfg runs, so the .cfg's prefs come after them (a .cfg lockPref() wins).
void read_install_dir(const fs::path& dir, InstallConfig& out) {
  std::error_code ec;
  fs::path pref_dir = dir / "defaults" / "pref";
  if (!fs::is_directory(pref_dir, ec)) return;
  std::vector<std::string> names;
  bool too_many = false;
  for (fs::directory_iterator it(pref_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!ends_with_js(name) || !it->is_regular_file(ec)) continue;
    if (names.size() >= kMaxDefaultPrefFiles) {
      too_many = true;
      break;
    }
    names.push_back(std::move(name));
  }
  if (too_many) {
    out.findings.push_back(source_finding(
        "thunderbird-autoconfig-error", core::Severity::Warning,
        i18n::msg("{1}: more than {2} pref files; only {2} were read",
                  {pref_dir.string(), std::to_string(kMaxDefaultPrefFiles)}),
        pref_dir.string(), 0));
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    bool sa = is_special_default_file(a), sb = is_special_default_file(b);
    return sa != sb ? sb : a > b;
  });

  ConfigName config;
  for (const auto& name : names) {
    fs::path file = pref_dir / name;
    std::string path = file.string();
    out.files.push_back(path);
    auto bytes = util::read_file(file, kMaxAutoConfigBytes);
    if (!bytes) {
      out.findings.push_back(source_finding("thunderbird-autoconfig-error", core::Severity::Warning,
                                            i18n::msg("{1} (a default pref file of the installation)",
                                                      {i18n::text_of(bytes.error())}),
                                            path, 0));
      continue;
    }
    auto tokens = tokenize_prefs(*bytes, path, PrefFileKind::Default);
    if (!tokens) {
      out.findings.push_back(source_finding("thunderbird-autoconfig-error", core::Severity::Warning,
                                            i18n::text_of(tokens.error()), path, 0));
      continue;
    }
    if (!tokens->errors.empty()) {
      const auto& e = tokens->errors.front();
      const std::size_t more = tokens->errors.size() - 1;
      const std::initializer_list<i18n::Text> args{path, std::to_string(e.line), i18n::marked_text(e.reason), std::to_string(more)};
      out.findings.push_back(source_finding(
          "thunderbird-autoconfig-error", core::Severity::Warning,
          more == 0 ? i18n::msg("{1}:{2}: {3}; Thunderbird skips the statement", args)
                    : i18n::msg("{1}:{2}: {3} (and {4} more); Thunderbird skips the statement", args),
          path, e.line));
    }
    for (const auto& st : tokens->statements) {
      bool default_branch = st.spec != PrefSpec::UserPref;
      if (st.name == "general.config.filename" && default_branch) {
        if (const auto* s = std::get_if<std::string>(&st.value)) config = {*s, path, st.line, config.obscure};
      } else if (st.name == "general.config.obscure_value" && default_branch) {
        if (const auto* n = std::get_if<std::int32_t>(&st.value)) config.obscure = *n;
      } else if (is_mail_pref(st.name)) {
        AdminPref p;
        p.name = st.name;
        p.value = st.value;
        p.layer = PrefLayer::DefaultPrefs;
        p.status = st.locked ? PrefStore::PolicyStatus::Locked : PrefStore::PolicyStatus::Default;
        p.setter = st.locked ? "pref(..., locked)" : st.spec == PrefSpec::StickyPref || st.sticky ? "sticky_pref()" : "pref()";
        p.file = path;
        p.line = st.line;
        out.prefs.push_back(std::move(p));
      }
    }
  }
  // Thunderbird skips a blocked name silently, and an empty one names no file.
  if (config.name.empty() || config.name == "dsengine.cfg") return;

  fs::path cfg = dir / config.name;
  std::string cfg_path = cfg.string();
  const std::string config_line = std::to_string(config.line), config_name = util::printable(config.name);
  if (config.name.find('/') != std::string::npos || config.name.find('\\') != std::string::npos ||
      config.name == "." || config.name == "..") {
    out.findings.push_back(source_finding("thunderbird-autoconfig-error", core::Severity::Warning,
                                          i18n::msg("{1}:{2}: general.config.filename names '{3}', but "
                                                    "Thunderbird accepts only a file name in {4}; Thunderbird reports "
                                                    "an error at startup and applies none of its prefs",
                                                    {config.file, config_line, config_name, dir.string()}),
                                          config.file, config.line));
    return;
  }
  out.files.push_back(cfg_path);
  auto bytes = util::read_file(cfg, kMaxAutoConfigBytes);
  if (!bytes) {
    out.findings.push_back(source_finding("thunderbird-autoconfig-error", core::Severity::Warning,
                                          i18n::msg("{1}:{2}: general.config.filename names '{3}', but {4}; "
                                                    "Thunderbird reports an error at startup and applies none of its "
                                                    "prefs",
                                                    {config.file, config_line, config_name, i18n::text_of(bytes.error())}),
                                          cfg_path, 0));
    return;
  }
  std::string decoded = decode_obscured(*bytes, config.obscure);
  auto scan = scan_autoconfig(decoded, cfg_path);
  if (!scan) {
    out.findings.push_back(source_finding("thunderbird-autoconfig-error", core::Severity::Warning,
                                          config.obscure > 0
                                              ? i18n::msg("{1} (AutoConfig, obscure_value {2}); Thunderbird reports "
                                                          "an error at startup and applies none of its prefs",
                                                          {i18n::text_of(scan.error()), std::to_string(config.obscure)})
                                              : i18n::msg("{1} (AutoConfig); Thunderbird reports an error at startup "
                                                          "and applies none of its prefs",
                                                          {i18n::text_of(scan.error())}),
                                          cfg_path, 0));
    return;
  }
  if (scan->code_line > 0) {
    const std::string code_line = std::to_string(scan->code_line);
    out.findings.push_back(source_finding(
        "thunderbird-autoconfig-code", core::Severity::Info,
        scan->remote_url.empty()
            ? i18n::msg("AutoConfig {1}:{2} runs code mailmend does not evaluate; values it sets at startup may differ",
                        {cfg_path, code_line})
            : i18n::msg("AutoConfig {1}:{2} runs code mailmend does not evaluate (it also loads {3}); values it sets "
                        "at startup may differ",
                        {cfg_path, code_line, util::printable(scan->remote_url)}),
        cfg_path, scan->code_line));
  }
  for (auto& p : scan->prefs) out.prefs.push_back(std::move(p));
}

i18n::Text describe(const AdminPref& p) {
  const std::initializer_list<i18n::Text> args{p.layer == PrefLayer::AutoConfig ? "AutoConfig " + p.setter : p.setter,
                                               p.file + ":" + std::to_string(p.line)};
  if (p.status == PrefStore::PolicyStatus::Locked) {
    return p.certain ? i18n::msg("locked by {1} in {2}", args)
                     : i18n::msg("maybe locked by {1} in {2} (in code mailmend does not evaluate)", args);
  }
  return p.certain ? i18n::msg("set at every start by {1} in {2}", args)
                   : i18n::msg("maybe set at every start by {1} in {2} (in code mailmend does not evaluate)", args);
}

}  // namespace

std::string decode_obscured(std::string_view bytes, int obscure_value) {
  std::string out(bytes);
  if (obscure_value <= 0) return out;
  auto shift = static_cast<unsigned char>(obscure_value & 0xFF);
  for (char& c : out) c = static_cast<char>(static_cast<unsigned char>(c) - shift);
  return out;
}

util::Result<CfgScan> scan_autoconfig(std::string_view decoded, std::string_view path) {
  if (decoded.size() > kMaxAutoConfigBytes) {
    return i18n::error(i18n::msg("{1}: larger than {2} MB, refused",
                                 {std::string(path), std::to_string(kMaxAutoConfigBytes / (1024 * 1024))}));
  }
  // Thunderbird skips the first line (through \n, \r or \r\n) before it runs the script.
  std::size_t start = 0;
  while (start < decoded.size() && decoded[start] != '\n' && decoded[start] != '\r') ++start;
  if (start < decoded.size()) {
    if (decoded[start] == '\r' && start + 1 < decoded.size() && decoded[start + 1] == '\n') ++start;
    ++start;
  }
  return CfgParser(decoded, start, 2, path).run();
}

InstallConfig read_install_config(const std::vector<fs::path>& install_dirs) {
  InstallConfig out;
  std::error_code ec;
  std::vector<fs::path> seen;
  for (const auto& dir : install_dirs) {
    if (!fs::is_directory(dir, ec)) continue;
    bool dup = false;
    for (const auto& s : seen) dup = dup || fs::equivalent(s, dir, ec);
    if (dup) continue;
    seen.push_back(dir);
    read_install_dir(dir, out);
  }
  return out;
}

void apply_install_config(const InstallConfig& config, PrefStore& store) {
  for (const auto& p : config.prefs) {
    if (!p.certain) continue;
    store.add_admin(p.layer, p.file, p.line, p.setter, p.name, p.value, p.status);
  }
}

i18n::Text install_override(const InstallConfig& config, std::string_view pref) {
  // The last one Thunderbird applies wins; a certain lock beats everything else.
  const AdminPref* found = nullptr;
  for (const auto& p : config.prefs) {
    if (p.name != pref || p.status == PrefStore::PolicyStatus::Default || p.status == PrefStore::PolicyStatus::Clear) {
      continue;
    }
    if (!found || (found->certain <= p.certain)) found = &p;
  }
  return found ? describe(*found) : i18n::Text();
}

}  // namespace adapters::thunderbird
