#pragma once
// A prefs.js tokenizer that accepts exactly what Gecko's libpref parser accepts (thunderbird.md §1.1),
// and keeps the byte range of every statement and of its value token so that a writer can replace
// one value and leave every other byte as it was.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/result.hpp"

namespace adapters::thunderbird {

// User files (prefs.js, user.js) accept only user_pref(); default files (defaults/pref/*.js) also
// accept pref() and sticky_pref() and the attributes `sticky` and `locked`.
enum class PrefFileKind { User, Default };
enum class PrefSpec { UserPref, Pref, StickyPref };

// A parsed value: string (raw bytes after unescaping), 32-bit int, or bool.
using PrefValue = std::variant<std::string, std::int32_t, bool>;
std::string_view type_name(const PrefValue& v);  // "string", "int", "bool"

struct ByteRange {
  std::size_t begin = 0;  // offset into the original bytes (a leading BOM included)
  std::size_t end = 0;    // one past the last byte
  bool operator==(const ByteRange&) const = default;
};

struct PrefStatement {
  PrefSpec spec = PrefSpec::UserPref;
  std::string name;
  PrefValue value;
  ByteRange range;        // from the first byte of the specifier to the ';' inclusive
  ByteRange value_range;  // the value token; for a signed int, from the sign to the last digit
  int line = 0;           // line of the specifier
  int value_line = 0;     // line where the value token starts
  bool sticky = false;
  bool locked = false;
};

// One syntax error; the statement it occurred in was skipped up to and including the next ';'.
struct PrefError {
  int line = 0;
  std::string reason;  // libpref's own wording, e.g. "unterminated string literal"
  // The input ended before the statement did (no ';' after the error): a file cut short ends so.
  bool at_end = false;
};

struct PrefTokens {
  std::vector<PrefStatement> statements;  // in file order; duplicates kept
  std::vector<PrefError> errors;
};

// The same statement as the tokenizer sees it: names and string values point into buffers that are
// reused for the next statement, so a sink copies what it keeps.
struct PrefStatementView {
  PrefSpec spec = PrefSpec::UserPref;
  std::string_view name;
  std::variant<std::string_view, std::int32_t, bool> value;
  ByteRange range;
  ByteRange value_range;
  int line = 0;
  int value_line = 0;
  bool sticky = false;
  bool locked = false;
};

// Receives statements and errors in file order, like libpref's callbacks.
class PrefSink {
 public:
  virtual ~PrefSink() = default;
  virtual void statement(const PrefStatementView& statement) = 0;
  virtual void error(const PrefError& error) = 0;
  // The parser stands after a ';' that ended a statement (or a skipped one) at `offset`, on `line`:
  // what comes next cannot change what was delivered, so a reader in windows may resume there.
  virtual void resume_point(std::size_t offset, int line) { (void)offset, (void)line; }
  // A reader of a file says its size before the first statement, so that a sink can make room.
  virtual void expect_bytes(std::uint64_t size) { (void)size; }
};

inline constexpr std::size_t kMaxPrefsBytes = 64u * 1024u * 1024u;

// Tokenizes the bytes of a prefs file. Fails (naming `path`) only when the input is larger than
// kMaxPrefsBytes; syntax errors are collected in PrefTokens::errors and parsing goes on.
// The streaming form: no per-statement allocation. Fails only like the form below.
util::Status tokenize_prefs(std::string_view bytes, std::string_view path, PrefSink& sink,
                            PrefFileKind kind = PrefFileKind::User);

util::Result<PrefTokens> tokenize_prefs(std::string_view bytes, std::string_view path,
                                        PrefFileKind kind = PrefFileKind::User);

// One window of a user file that starts at a resume point: line numbers count from `first_line`, byte
// offsets (ranges and resume points) from `base`, the window's place in the file; a byte order mark
// is skipped only when `file_start`.
void tokenize_prefs_window(std::string_view window, int first_line, bool file_start, PrefSink& sink,
                           std::size_t base = 0);

}  // namespace adapters::thunderbird
