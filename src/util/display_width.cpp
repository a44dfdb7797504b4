#include "util/display_width.hpp"

#include <cstdint>

#include "util/char_width.hpp"
#include "util/utf8_decode.hpp"

namespace util {
namespace {

struct CodePoint {
  std::string_view bytes;
  std::int32_t value = -1;  // -1: a byte that is not valid UTF-8
};

// The code point at the start of `text` (never empty).
CodePoint next_code_point(std::string_view text) {
  if (static_cast<unsigned char>(text[0]) < 0x80) return {text.substr(0, 1), static_cast<unsigned char>(text[0])};
  char32_t value = 0;
  const int n = decode_utf8(text.data(), text.data() + text.size(), value);
  if (n <= 0) return {text.substr(0, 1), -1};
  return {text.substr(0, static_cast<std::size_t>(n)), static_cast<std::int32_t>(value)};
}

std::size_t width_of(const CodePoint& c) {
  if (c.value < 0) return 1;
  if (c.value < 0x80) return c.value >= 0x20 && c.value < 0x7F ? 1 : 0;  // as char_width says
  return char_width(static_cast<char32_t>(c.value));
}

// Punctuation a CJK line may not start with, and punctuation it may not end with.
constexpr std::u32string_view kNoBreakBefore = U"\uFF0C\u3002\u3001\uFF1B\uFF1A\uFF1F\uFF01\uFF09\u300D\u300F\u3011\u300B\u201D\u2019";
constexpr std::u32string_view kNoBreakAfter = U"\uFF08\u300C\u300E\u3010\u300A\u201C\u2018";

bool in(std::u32string_view set, std::int32_t c) {
  return c >= 0x2000 && set.find(static_cast<char32_t>(c)) != std::u32string_view::npos;  // both sets lie above
}

// A piece that wrapping keeps whole: a run of narrow characters, or one wide character (with the
// punctuation that must stay with it). No space lies inside one, so it is a stretch of the text.
struct Piece {
  std::string_view text;
  std::size_t width = 0;
  bool space_before = false;  // a space separated it from the previous piece
};

std::vector<Piece> pieces_of(std::string_view text) {
  std::vector<Piece> pieces;
  bool space = false;
  bool previous_wide = true;        // the start behaves like after a wide character
  std::int32_t previous = -1;
  while (!text.empty()) {
    const CodePoint c = next_code_point(text);
    text.remove_prefix(c.bytes.size());
    if (c.value == ' ') {
      space = true;
      continue;
    }
    const std::size_t w = width_of(c);
    const bool wide = w >= 2;
    const bool starts_piece = pieces.empty() || space || wide || previous_wide;
    // Closing punctuation stays with what precedes it, opening punctuation with what follows:
    // such pieces are one piece, which goes to the next line whole.
    const bool joined = !space && !pieces.empty() && (in(kNoBreakBefore, c.value) || in(kNoBreakAfter, previous));
    if (starts_piece && !joined) {
      pieces.push_back(Piece{c.bytes, w, space});
    } else {
      Piece& last = pieces.back();
      last.text = std::string_view(last.text.data(), static_cast<std::size_t>(c.bytes.data() + c.bytes.size() - last.text.data()));
      last.width += w;
    }
    space = false;
    previous_wide = wide;
    previous = c.value;
    // After a narrow character, the ASCII characters that follow (not a space) only lengthen this
    // piece: an ASCII character is narrow and in neither punctuation set.
    std::size_t run = 0;
    while (!wide && run < text.size() && static_cast<unsigned char>(text[run]) < 0x80 && text[run] != ' ') {
      const char a = text[run++];
      pieces.back().width += a >= 0x20 && a < 0x7F ? 1 : 0;
      previous = static_cast<unsigned char>(a);
    }
    if (run > 0) {
      Piece& last = pieces.back();
      last.text = std::string_view(last.text.data(), static_cast<std::size_t>(text.data() + run - last.text.data()));
      text.remove_prefix(run);
      previous_wide = false;
    }
  }
  return pieces;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  while (!text.empty()) {
    const CodePoint c = next_code_point(text);
    text.remove_prefix(c.bytes.size());
    width += width_of(c);
  }
  return width;
}

std::string pad_to_width(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t have = display_width(text);
  if (have < width) out.append(width - have, ' ');
  return out;
}

std::vector<std::string> wrap_to_width(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_width = 0;
  for (const Piece& piece : pieces_of(text)) {
    const std::size_t gap = piece.space_before && !line.empty() ? 1 : 0;
    const bool fits = line_width + gap + piece.width <= width;
    if (!line.empty() && !fits) {
      lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
    } else if (gap) {
      line += ' ';
      line_width += 1;
    }
    line += piece.text;
    line_width += piece.width;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace util
