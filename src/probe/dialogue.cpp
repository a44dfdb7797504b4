#include "probe/dialogue.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace probe {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && util::iequals(s.substr(0, prefix.size()), prefix);
}

// Words separated by spaces (runs of spaces count as one separator).
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

void add_unique(std::vector<std::string>& list, std::string item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

enum class Verdict { More, Last, Bad };

// Splits complete lines off the start of `bytes` and asks `judge(line, index)` whether the reply
// ends with it. Every limit is checked before anything is kept, including on an unfinished line.
template <class Judge>
Framed frame_lines(std::string_view bytes, const Limits& limits, std::string_view protocol, Judge judge) {
  Reply reply;
  std::size_t pos = 0;
  while (true) {
    std::size_t nl = bytes.find('\n', pos);
    std::size_t line_end = nl == std::string_view::npos ? bytes.size() : nl;
    std::size_t line_len = line_end - pos;
    if (line_len > 0 && nl != std::string_view::npos && bytes[line_end - 1] == '\r') --line_len;
    if (line_len > limits.max_line) {
      return util::make_error(std::string(protocol) + " reply: a line longer than " +
                              std::to_string(limits.max_line) + " bytes");
    }
    std::size_t reach = nl == std::string_view::npos ? bytes.size() : nl + 1;
    if (reach > limits.max_total) {
      return util::make_error(std::string(protocol) + " reply: longer than " + std::to_string(limits.max_total) +
                              " bytes");
    }
    if (nl == std::string_view::npos) return std::optional<Reply>{};
    if (reply.lines.size() >= limits.max_lines) {
      return util::make_error(std::string(protocol) + " reply: more than " + std::to_string(limits.max_lines) +
                              " lines");
    }
    std::string_view line = bytes.substr(pos, line_len);
    pos = nl + 1;
    Verdict v = judge(line, reply.lines.size());
    if (v == Verdict::Bad) {
      return util::make_error(std::string(protocol) + " reply: unexpected line \"" + util::printable(line, 80) +
                              "\"");
    }
    reply.lines.emplace_back(line);
    if (v == Verdict::Last) {
      reply.consumed = pos;
      return std::optional<Reply>{std::move(reply)};
    }
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_smtp_line(std::string_view line) {
  return line.size() >= 3 && is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

// "5.7.8" at the start of `text`: class.subject.detail, each 1-3 digits.
std::size_t enhanced_code_length(std::string_view text) {
  std::size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i]) && i - start < 3) ++i;
    if (i == start) return 0;
    if (part < 2) {
      if (i >= text.size() || text[i] != '.') return 0;
      ++i;
    }
  }
  if (i < text.size() && text[i] != ' ') return 0;
  return i;
}

}  // namespace

Framed frame_imap(std::string_view bytes, std::string_view tag, const Limits& limits) {
  return frame_lines(bytes, limits, "IMAP", [&](std::string_view line, std::size_t) {
    if (tag.empty()) return Verdict::Last;
    if (line.size() > tag.size() && line.substr(0, tag.size()) == tag && line[tag.size()] == ' ') return Verdict::Last;
    if (line == "+" || line.starts_with("+ ")) return Verdict::Last;
    if (starts_with_icase(line, "* BYE")) return Verdict::Last;
    return Verdict::More;
  });
}

Framed frame_pop3_line(std::string_view bytes, const Limits& limits) {
  return frame_lines(bytes, limits, "POP3", [](std::string_view, std::size_t) { return Verdict::Last; });
}

Framed frame_pop3_multiline(std::string_view bytes, const Limits& limits) {
  auto framed = frame_lines(bytes, limits, "POP3", [](std::string_view line, std::size_t index) {
    if (index == 0) return pop3_ok(line) ? Verdict::More : Verdict::Last;
    return line == "." ? Verdict::Last : Verdict::More;
  });
  if (!framed || !*framed) return framed;
  auto& lines = (*framed)->lines;
  if (lines.size() > 1 && lines.back() == ".") lines.pop_back();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].starts_with("..")) lines[i].erase(0, 1);
  }
  return framed;
}

Framed frame_smtp(std::string_view bytes, const Limits& limits) {
  return frame_lines(bytes, limits, "SMTP", [](std::string_view line, std::size_t) {
    if (!is_smtp_line(line)) return Verdict::Bad;
    return line.size() == 3 || line[3] == ' ' ? Verdict::Last : Verdict::More;
  });
}

