#include "report/summary_input.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "util/file.hpp"
#include "util/json_limits.hpp"
#include "util/safe_fs.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace report::summary_input {
namespace {

constexpr std::size_t kChunkBytes = 1u << 20;
constexpr std::size_t kMaxValueBytes = util::kDefaultMaxFileBytes;  // one report or record
// Files up to this size are read several at a time; a larger one (an NDJSON file of a whole
// fleet) streams its reports straight into the summary, so they never wait in memory.
constexpr std::uintmax_t kParallelFileBytes = 4u << 20;
constexpr std::size_t kBatchFiles = 256;
const char* const kStandardInput = "(standard input)";

bool is_report_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return util::ends_with_icase(name, ".json") || util::ends_with_icase(name, ".ndjson") ||
         util::ends_with_icase(name, ".jsonl");
}

// Reads one stream (a file or standard input) value by value. A file that starts with a value
// that is not a report is named once (as a whole); after one good value, or in a file named
// *.ndjson / *.jsonl, or on standard input, it is a stream of records: a bad one is named by its
// line, and reading goes on at the next line that starts with '{'.
class StreamReader {
 public:
  using Emit = std::function<void(Event&&)>;
  StreamReader(int fd, std::string shown, bool records, std::uintmax_t size, const Emit& emit)
      : fd_(fd), shown_(std::move(shown)), records_(records), size_(size), emit_(emit) {}

  void run() {
    for (;;) {
      skip_space();
      if (pos_ == buf_.size()) {
        if (eof_ || !fill()) break;
        continue;
      }
      scan::Digest d;
      const auto r = scan::scan_value(buf_, pos_, eof_, d);
      if (r.outcome == scan::Outcome::NeedMore) {
        if (buf_.size() - pos_ > kMaxValueBytes) return problem(shown_here() + ": a value larger than " +
                                                               std::to_string(kMaxValueBytes >> 20) + " MB, refused");
        if (!fill()) break;
        continue;
      }
      if (r.outcome == scan::Outcome::Value && d.kind != scan::Kind::Other) {
        ++values_;
        take(std::move(d));
        pos_ = r.end;
        continue;
      }
      const bool as_stream = records_ || values_ > 0;
      problem(as_stream ? shown_here() + ": " + stream_problem(r) : shown_ + ": " + file_problem(r));
      if (!as_stream || !resync()) break;
    }
    flush();
  }

 private:
  std::string file_problem(const scan::Scanned& r) const {
    if (r.outcome == scan::Outcome::TooDeep) return too_deep();
    if (r.outcome == scan::Outcome::Value) return "not a mailmend JSON report";
    const std::uintmax_t total = eof_ ? consumed_ + buf_.size() : std::max<std::uintmax_t>(size_, consumed_ + buf_.size());
    return "invalid or truncated JSON (it breaks off or goes wrong at byte " + std::to_string(consumed_ + r.end + 1) +
           " of " + std::to_string(total) + ")";
  }

  std::string stream_problem(const scan::Scanned& r) const {
    if (r.outcome == scan::Outcome::TooDeep) return too_deep();
    if (r.outcome == scan::Outcome::Value) return "not a mailmend JSON report or NDJSON record";
    return "invalid or truncated JSON (it breaks off or goes wrong at byte " + std::to_string(r.end - pos_ + 1) +
           " of the value that starts on this line)";
  }

  static std::string too_deep() {
    return "not a mailmend JSON report (nested deeper than " + std::to_string(util::kMaxJsonDepth) + " levels)";
  }

  // The name of the stream with the line the current value starts on.
  std::string shown_here() { return shown_ + ":" + std::to_string(line_at(pos_)); }

