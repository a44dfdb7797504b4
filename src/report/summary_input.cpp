#include "report/summary_input.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
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
const char* const kStandardInput = "(standard input)";

// A read buffer that is not zero-filled when it grows (a std::string is: at a chunk per file that
// was most of the summary's time) and is kept for the next file read on the same thread.
class ReadBuffer {
 public:
  std::string_view view() const { return {data_.get(), size_}; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char operator[](std::size_t i) const { return data_[i]; }

  void drop_front(std::size_t n) {
    if (n < size_) std::memmove(data_.get(), data_.get() + n, size_ - n);
    size_ = n < size_ ? size_ - n : 0;
  }
  void clear() { size_ = 0; }
  // Room for `n` more bytes after the current ones, not initialised.
  char* room(std::size_t n) {
    if (size_ + n > capacity_) {
      const std::size_t capacity = std::max(size_ + n, capacity_ * 2);
      std::unique_ptr<char[]> bigger(new char[capacity]);
      if (size_) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  void grew(std::size_t n) { size_ += n; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

// Each thread reads its files into one buffer; a buffer that grew past this is let go afterwards.
constexpr std::size_t kKeptBufferBytes = 4u << 20;
ReadBuffer& thread_buffer() {
  thread_local ReadBuffer buffer;
  return buffer;
}

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
  // `size`: a regular file's size when opened (it is read to there, then to a read that returns
  // nothing or less than asked); 0 for a stream.
  StreamReader(int fd, std::string shown, bool records, std::uintmax_t size, const Emit& emit)
      : fd_(fd), shown_(std::move(shown)), records_(records), size_(size), emit_(emit), buf_(thread_buffer()) {
    buf_.clear();
  }
  ~StreamReader() {
    if (buf_.size() > kKeptBufferBytes) buf_ = ReadBuffer();
  }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  void run() {
    for (;;) {
      skip_space();
      if (pos_ == buf_.size()) {
        if (eof_ || !fill()) break;
        continue;
      }
      scan::Digest d;
      const auto r = scan::scan_value(buf_.view(), pos_, eof_, d);
      if (r.outcome == scan::Outcome::NeedMore) {
        if (buf_.size() - pos_ > kMaxValueBytes) {
          return problem(i18n::msg("{1}: a value larger than {2} MB, refused",
                                   {shown_here(), std::to_string(kMaxValueBytes >> 20)}));
        }
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
      problem(as_stream ? i18n::msg("{1}: {2}", {shown_here(), stream_problem(r)}) : i18n::msg("{1}: {2}", {shown_, file_problem(r)}));
      if (!as_stream || !resync()) break;
    }
    flush();
  }

 private:
  i18n::Text file_problem(const scan::Scanned& r) const {
    if (r.outcome == scan::Outcome::TooDeep) return too_deep();
    if (r.outcome == scan::Outcome::Value) return i18n::msg("not a mailmend JSON report");
    const std::uintmax_t total = eof_ ? consumed_ + buf_.size() : std::max<std::uintmax_t>(size_, consumed_ + buf_.size());
    return i18n::msg("invalid or truncated JSON (it breaks off or goes wrong at byte {1} of {2})",
                     {std::to_string(consumed_ + r.end + 1), std::to_string(total)});
  }

  i18n::Text stream_problem(const scan::Scanned& r) const {
    if (r.outcome == scan::Outcome::TooDeep) return too_deep();
    if (r.outcome == scan::Outcome::Value) return i18n::msg("not a mailmend JSON report or NDJSON record");
    return i18n::msg("invalid or truncated JSON (it breaks off or goes wrong at byte {1} of the value that starts on this line)",
                     {std::to_string(r.end - pos_ + 1)});
  }

  static i18n::Text too_deep() {
    return i18n::msg("not a mailmend JSON report (nested deeper than {1} levels)", {std::to_string(util::kMaxJsonDepth)});
  }

  // The name of the stream with the line the current value starts on.
  std::string shown_here() { return shown_ + ":" + std::to_string(line_at(pos_)); }

  std::size_t line_at(std::size_t offset) {
    const std::string_view text = buf_.view();
    line_ += static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_),
                                                 text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    counted_ = offset;
    return line_;
  }

  void skip_space() {
    while (pos_ < buf_.size() && (buf_[pos_] == ' ' || buf_[pos_] == '\n' || buf_[pos_] == '\r' || buf_[pos_] == '\t')) ++pos_;
  }

  // Drops what was read, then appends the next chunk; false on a read error (named). A file
  // smaller than a chunk is read whole in one call (its size and one byte more: a short read at
  // its size is its end).
  bool fill() {
    line_at(pos_);
    buf_.drop_front(pos_);
    consumed_ += pos_;
    counted_ -= pos_;
    pos_ = 0;
    const std::uintmax_t read_so_far = consumed_ + buf_.size();
    std::size_t want = std::max<std::size_t>(kChunkBytes, buf_.size());
    if (size_ >= read_so_far && size_ - read_so_far < want) want = static_cast<std::size_t>(size_ - read_so_far) + 1;
    auto n = util::read_some(fd_, buf_.room(want), want, shown_);
    if (!n) {
      problem(i18n::text_of(n.error()));
      eof_ = true;
      return false;
    }
    buf_.grew(*n);
    if (*n == 0 || (size_ > 0 && *n < want && consumed_ + buf_.size() >= size_)) eof_ = true;
    return true;
  }

  // Past a bad value: to the next line that starts with '{'; false at the end of the stream.
  bool resync() {
    std::size_t from = pos_ + 1;
    for (;;) {
      auto at = buf_.view().find("\n{", std::min(from, buf_.size()));
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

  void problem(const i18n::Text& line) { emit_(Event::problem(line)); }

  // A report goes out as it is; NDJSON records gather into the report of their run (host, machine
  // id and time), which goes out when a record of another run (or the end) comes.
  void take(scan::Digest&& d) {
    if (d.kind == scan::Kind::Report) {
      flush();
      emit_(Event::report_from(std::move(d), origin()));
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
    emit_(Event::report_from(std::move(*run_), std::move(run_origin_)));
    run_.reset();
  }

  int fd_;
  std::string shown_;
  bool records_;
  std::uintmax_t size_;
  const Emit& emit_;
  ReadBuffer& buf_;
  std::size_t pos_ = 0;
  std::uintmax_t consumed_ = 0;  // bytes dropped from the front of buf_
  std::size_t counted_ = 0, line_ = 1;
  bool eof_ = false;
  std::size_t values_ = 0;
  std::optional<scan::Digest> run_;
  std::string run_origin_;
};

// A folder the walk found report files in, with their names (one string for all: 100,000
// reports cost no path object each). The folder is opened (util::FolderFiles) by the first read of
// one of its files and closed after the last, so the files cost no walk of their whole paths, and
// no more folders are open than the read-ahead window spans. Should the folder not open (out of
// descriptors), its files are opened by their paths.
class Folder {
 public:
  explicit Folder(fs::path path) : path_(std::move(path)) {}

  // Adds a file's name; returns where it starts among the names (for name()).
  std::size_t add(const std::string& name) {
    const std::size_t at = names_.size();
    names_ += name;
    unread_.fetch_add(1, std::memory_order_relaxed);
    return at;
  }
  std::string_view name(std::size_t at, std::size_t size) const { return std::string_view(names_).substr(at, size); }
  fs::path path_of(std::string_view name) const { return path_ / fs::path(name); }

  // `path` is path_of(name): the file by its path, where the folder cannot be used.
  util::Result<util::OpenRegularFile> open(std::string_view name, const fs::path& path) {
    {
      std::lock_guard lock(mutex_);
      if (!tried_) {
        tried_ = true;
        if (auto opened = util::FolderFiles::open(path_)) files_.emplace(std::move(*opened));
      }
    }
    if (files_) return files_->open_file(std::string(name), path);
    return util::OpenRegularFile::open(path);
  }

  // One of its files was read for good.
  void done_one() {
    if (unread_.fetch_sub(1) > 1) return;
    std::lock_guard lock(mutex_);
    files_.reset();
  }

 private:
  fs::path path_;
  std::string names_;
  std::mutex mutex_;
  bool tried_ = false;
  std::optional<util::FolderFiles> files_;
  std::atomic<std::size_t> unread_{0};
};

// One thing to read, in the order of the inputs: a file (found in a folder, or named), standard
// input, or a line to pass on (a folder that could not be listed, or held no report).
struct Item {
  enum class Kind : std::uint8_t { File, StandardInput, Problem, EmptyFolder } kind;
  bool large = false;                        // a named file over kParallelFileBytes (a file found in
                                             // a folder is sized when opened)
  std::uint32_t folder = kNone;              // a file found in a folder: Items::folders
  std::uint32_t at = 0, size = 0;            // ... and its name there; else Items::given or ::texts
  static constexpr std::uint32_t kNone = ~0u;
};

// What the walk found so far. Deques: what an item points to never moves while more are added.
struct Items {
  std::deque<Item> list;
  std::deque<Folder> folders;
  std::deque<fs::path> given;      // files named as inputs
  std::deque<i18n::Text> texts;    // problems and empty folders
};

// An item with what it points to, looked up while the list is locked (the walk may be adding to it).
struct Claimed {
  Item item;
  Folder* folder = nullptr;            // a file found in a folder ...
  std::string_view name;               // ... and its name
  const fs::path* given = nullptr;     // a file named as input
  const i18n::Text* text = nullptr;    // a problem or an empty folder
};

Claimed resolve(Items& items, const Item& item) {
  Claimed c;
  c.item = item;
  if (item.kind == Item::Kind::Problem || item.kind == Item::Kind::EmptyFolder) {
    c.text = &items.texts[item.at];
  } else if (item.kind == Item::Kind::File && item.folder != Item::kNone) {
    c.folder = &items.folders[item.folder];
    c.name = c.folder->name(item.at, item.size);
  } else if (item.kind == Item::Kind::File) {
    c.given = &items.given[item.at];
  }
  return c;
}

fs::path path_of(const Claimed& c) { return c.folder ? c.folder->path_of(c.name) : *c.given; }

// `path` is path_of(c), made once per file.
util::Result<util::OpenRegularFile> open_item(const Claimed& c, const fs::path& path) {
  if (c.folder) return c.folder->open(c.name, path);
  return util::OpenRegularFile::open(path);
}

void item_done(const Claimed& c) {
  if (c.folder) c.folder->done_one();
}

bool streams_records(const fs::path& p) {
  const std::string name = p.filename().string();
  return util::ends_with_icase(name, ".ndjson") || util::ends_with_icase(name, ".jsonl");
}

void read_file(const util::OpenRegularFile& file, const fs::path& path, const StreamReader::Emit& emit) {
  StreamReader(file.fd(), path.string(), streams_records(path), file.size(), emit).run();
}

// A file item read into `emit` (a file that cannot be opened is a problem event); false, with
// nothing read, when `at_most` is given and the file turns out larger.
bool read_file_item(const Claimed& c, const StreamReader::Emit& emit, std::optional<std::uintmax_t> at_most = {}) {
  const fs::path path = path_of(c);
  auto file = open_item(c, path);
  if (file && at_most && file->size() > *at_most) return false;
  if (file) read_file(*file, path, emit);
  item_done(c);
  if (!file) emit(Event::problem(i18n::text_of(file.error())));
  return true;
}

// Any item, its events going straight to `emit` as they are read.
void read_in_order(const Claimed& c, const StreamReader::Emit& emit) {
  switch (c.item.kind) {
    case Item::Kind::Problem: return emit(Event::problem(*c.text));
    case Item::Kind::EmptyFolder: return emit(Event::empty_folder(c.text->english));
    case Item::Kind::StandardInput: return StreamReader(0, kStandardInput, true, 0, emit).run();
    case Item::Kind::File: read_file_item(c, emit); return;
  }
}

bool may_read_ahead(const Item& item) { return item.kind == Item::Kind::File && !item.large; }

// A file read ahead of its turn, its events kept; false (nothing read) when it turns out larger
// than kParallelFileBytes: it is read in its turn instead, its reports going out as they come.
bool read_ahead(const Claimed& c, std::vector<Event>& out) {
  return read_file_item(c, [&out](Event&& e) { out.push_back(std::move(e)); }, kParallelFileBytes);
}

// Where the walk puts what it finds. The reader starts on the first items while the walk goes on.
class ItemSink {
 public:
  virtual ~ItemSink() = default;
  // A folder with report files; its files' names are added to it before any of its items.
  virtual std::uint32_t add_folder(const fs::path& folder) = 0;
  virtual Folder& folder(std::uint32_t number) = 0;
  virtual void add_given(const fs::path& file, bool large) = 0;
  virtual void add_text(Item::Kind kind, i18n::Text text) = 0;
  virtual void add_standard_input() = 0;
  // Items of folders already added, in order.
  virtual void add_files(const std::vector<Item>& files) = 0;
};

// The report files under `folder` in the order of their paths (a folder's entries by name, a
// subfolder's files where its name sorts), found without a stat per file: a file's type comes
// from its folder entry, its size when it is opened. Folder links are not followed; file links are.
// A folder's names are all added to its Folder before the first of its files goes out.
void walk(const fs::path& folder, ItemSink& sink, std::size_t& found, std::error_code& ec) {
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) return;
  // Entries of one folder share its path up to the name: comparing whole paths compares names.
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path().native() < b.path().native(); });
  struct Found {
    const fs::directory_entry* subfolder;  // else a report file, named at `at`
    std::uint32_t at, size;
  };
  std::vector<Found> found_here;
  std::uint32_t own = Item::kNone;  // this folder's number, made at its first report file
  for (const auto& entry : entries) {
    std::error_code type_ec;
    if (!entry.is_symlink(type_ec) && entry.is_directory(type_ec)) {
      found_here.push_back({&entry, 0, 0});
    } else if (entry.is_regular_file(type_ec) && is_report_file(entry.path())) {
      if (own == Item::kNone) own = sink.add_folder(folder);
      const std::string name = entry.path().filename().string();
      const std::size_t at = sink.folder(own).add(name);
      found_here.push_back({nullptr, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(name.size())});
    }
  }
  std::vector<Item> files;
  for (const auto& f : found_here) {
    if (f.subfolder) {
      sink.add_files(files);
      files.clear();
      walk(f.subfolder->path(), sink, found, ec);
      if (ec) return;
    } else {
      files.push_back(Item{Item::Kind::File, false, own, f.at, f.size});
      ++found;
    }
  }
  sink.add_files(files);
}

void add_folder(const fs::path& folder, ItemSink& sink) {
  std::error_code ec;
  std::size_t found = 0;
  walk(folder, sink, found, ec);
  if (ec) sink.add_text(Item::Kind::Problem, i18n::msg("{1}: {2}", {folder.string(), ec.message()}));
  if (found == 0) sink.add_text(Item::Kind::EmptyFolder, folder.string());
}

void list_items(const std::vector<fs::path>& inputs, ItemSink& sink) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (input == "-") {
      sink.add_standard_input();
    } else if (fs::is_directory(input, ec)) {
      add_folder(input, sink);
    } else {
      const std::uintmax_t size = fs::file_size(input, ec);
      sink.add_given(input, !ec && size > kParallelFileBytes);
    }
  }
}

// Lists the inputs on one thread while `threads` threads read the items listed so far, and delivers
// their events in the order of the items. Up to kWindow items are read ahead of the one being
// delivered; the delivering thread reads too while the next item in order is not ready. An item
// that may not be read ahead (standard input, a large file) is read in its turn by the delivering
// thread, its events going out as they come.
class OrderedReader final : private ItemSink {
 public:
  explicit OrderedReader(const std::function<void(Event&&)>& deliver) : deliver_(deliver), slots_(kWindow) {}

  void run(const std::vector<fs::path>& inputs, unsigned threads) {
    std::vector<std::thread> helpers;
    std::exception_ptr listing_failed;
    struct Join {
      OrderedReader& r;
      std::vector<std::thread>& helpers;
      ~Join() {
        {
          std::lock_guard lock(r.mutex_);
          r.stop_ = true;
        }
        r.claimable_.notify_all();
        for (auto& h : helpers) h.join();
      }
    } join{*this, helpers};
    helpers.emplace_back([this, &inputs, &listing_failed] {
      try {
        list_items(inputs, *this);
      } catch (const Stopped&) {
      } catch (...) {
        listing_failed = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        listed_all_ = true;
      }
      ready_.notify_all();
    });
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back([this] { help(); });
    for (std::size_t i = 0; wait_for_item(i); ++i) deliver_item(i);
    if (listing_failed) std::rethrow_exception(listing_failed);
  }

 private:
  static constexpr std::size_t kWindow = 512;
  enum class State { Free, Reading, Ready, InTurn };
  struct Slot {
    State state = State::Free;
    std::vector<Event> events;
  };
  struct Stopped {};  // the delivery ended early (it threw): the walk stops too

  // --- the walk's side (ItemSink) ---

  std::uint32_t add_folder(const fs::path& folder) override {
    std::lock_guard lock(mutex_);
    items_.folders.emplace_back(folder);
    return static_cast<std::uint32_t>(items_.folders.size() - 1);
  }
  // Only the walk adds folders, so the one it asks for is not moving.
  Folder& folder(std::uint32_t number) override {
    std::lock_guard lock(mutex_);
    return items_.folders[number];
  }
  void add_given(const fs::path& file, bool large) override {
    publish([&] {
      items_.given.push_back(file);
      items_.list.push_back(Item{Item::Kind::File, large, Item::kNone, static_cast<std::uint32_t>(items_.given.size() - 1), 0});
    });
  }
  void add_text(Item::Kind kind, i18n::Text text) override {
    publish([&] {
      items_.texts.push_back(std::move(text));
      items_.list.push_back(Item{kind, false, Item::kNone, static_cast<std::uint32_t>(items_.texts.size() - 1), 0});
    });
  }
  void add_standard_input() override {
    publish([&] { items_.list.push_back(Item{Item::Kind::StandardInput}); });
  }
  void add_files(const std::vector<Item>& files) override {
    if (files.empty()) return;
    publish([&] { items_.list.insert(items_.list.end(), files.begin(), files.end()); });
  }

  template <class Add>
  void publish(Add add) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) throw Stopped{};
      add();
    }
    claimable_.notify_all();
    ready_.notify_all();
  }

  // --- the readers' side ---

  Slot& slot(std::size_t i) { return slots_[i % slots_.size()]; }
  bool can_claim() const { return next_ < items_.list.size() && next_ < delivered_ + slots_.size(); }

  // Whether item `i` exists (waiting for the walk while it may still come).
  bool wait_for_item(std::size_t i) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return i < items_.list.size() || listed_all_; });
    return i < items_.list.size();
  }

  // With the lock held: takes the next item; reads it (without the lock) unless it waits for its turn.
  void claim_and_read(std::unique_lock<std::mutex>& lock) {
    const std::size_t i = next_++;
    Slot& s = slot(i);
    const Claimed c = resolve(items_, items_.list[i]);
    if (!may_read_ahead(c.item)) {
      s.state = State::InTurn;
      return;
    }
    s.state = State::Reading;
    lock.unlock();
    std::vector<Event> events;
    const bool read = read_ahead(c, events);
    lock.lock();
    s.events = std::move(events);
    s.state = read ? State::Ready : State::InTurn;
  }

  void help() {
    std::unique_lock lock(mutex_);
    for (;;) {
      claimable_.wait(lock, [&] { return stop_ || can_claim(); });
      if (stop_) return;
      claim_and_read(lock);
      ready_.notify_all();
    }
  }

  void deliver_item(std::size_t i) {
    std::unique_lock lock(mutex_);
    Slot& s = slot(i);
    while (i >= next_ || s.state == State::Reading) {
      if (can_claim()) {
        claim_and_read(lock);
      } else {
        ready_.wait(lock);
      }
    }
    std::vector<Event> events = std::move(s.events);
    const bool in_turn = s.state == State::InTurn;
    const Claimed c = resolve(items_, items_.list[i]);
    s = Slot{};
    lock.unlock();
    if (in_turn) {
      read_in_order(c, deliver_);
    } else {
      for (auto& e : events) deliver_(std::move(e));
    }
    lock.lock();
    delivered_ = i + 1;
    lock.unlock();
    claimable_.notify_all();
  }

  Items items_;
  const std::function<void(Event&&)>& deliver_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable claimable_, ready_;
  std::size_t next_ = 0, delivered_ = 0;
  bool stop_ = false, listed_all_ = false;
};

}  // namespace

void read_inputs(const std::vector<fs::path>& inputs, unsigned threads,
                 const std::function<void(Event&&)>& deliver) {
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  OrderedReader(deliver).run(inputs, threads);
}

}  // namespace report::summary_input
