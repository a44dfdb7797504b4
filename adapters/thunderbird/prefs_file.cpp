#include "adapters/thunderbird/prefs_file.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "util/file.hpp"
#include "util/safe_fs.hpp"

namespace adapters::thunderbird {
namespace {

// Passes on what one window yields, with offsets made the file's. Errors wait for the resume point
// after them: at a window's end, an error without one may only be the window's cut.
class WindowSink : public PrefSink {
 public:
  explicit WindowSink(PrefSink& inner) : inner_(inner) {}

  // Statements that start at or after `end` (file offset) are not passed on.
  void limit(std::size_t end) { end_ = end; }
  // A window starts (the tokenizer counts its offsets from the file's start).
  void start() {
    pending_.clear();
    resumed_ = false;
  }
  void statement(const PrefStatementView& v) override {
    if (v.range.begin < end_) inner_.statement(v);
  }
  void error(const PrefError& e) override { pending_.push_back(e); }
  void resume_point(std::size_t offset, int line) override {
    for (const auto& e : pending_) inner_.error(e);
    pending_.clear();
    resume_offset_ = offset;
    resume_line_ = line;
    resumed_ = true;
    inner_.resume_point(offset, line);
  }
  // The file ended in this window: what is pending is the file's own.
  void finish() {
    for (const auto& e : pending_) inner_.error(e);
    pending_.clear();
  }

  bool resumed() const { return resumed_; }
  std::size_t resume_offset() const { return resume_offset_; }
  int resume_line() const { return resume_line_; }

 private:
  PrefSink& inner_;
  std::size_t end_ = std::numeric_limits<std::size_t>::max();
  std::vector<PrefError> pending_;
  bool resumed_ = false;
  std::size_t resume_offset_ = 0;
  int resume_line_ = 1;
};

// The bytes of the file from a window's start on, grown for each read without being zero-filled
// first (the read overwrites them: filling 64 KB before every read was ~4 % of a large audit).
class ReadBuffer {
 public:
  std::size_t size() const { return size_; }
  std::string_view view() const { return {bytes_.get(), size_}; }
  // Room for `n` more bytes at the end, counted in size() (shrink_to takes back what a read did not fill).
  char* grow(std::size_t n) {
    if (size_ + n > capacity_) {
      const std::size_t capacity = std::max(size_ + n, 2 * capacity_);
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
      if (size_ > 0) std::memcpy(bigger.get(), bytes_.get(), size_);
      bytes_ = std::move(bigger);
      capacity_ = capacity;
    }
    char* end = bytes_.get() + size_;
    size_ += n;
    return end;
  }
  void shrink_to(std::size_t n) { size_ = std::min(size_, n); }
  void drop_front(std::size_t n) {
    n = std::min(n, size_);
    std::memmove(bytes_.get(), bytes_.get() + n, size_ - n);
    size_ -= n;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0, capacity_ = 0;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

void note_bytes(PrefsFileFacts& facts, std::string_view bytes) {
  if (facts.head.size() < kPrefsHeadBytes) facts.head.append(bytes.substr(0, kPrefsHeadBytes - facts.head.size()));
  if (!facts.blank) return;
  for (char c : bytes) {
    if (!is_space(c) && c != '\0') {
      facts.blank = false;
      return;
    }
  }
}

}  // namespace

namespace {

const std::vector<PrefSpan> kWholeFile{PrefSpan{}};

util::Error larger_than_allowed(const std::filesystem::path& file) {
  return util::make_error(file.string() + ": larger than " + std::to_string(kMaxPrefsBytes / (1024 * 1024)) +
                          " MB, refused");
}

// Streams one span of the open file into `windows` (see stream_prefs_spans); `facts` gathers what
// was read.
util::Status stream_span(const util::OpenRegularFile& opened, const std::filesystem::path& file, const PrefSpan& span,
                         WindowSink& windows, std::size_t window, PrefsFileFacts& facts) {
  if (span.begin > 0) {
    if (auto moved = util::seek_to(opened.fd(), span.begin, file); !moved) return moved;
  }
  windows.limit(span.end);
  ReadBuffer buf;                    // the bytes from `start` on
  std::size_t start = span.begin;    // file offset of buf[0]
  std::size_t read_to = span.begin;  // file offset of the next byte to read
  int line = span.line;              // line at `start`
  bool at_end = false;
  constexpr std::size_t kRead = 1 << 16;
  for (;;) {
    while (!at_end && buf.size() < window) {
      const std::size_t old = buf.size();
      // What is left of the file, and one byte more to see its end (a small file costs no 64 KB fill).
      const auto left = static_cast<std::size_t>(opened.size()) - std::min<std::size_t>(opened.size(), read_to);
      const std::size_t want = left > 0 ? std::min(kRead, left + 1) : 4096;  // 4096: a file still growing
      char* into = buf.grow(want);
      auto n = util::read_some(opened.fd(), into, want, file);
      if (!n) {
        buf.shrink_to(old);
        return n.error();
      }
      std::size_t got = *n;
      if (got == 0) at_end = true;
      if (const void* nul = std::memchr(into, '\0', got)) {
        got = static_cast<std::size_t>(static_cast<const char*>(nul) - into) + 1;
        facts.ends_at_nul = at_end = true;
      }
      buf.shrink_to(old + got);
      note_bytes(facts, buf.view().substr(old));
      facts.size += got;
      read_to += got;
      if (read_to > kMaxPrefsBytes) return larger_than_allowed(file);
    }
    windows.start();
    tokenize_prefs_window(buf.view(), line, start == 0, windows, start);
    if (at_end) break;
    if (!windows.resumed()) {
      window *= 2;  // one statement (a long string) longer than the window
      continue;
    }
    if (windows.resume_offset() >= span.end) break;
    buf.drop_front(windows.resume_offset() - start);
    start = windows.resume_offset();
    line = windows.resume_line();
  }
  windows.finish();
  if (start == 0 && at_end && buf.size() <= kPrefsKeptWholeBytes) facts.whole = std::string(buf.view());
  return {};
}

}  // namespace

util::Result<PrefsFileFacts> stream_prefs_spans(const std::filesystem::path& file, PrefSink& sink,
                                                const std::vector<PrefSpan>& spans, std::size_t window,
                                                const util::FileVersion* spans_of) {
  auto opened = util::OpenRegularFile::open(file);
  if (!opened) return opened.error();
  if (opened->size() > kMaxPrefsBytes) return larger_than_allowed(file);
  PrefsFileFacts facts;
  facts.version = opened->version();
  const bool moved_on = spans_of != nullptr && !(*spans_of == opened->version());
  sink.expect_bytes(opened->size());
  WindowSink windows(sink);
  for (const auto& span : moved_on ? kWholeFile : spans) {
    if (auto streamed = stream_span(*opened, file, span, windows, window, facts); !streamed) return streamed.error();
  }
  return facts;
}

void stream_kept_prefs(std::string_view whole, PrefSink& sink) {
  WindowSink windows(sink);  // the same order of statements and errors as one window read from the file
  windows.start();
  tokenize_prefs_window(whole, 1, true, windows);
  windows.finish();
}

util::Result<PrefsFileFacts> stream_prefs_file(const std::filesystem::path& file, PrefSink& sink, std::size_t window) {
  return stream_prefs_spans(file, sink, kWholeFile, window);
}

}  // namespace adapters::thunderbird
