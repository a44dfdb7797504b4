#pragma once
// A user prefs file (prefs.js, user.js) read from disk in windows of bytes: the tokenizer runs over one
// window at a time and resumes after the last complete statement, so a 64 MB file costs one window of
// memory rather than its size.
#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/thunderbird/prefs_tokenizer.hpp"
#include "util/file.hpp"
#include "util/result.hpp"

namespace adapters::thunderbird {

inline constexpr std::size_t kPrefsHeadBytes = 64 * 1024;
inline constexpr std::size_t kPrefsWindowBytes = std::size_t{1} << 20;
// A file of at most this many bytes is read in one window and handed back whole (every real
// profile's prefs.js), so that the second pass tokenizes the same bytes without reading them again.
inline constexpr std::size_t kPrefsKeptWholeBytes = 256 * 1024;

// What the damage checks need of the bytes themselves.
struct PrefsFileFacts {
  std::size_t size = 0;      // bytes read: up to and including the first NUL (libpref's end of input)
  bool ends_at_nul = false;
  bool blank = true;         // nothing but whitespace before the end or the NUL
  std::string head;          // the first kPrefsHeadBytes bytes (a cut header is far shorter)
  // Every byte read (up to and including the first NUL), for a whole file of at most
  // kPrefsKeptWholeBytes; nothing for a larger one or a span that does not start the file.
  std::optional<std::string> whole;
  util::FileVersion version;  // the file's size, write time and identity when it was opened
};

// Streams the statements and errors of `file` into `sink` in file order, exactly as tokenize_prefs over
// its bytes up to the first NUL would. Fails when the file cannot be read or is larger than kMaxPrefsBytes.
util::Result<PrefsFileFacts> stream_prefs_file(const std::filesystem::path& file, PrefSink& sink,
                                               std::size_t window = kPrefsWindowBytes);

// Streams bytes a stream_prefs_file handed back (PrefsFileFacts::whole) into `sink`, exactly as it
// streamed them from the file.
void stream_kept_prefs(std::string_view whole, PrefSink& sink);

// A stretch of a prefs file: from a point where the tokenizer restarts (the file's start, or a
// resume point the sink was given, on its line) through the statements that start before `end`.
struct PrefSpan {
  std::size_t begin = 0;
  int line = 1;
  std::size_t end = std::numeric_limits<std::size_t>::max();
};

// As stream_prefs_file, but only the statements of `spans` (in file order, not overlapping): what
// they deliver is exactly what the whole file delivers between their bounds. The facts cover only
// the bytes read. `spans_of`: the version of the file the spans were found in; when the file is
// another now (written or replaced since), their offsets mean nothing and the whole file is streamed.
util::Result<PrefsFileFacts> stream_prefs_spans(const std::filesystem::path& file, PrefSink& sink,
                                                const std::vector<PrefSpan>& spans,
                                                std::size_t window = kPrefsWindowBytes,
                                                const util::FileVersion* spans_of = nullptr);

}  // namespace adapters::thunderbird