Capabilities imap_capabilities(const Reply& reply) {
  Capabilities caps;
  auto take = [&](std::string_view atoms) {
    for (auto atom : words(atoms)) {
      std::string item = upper(atom);
      if (item.starts_with("AUTH=") && item.size() > 5) add_unique(caps.auth_mechanisms, item.substr(5));
      if (item == "STARTTLS") caps.starttls = true;
      if (item == "LOGINDISABLED") caps.login_disabled = true;
      add_unique(caps.items, std::move(item));
    }
  };
  for (std::string_view line : reply.lines) {
    if (starts_with_icase(line, "* CAPABILITY ")) {
      take(line.substr(13));
      continue;
    }
    std::size_t open = line.find('[');
    if (open != std::string_view::npos && starts_with_icase(line.substr(open + 1), "CAPABILITY ")) {
      std::string_view rest = line.substr(open + 12);
      take(rest.substr(0, rest.find(']')));
    }
  }
  return caps;
}

Capabilities pop3_capabilities(const Reply& reply) {
  Capabilities caps;
  if (reply.lines.empty() || !pop3_ok(reply.lines.front())) return caps;
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    auto parts = words(reply.lines[i]);
    if (parts.empty()) continue;
    std::string keyword = upper(parts.front());
    std::string item = keyword;
    for (std::size_t p = 1; p < parts.size(); ++p) item += " " + std::string(parts[p]);
    if (keyword == "STLS") caps.starttls = true;
    if (keyword == "SASL") {
      caps.sasl_listed = true;
      for (std::size_t p = 1; p < parts.size(); ++p) add_unique(caps.auth_mechanisms, upper(parts[p]));
    }
    add_unique(caps.items, std::move(item));
  }
  return caps;
}

Capabilities smtp_capabilities(const Reply& reply) {
  Capabilities caps;
  if (reply.lines.empty() || !reply.lines.front().starts_with('2')) return caps;
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    std::string_view text = std::string_view(reply.lines[i]).substr(std::min<std::size_t>(4, reply.lines[i].size()));
    auto parts = words(text);
    if (parts.empty()) continue;
    std::string keyword = upper(parts.front());
    std::vector<std::string_view> args(parts.begin() + 1, parts.end());
    if (keyword.starts_with("AUTH=")) {  // the pre-RFC 4954 form some servers still list
      if (keyword.size() > 5) args.insert(args.begin(), std::string_view(parts.front()).substr(5));
      keyword = "AUTH";
    }
    std::string item = keyword;
    for (auto a : args) item += " " + std::string(a);
    if (keyword == "STARTTLS") caps.starttls = true;
    if (keyword == "AUTH") {
      for (auto a : args) add_unique(caps.auth_mechanisms, upper(a));
    }
    if (keyword == "SIZE" && !args.empty()) {
      if (auto n = util::parse_int(args.front(), 0, INT64_MAX)) caps.max_size = *n;
    }
    add_unique(caps.items, std::move(item));
  }
  return caps;
}

ImapStatus imap_status(std::string_view line) {
  ImapStatus s;
  std::size_t sp = line.find(' ');
  s.tag = std::string(line.substr(0, sp));
  if (sp == std::string_view::npos) return s;
  std::string_view rest = line.substr(sp + 1);
  if (s.tag == "+") {
    s.text = std::string(rest);
    return s;
  }
  sp = rest.find(' ');
  s.status = upper(rest.substr(0, sp));
  rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
  if (rest.starts_with('[')) {
    std::size_t close = rest.find(']');
    std::string_view code = rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    s.code = upper(code.substr(0, code.find(' ')));
    rest = close == std::string_view::npos ? std::string_view{} : util::trim(rest.substr(close + 1));
  }
  s.text = std::string(rest);
  return s;
}

SmtpStatus smtp_status(const Reply& reply) {
  SmtpStatus s;
  if (reply.lines.empty()) return s;
  std::string_view last = reply.lines.back();
  if (!is_smtp_line(last)) return s;
  s.code = (last[0] - '0') * 100 + (last[1] - '0') * 10 + (last[2] - '0');
  std::string_view text = last.size() > 4 ? last.substr(4) : std::string_view{};
  if (std::size_t n = enhanced_code_length(text)) {
    s.enhanced = std::string(text.substr(0, n));
    text = util::trim(text.substr(n));
  }
  s.text = std::string(text);
  return s;
}

bool pop3_ok(std::string_view line) {
  return starts_with_icase(line, "+OK") && (line.size() == 3 || line[3] == ' ');
}

std::string base64(std::string_view bytes) {
  std::string out;
  append_base64(out, bytes);
  return out;
}

void append_base64(std::string& out, std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
}

bool append_imap_quoted(std::string& out, std::string_view value) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) return false;
  out += '"';
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  out += '"';
  return true;
}

}  // namespace probe