  std::size_t line_at(std::size_t offset) {
    line_ += static_cast<std::size_t>(std::count(buf_.begin() + static_cast<std::ptrdiff_t>(counted_),
                                                 buf_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    counted_ = offset;
    return line_;
  }

  void skip_space() {
    while (pos_ < buf_.size() && (buf_[pos_] == ' ' || buf_[pos_] == '\n' || buf_[pos_] == '\r' || buf_[pos_] == '\t')) ++pos_;
  }

  // Drops what was read, then appends the next chunk; false on a read error (named).
  bool fill() {
    line_at(pos_);
    buf_.erase(0, pos_);
    consumed_ += pos_;
    counted_ -= pos_;
    pos_ = 0;
    const std::size_t old = buf_.size();
    const std::size_t want = std::max<std::size_t>(kChunkBytes, old);
    buf_.resize(old + want);
    auto n = util::read_some(fd_, buf_.data() + old, want, shown_);
    buf_.resize(old + (n ? *n : 0));
    if (!n) {
      problem(n.error().message);
      eof_ = true;
      return false;
    }
    if (*n == 0) eof_ = true;
    return true;
  }

  // Past a bad value: to the next line that starts with '{'; false at the end of the stream.
  bool resync() {
    std::size_t from = pos_ + 1;
    for (;;) {
      auto at = buf_.find("\n{", std::min(from, buf_.size()));
      if (at != std::string::npos) {
        pos_ = at + 1;
        return true;
      }
      if (eof_) return false;
      pos_ = buf_.empty() ? 0 : buf_.size() - 1;  // a '\n' there may pair with the next chunk's '{'
      if (!fill()) return false;
      from = 0;
    }
  }

  void problem(std::string line) { emit_(Event{Event::Kind::Problem, {}, std::move(line)}); }

  // A report goes out as it is; NDJSON records gather into the report of their run (host, machine
  // id and time), which goes out when a record of another run (or the end) comes.
  void take(scan::Digest&& d) {
    if (d.kind == scan::Kind::Report) {
      flush();
      emit_(Event{Event::Kind::Report, std::move(d), origin()});
      return;
    }
    if (!run_ || run_->host != d.host || run_->machine_id != d.machine_id || run_->generated_at != d.generated_at) {
      flush();
      run_.emplace();
      run_->kind = scan::Kind::RunRecord;
      run_->host = std::move(d.host);
      run_->machine_id = std::move(d.machine_id);
      run_->generated_at = std::move(d.generated_at);
      run_origin_ = origin();
    }
    if (d.kind == scan::Kind::RunRecord) {
      run_->record_accounts = d.record_accounts;
      run_->sources_failed += d.sources_failed;
      for (auto& c : d.source_clients) run_->source_clients.push_back(std::move(c));
    } else {
      run_->findings.push_back(d.findings.empty() ? scan::Finding{} : std::move(d.findings.front()));
    }
  }

  std::string origin() { return records_ || values_ > 1 ? shown_here() : shown_; }

  void flush() {
    if (!run_) return;
    emit_(Event{Event::Kind::Report, std::move(*run_), std::move(run_origin_)});
    run_.reset();
  }

  int fd_;
  std::string shown_;
  bool records_;
  std::uintmax_t size_;
  const Emit& emit_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uintmax_t consumed_ = 0;  // bytes dropped from the front of buf_
  std::size_t counted_ = 0, line_ = 1;
  bool eof_ = false;
  std::size_t values_ = 0;
  std::optional<scan::Digest> run_;
  std::string run_origin_;
};

struct Item {
  enum class Kind { File, StandardInput, Problem, EmptyFolder } kind;
  fs::path path;
  std::uintmax_t size = 0;
  std::string text;
};

bool streams_records(const fs::path& p) {
  const std::string name = p.filename().string();
  return util::ends_with_icase(name, ".ndjson") || util::ends_with_icase(name, ".jsonl");
}

void read_item(const Item& item, const StreamReader::Emit& emit) {
  switch (item.kind) {
    case Item::Kind::Problem: return emit(Event{Event::Kind::Problem, {}, item.text});
    case Item::Kind::EmptyFolder: return emit(Event{Event::Kind::EmptyFolder, {}, item.text});
    case Item::Kind::StandardInput: return StreamReader(0, kStandardInput, true, 0, emit).run();
    case Item::Kind::File: break;
  }
  auto file = util::OpenRegularFile::open(item.path);
  if (!file) return emit(Event{Event::Kind::Problem, {}, file.error().message});
  StreamReader(file->fd(), item.path.string(), streams_records(item.path), file->size(), emit).run();
}

void add_folder(const fs::path& folder, std::vector<Item>& items) {
  std::error_code ec;
  std::vector<Item> files;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && is_report_file(it->path())) {
      files.push_back(Item{Item::Kind::File, it->path(), it->file_size(ec), {}});
    }
  }
  if (ec) items.push_back(Item{Item::Kind::Problem, {}, 0, folder.string() + ": " + ec.message()});
  if (files.empty()) items.push_back(Item{Item::Kind::EmptyFolder, {}, 0, folder.string()});
  std::sort(files.begin(), files.end(), [](const Item& a, const Item& b) { return a.path < b.path; });
  for (auto& f : files) items.push_back(std::move(f));
}

std::vector<Item> list_items(const std::vector<fs::path>& inputs) {
  std::vector<Item> items;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (input == "-") {
      items.push_back(Item{Item::Kind::StandardInput, input, 0, {}});
    } else if (fs::is_directory(input, ec)) {
      add_folder(input, items);
    } else {
      const std::uintmax_t size = fs::file_size(input, ec);
      items.push_back(Item{Item::Kind::File, input, ec ? 0 : size, {}});
    }
  }
  return items;
}

bool parallel(const Item& item) { return item.kind == Item::Kind::File && item.size <= kParallelFileBytes; }

// Reads items [first, last) on `threads` threads, then delivers their events in order.
void read_batch(const std::vector<Item>& items, std::size_t first, std::size_t last, unsigned threads,
                const std::function<void(Event&&)>& deliver) {
  std::vector<std::vector<Event>> events(last - first);
  std::atomic<std::size_t> next{first};
  auto work = [&] {
    for (std::size_t i; (i = next++) < last;) {
      auto& out = events[i - first];
      read_item(items[i], [&out](Event&& e) { out.push_back(std::move(e)); });
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads && t < last - first; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
  for (auto& file_events : events) {
    for (auto& e : file_events) deliver(std::move(e));
  }
}

}  // namespace

void read_inputs(const std::vector<fs::path>& inputs, unsigned threads,
                 const std::function<void(Event&&)>& deliver) {
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  const std::vector<Item> items = list_items(inputs);
  for (std::size_t i = 0; i < items.size();) {
    if (!parallel(items[i])) {
      read_item(items[i++], deliver);
      continue;
    }
    std::size_t last = i;
    while (last < items.size() && last - i < kBatchFiles && parallel(items[last])) ++last;
    read_batch(items, i, last, threads, deliver);
    i = last;
  }
}

}  // namespace report::summary_input
