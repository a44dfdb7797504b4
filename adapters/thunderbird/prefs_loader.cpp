#include "adapters/thunderbird/prefs_loader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <functional>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

constexpr std::string_view kIdentity = "mail.identity.", kServer = "mail.server.",
                           kSmtpServer = "mail.smtpserver.", kOutgoing = "mail.outgoingserver.";

// starts_with for a literal, as an equality test of constant length (which the compiler does in a
// load or two: pass 1 asks it several times of each of a large file's names).
template <std::size_t N>
bool has_prefix(std::string_view name, const char (&prefix)[N]) {
  return name.size() >= N - 1 && std::memcmp(name.data(), prefix, N - 1) == 0;
}

bool is_root(std::string_view name) {
  return name == "mail.accountmanager.accounts" || name == "mail.smtp.defaultserver" || name == "mail.smtpservers" ||
         name == "extensions.lastAppVersion";
}

// Whether `rest` (a name after its family's prefix) starts with one of `keys` followed by a dot.
bool names_key(const std::set<std::string, std::less<>>& keys, std::string_view rest) {
  if (keys.empty()) return false;
  for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.', dot + 1)) {
    if (keys.find(rest.substr(0, dot)) != keys.end()) return true;
  }
  return false;
}

// Every piece of a comma list, as it is and without blanks (the graph strips them for some lists).
void add_list(std::set<std::string, std::less<>>& keys, std::string_view list) {
  for (auto& piece : util::split(list, ',', true)) {
    keys.insert(piece);
    std::erase_if(piece, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
    keys.insert(std::move(piece));
  }
}

std::uint64_t name_hash(std::string_view name) { return std::hash<std::string_view>{}(name); }

enum class KeyFamily : std::uint32_t { None = 0, Server = 1, Identity = 2, Outgoing = 3 };

// How a pref name can be wanted: always (a root pref, a proxy pref — the proxy the accounts'
// connections take, proxy_prefs —, an account's links, an identity's outgoing server), or when a key
// of `family` starts `rest` followed by a dot; never when neither.
struct NameClass {
  bool always = false;
  KeyFamily family = KeyFamily::None;
  std::string_view rest;  // the name after its family's prefix
};

// A name whose wanting no key decides.
NameClass keyless(bool always) { return {always, KeyFamily::None, {}}; }

NameClass classify(std::string_view name) {
  if (!has_prefix(name, "mail.")) return keyless(has_prefix(name, "network.proxy.") || name == "extensions.lastAppVersion");
  if (is_root(name)) return keyless(true);
  if (has_prefix(name, "mail.account.")) return keyless(name.ends_with(".server") || name.ends_with(".identities"));
  if (has_prefix(name, "mail.identity.")) {
    if (name.ends_with(".smtpServer")) return keyless(true);
    return {false, KeyFamily::Identity, name.substr(kIdentity.size())};
  }
  if (has_prefix(name, "mail.server.")) return {false, KeyFamily::Server, name.substr(kServer.size())};
  if (has_prefix(name, "mail.smtpserver.")) return {false, KeyFamily::Outgoing, name.substr(kSmtpServer.size())};
  if (has_prefix(name, "mail.outgoingserver.")) return {false, KeyFamily::Outgoing, name.substr(kOutgoing.size())};
  return keyless(false);
}

// A key's hash with its family in the low bits; never 0 (no key).
// FNV-1a: a key is a few bytes ("server12"), and a collision only makes pass 2 read a segment more.
std::uint32_t family_key_hash(KeyFamily family, std::string_view key) {
  std::uint32_t h = 2166136261u;
  for (const char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return (h << 2) | static_cast<std::uint32_t>(family);
}

// The hashes that occur more than once, sorted. A real profile's few thousand are sorted as they
// are; the millions a 64 MB file can hold go in one pass by their top bits into buckets of a few
// each (the hashes are uniform), and each bucket is sorted and searched on its own, in cache. Hashes
// that all share their top bits (names made to collide) only make one bucket large: std::sort,
// never quadratic.
std::vector<std::uint64_t> repeated_hashes(std::vector<std::uint64_t>& v) {
  std::vector<std::uint64_t> repeated;
  const auto note_repeats = [&](const std::uint64_t* begin, const std::uint64_t* end) {
    for (const std::uint64_t* p = begin + 1; p < end; ++p) {
      if (*p == p[-1] && (repeated.empty() || repeated.back() != *p)) repeated.push_back(*p);
    }
  };
  if (v.size() < (1u << 16)) {
    std::sort(v.begin(), v.end());
    if (!v.empty()) note_repeats(v.data(), v.data() + v.size());
    return repeated;
  }
  const int bits = static_cast<int>(std::bit_width(v.size())) - 3;  // about 4 to 8 hashes a bucket
  const int shift = 64 - bits;
  std::vector<std::uint32_t> next(std::size_t{1} << bits, 0);  // each bucket's count, then its next slot
  for (auto x : v) ++next[x >> shift];
  std::uint32_t sum = 0;
  for (auto& n : next) sum += std::exchange(n, sum);
  auto out = std::make_unique_for_overwrite<std::uint64_t[]>(v.size());  // every slot is written below
  for (auto x : v) out[next[x >> shift]++] = x;
  std::size_t begin = 0;  // next[b] is now where bucket b ends
  for (const std::uint32_t end : next) {
    std::uint64_t* const first = out.get() + begin;
    std::uint64_t* const last = out.get() + end;
    if (last - first > 16) {
      std::sort(first, last);
    } else {
      for (std::uint64_t* i = first + 1; i < last; ++i) {  // insertion sort: a bucket holds a few
        const std::uint64_t x = *i;
        std::uint64_t* j = i;
        for (; j > first && j[-1] > x; --j) *j = j[-1];
        *j = x;
      }
    }
    if (last - first > 1) note_repeats(first, last);
    begin = end;
  }
  return repeated;
}

class Scanner : public PrefSink {
 public:
  Scanner(PrefsScan& scan, PrefKeys& keys) : scan_(scan), keys_(keys) { scan_.segments.push_back({}); }
  // Room for a statement every 64 bytes, the most a file of Thunderbird's own prefs holds (growing
  // the lists of a 50 MB file as they fill cost a sixth of pass 1); a file of shorter ones grows them.
  void expect_bytes(std::uint64_t size) override {
    const auto statements = static_cast<std::size_t>(std::min<std::uint64_t>(size, kMaxPrefsBytes) / 64);
    hashes.reserve(statements);
    scan_.keyed.reserve(statements);
  }
  void statement(const PrefStatementView& v) override {
    ++scan_.statements;
    hashes.push_back(name_hash(v.name));
    if (const auto* text = std::get_if<std::string_view>(&v.value)) keys_.note(v.name, *text);
    const PrefKeys::Need need = PrefKeys::need_of(v.name);
    if (need.always) scan_.segments.back().always_wanted = true;
    if (need.key != 0) scan_.keyed.emplace_back(static_cast<std::uint32_t>(scan_.segments.size() - 1), need.key);
  }
  // A segment ends at the first resume point kPrefSegmentBytes past its start.
  void resume_point(std::size_t offset, int line) override {
    PrefSpan& current = scan_.segments.back().span;
    if (offset < current.begin + kPrefSegmentBytes) return;
    current.end = offset;
    scan_.segments.push_back({PrefSpan{offset, line}});
  }
  void error(const PrefError& e) override {
    if (scan_.errors.size() < kListedPrefErrors) scan_.errors.push_back(e);
    ++scan_.error_count;
    scan_.last_error = e;
  }
  std::vector<std::uint64_t> hashes;

 private:
  PrefsScan& scan_;
  PrefKeys& keys_;
};

class Loader : public PrefSink {
 public:
  Loader(const std::string& file, PrefLayer layer, const PrefsScan& scan, const PrefKeys& keys, PrefStore& store,
         PrefsLoad& load)
      : file_(file), layer_(layer), scan_(scan), keys_(keys), store_(store), load_(load) {}
  void statement(const PrefStatementView& v) override {
    if (!scan_.repeated.empty() && std::binary_search(scan_.repeated.begin(), scan_.repeated.end(), name_hash(v.name))) {
      note_repeat(v);
    }
    if (!keys_.wanted(v.name)) return;
    PrefValue value = std::visit(
        [](const auto& x) -> PrefValue {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string_view>) return std::string(x);
          else return x;
        },
        v.value);
    store_.add_statement(file_, layer_, v.name, std::move(value), v.line, v.value_range);
  }
  void error(const PrefError&) override {}  // the scan has them

 private:
  void note_repeat(const PrefStatementView& v) {
    auto [it, fresh] = last_line_.try_emplace(std::string(v.name), v.line);
    if (fresh) return;
    if (load_.duplicates.size() < kListedPrefErrors) load_.duplicates.push_back({it->first, file_, it->second, v.line});
    ++load_.duplicate_count;
    it->second = v.line;
  }

  const std::string& file_;
  PrefLayer layer_;
  const PrefsScan& scan_;
  const PrefKeys& keys_;
  PrefStore& store_;
  PrefsLoad& load_;
  std::unordered_map<std::string, int> last_line_;  // names the scan saw more than once
};

}  // namespace

void PrefKeys::note(std::string_view name, std::string_view value) {
  if (!has_prefix(name, "mail.")) return;  // each of the names below starts so
  if (has_prefix(name, "mail.account.") && name.ends_with(".server")) {
    servers_.insert(std::string(value));
  } else if (has_prefix(name, "mail.account.") && name.ends_with(".identities")) {
    add_list(identities_, value);
  } else if ((has_prefix(name, "mail.identity.") && name.ends_with(".smtpServer")) || name == "mail.smtp.defaultserver") {
    outgoing_.insert(std::string(value));
  } else if (name == "mail.smtpservers") {
    add_list(outgoing_, value);
  }
}

void PrefKeys::note(std::string_view name, const PrefValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) note(name, std::string_view(*text));
}

PrefKeys::Need PrefKeys::need_of(std::string_view name) {
  const NameClass c = classify(name);
  if (c.always || c.family == KeyFamily::None) return {c.always, 0};
  const auto dot = c.rest.find('.');
  return {false, dot == std::string_view::npos ? 0 : family_key_hash(c.family, c.rest.substr(0, dot))};
}

std::optional<std::vector<std::uint32_t>> PrefKeys::named_key_hashes() const {
  std::vector<std::uint32_t> out;
  for (const auto& [keys, family] : {std::pair{&servers_, KeyFamily::Server}, std::pair{&identities_, KeyFamily::Identity},
                                     std::pair{&outgoing_, KeyFamily::Outgoing}}) {
    for (const auto& key : *keys) {
      if (key.find('.') != std::string::npos) return std::nullopt;
      out.push_back(family_key_hash(family, key));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool PrefKeys::wanted(std::string_view name) const {
  const NameClass c = classify(name);
  if (c.always || c.family == KeyFamily::None) return c.always;
  const auto& keys = c.family == KeyFamily::Server ? servers_ : c.family == KeyFamily::Identity ? identities_ : outgoing_;
  return names_key(keys, c.rest);
}

util::Result<PrefsScan> scan_prefs_file(const std::filesystem::path& file, PrefKeys& keys) {
  PrefsScan scan;
  Scanner scanner(scan, keys);
  auto facts = stream_prefs_file(file, scanner);
  if (!facts) return facts.error();
  scan.facts = std::move(*facts);
  scan.repeated = repeated_hashes(scanner.hashes);
  return scan;
}

std::optional<std::vector<PrefSpan>> spans_to_load(const PrefsScan& scan, const PrefKeys& keys) {
  if (!scan.repeated.empty() || scan.segments.size() < 2) return std::nullopt;
  const auto named = keys.named_key_hashes();
  if (!named) return std::nullopt;
  std::vector<char> needed(scan.segments.size(), 0);
  for (std::size_t i = 0; i < scan.segments.size(); ++i) needed[i] = scan.segments[i].always_wanted;
  if (!named->empty()) {
    for (const auto& [segment, key] : scan.keyed) {
      if (!needed[segment] && std::binary_search(named->begin(), named->end(), key)) needed[segment] = 1;
    }
  }
  std::vector<PrefSpan> spans;
  for (std::size_t i = 0; i < scan.segments.size(); ++i) {
    if (!needed[i]) continue;
    if (!spans.empty() && spans.back().end == scan.segments[i].span.begin) {
      spans.back().end = scan.segments[i].span.end;
    } else {
      spans.push_back(scan.segments[i].span);
    }
  }
  return spans;
}

util::Result<PrefsLoad> load_prefs_file(const std::filesystem::path& file, PrefLayer layer, const PrefsScan& scan,
                                        const PrefKeys& keys, PrefStore& store) {
  PrefsLoad load;
  const std::string path = file.string();
  Loader loader(path, layer, scan, keys, store, load);
  if (scan.facts.whole) {
    stream_kept_prefs(*scan.facts.whole, loader);
    return load;
  }
  const auto spans = spans_to_load(scan, keys);
  // Spans found in another version of the file (written or replaced since pass 1) are not used.
  auto facts = spans ? stream_prefs_spans(file, loader, *spans, kPrefsWindowBytes, &scan.facts.version)
                     : stream_prefs_file(file, loader);
  if (!facts) return facts.error();
  return load;
}

}  // namespace adapters::thunderbird
