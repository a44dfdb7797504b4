#include "providers/snapshot.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <map>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace providers::detail {
namespace {

constexpr std::string_view kMagic = "MMPS";
constexpr std::uint32_t kVersion = 1;

// ---- writing ----

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t u32_of(std::size_t n) {
  if (n > UINT32_MAX) throw std::length_error("provider snapshot larger than 4 GiB");
  return static_cast<std::uint32_t>(n);
}

void put_byte(std::string& out, unsigned v) { out.push_back(static_cast<char>(v)); }

void put_str(std::string& out, std::string_view s) {
  put_u32(out, u32_of(s.size()));
  out.append(s);
}

template <class Item, class Put>
void put_list(std::string& out, const std::vector<Item>& items, Put put) {
  put_u32(out, u32_of(items.size()));
  for (const auto& item : items) put(out, item);
}

void put_server(std::string& out, const ServerSpec& s) {
  put_byte(out, static_cast<unsigned>(s.protocol));
  put_str(out, s.type);
  put_str(out, s.hostname);
  put_u32(out, static_cast<std::uint32_t>(s.port));
  put_byte(out, static_cast<unsigned>(s.security));
  put_list(out, s.auths, [](std::string& o, core::Auth a) { put_byte(o, static_cast<unsigned>(a)); });
  put_str(out, s.username);
  put_str(out, s.url);
  put_byte(out, s.accepted ? 1 : 0);
  put_list(out, s.accepted_usernames, put_str);
  put_str(out, s.source);
}

void write_provider(std::string& out, const Provider& p) {
  put_str(out, p.id);
  put_str(out, p.name);
  put_str(out, p.short_name);
  put_str(out, p.documentation_url);
  put_byte(out, (p.oauth2_only ? 1u : 0u) | (p.app_password_required ? 2u : 0u) | (p.imap_must_be_enabled ? 4u : 0u));
  put_str(out, p.oauth2_only_smtp_from);
  put_str(out, p.last_checked);
  put_str(out, p.source);
  put_list(out, p.domains, put_str);
  put_list(out, p.incoming, put_server);
  put_list(out, p.outgoing, put_server);
  put_list(out, p.retired, [](std::string& o, const RetiredHost& r) {
    put_str(o, r.host);
    put_str(o, r.replacement);
    put_str(o, r.since);
    put_str(o, r.note);
  });
  put_list(out, p.mx_hosts, [](std::string& o, const MxHost& m) {
    put_str(o, m.pattern);
    put_str(o, m.service);
  });
  put_list(out, p.notes, [](std::string& o, const FactNote& n) {
    put_str(o, n.fact);
    put_str(o, n.value);
    put_str(o, n.source);
    put_str(o, n.last_checked);
  });
}

// A key table's entry before it is written: the key, its provider's index and (MX patterns) the service.
struct KeyEntry {
  std::string key;
  std::uint32_t provider = 0;
  std::string service;  // mx table only
};

// ---- reading ----

std::uint32_t get_u32_at(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

// Reads forward through bytes; past the end it stops and remembers that it failed.
class Cursor {
 public:
  explicit Cursor(std::span<const unsigned char> bytes, std::size_t at = 0) : bytes_(bytes), at_(at) {
    if (at_ > bytes_.size()) fail();
  }
  bool ok() const { return ok_; }
  std::size_t at() const { return at_; }

  std::uint32_t u32() {
    if (!has(4)) return 0;
    auto v = get_u32_at(bytes_.data() + at_);
    at_ += 4;
    return v;
  }
  unsigned byte() {
    if (!has(1)) return 0;
    return bytes_[at_++];
  }
  // A byte that must be at most `last`.
  unsigned byte_up_to(unsigned last) {
    unsigned v = byte();
    if (v > last) fail();
    return ok_ ? v : 0;
  }
  std::string_view view(std::size_t size) {
    if (!has(size)) return {};
    std::string_view v(reinterpret_cast<const char*>(bytes_.data() + at_), size);
    at_ += size;
    return v;
  }
  std::string str() { return std::string(view(u32())); }
  // A count of items of at least `min_item` bytes each that can still fit.
  std::uint32_t count(std::size_t min_item) {
    auto n = u32();
    if (ok_ && n > (bytes_.size() - at_) / min_item) fail();
    return ok_ ? n : 0;
  }
  template <class Item, class Read>
  std::vector<Item> list(std::size_t min_item, Read read) {
    std::vector<Item> out;
    auto n = count(min_item);
    out.reserve(n);
    for (std::uint32_t i = 0; i < n && ok_; ++i) out.push_back(read(*this));
    return out;
  }

 private:
  std::span<const unsigned char> bytes_;
  std::size_t at_ = 0;
  bool ok_ = true;
  bool has(std::size_t n) {
    if (!ok_ || n > bytes_.size() - at_) fail();
    return ok_;
  }
  void fail() {
    ok_ = false;
    at_ = bytes_.size();
  }
};

ServerSpec read_server(Cursor& c) {
  ServerSpec s;
  s.protocol = static_cast<core::Protocol>(c.byte_up_to(static_cast<unsigned>(core::Protocol::Unknown)));
  s.type = c.str();
  s.hostname = c.str();
  s.port = static_cast<int>(c.u32());
  s.security = static_cast<core::Security>(c.byte_up_to(static_cast<unsigned>(core::Security::Unknown)));
  s.auths = c.list<core::Auth>(1, [](Cursor& a) {
    return static_cast<core::Auth>(a.byte_up_to(static_cast<unsigned>(core::Auth::Unknown)));
  });
  s.username = c.str();
  s.url = c.str();
  s.accepted = c.byte_up_to(1) != 0;
  s.accepted_usernames = c.list<std::string>(4, [](Cursor& a) { return a.str(); });
  s.source = c.str();
  return s;
}

Provider read_provider(Cursor& c) {
  Provider p;
  p.id = c.str();
  p.name = c.str();
  p.short_name = c.str();
  p.documentation_url = c.str();
  unsigned flags = c.byte_up_to(7);
  p.oauth2_only = (flags & 1) != 0;
  p.app_password_required = (flags & 2) != 0;
  p.imap_must_be_enabled = (flags & 4) != 0;
  p.oauth2_only_smtp_from = c.str();
  p.last_checked = c.str();
  p.source = c.str();
  p.domains = c.list<std::string>(4, [](Cursor& a) { return a.str(); });
  p.incoming = c.list<ServerSpec>(8, read_server);
  p.outgoing = c.list<ServerSpec>(8, read_server);
  p.retired = c.list<RetiredHost>(16, [](Cursor& a) { return RetiredHost{a.str(), a.str(), a.str(), a.str()}; });
  p.mx_hosts = c.list<MxHost>(8, [](Cursor& a) { return MxHost{a.str(), a.str()}; });
  p.notes = c.list<FactNote>(16, [](Cursor& a) { return FactNote{a.str(), a.str(), a.str(), a.str()}; });
  return p;
}

// One key table: fixed-size entries sorted by key bytes, found by binary search.
struct KeyTable {
  const unsigned char* entries = nullptr;
  std::uint32_t count = 0;
  std::size_t entry_size = 12;
};

[[noreturn]] void corrupt(const std::string& what) {
  // Built by mm_providers_gen and checked by the tests: a bad snapshot is a broken build.
  throw std::runtime_error("embedded provider snapshot: " + what);
}

// Every access is checked where it is made, so that opening costs nothing but the header: a run
// that looks up four domains touches four paths through the tables, not all of them.
class SnapshotSource final : public Source {
 public:
  SnapshotSource(std::span<const unsigned char> data, const unsigned char* records, std::uint32_t providers,
                 KeyTable domains, KeyTable hosts, KeyTable mx)
      : data_(data), records_(records), providers_(providers), domains_(domains), hosts_(hosts), mx_(mx) {}

  std::optional<std::string> provider_of_domain(const std::string& domain) const override {
    return id_of(find(domains_, domain));
  }
  std::optional<std::string> provider_of_host(const std::string& host) const override {
    return id_of(find(hosts_, host));
  }
  std::optional<MxRow> mx_pattern(const std::string& pattern) const override {
    const unsigned char* e = find(mx_, pattern);
    auto id = id_of(e);
    if (!id) return std::nullopt;
    return MxRow{std::move(*id), std::string(text_at(get_u32_at(e + 12), get_u32_at(e + 16)))};
  }
  std::optional<Provider> provider(const std::string& id) const override {
    // Records are in id order (write_snapshot sorts them).
    std::uint32_t lo = 0, hi = providers_;
    while (lo < hi) {
      std::uint32_t mid = lo + (hi - lo) / 2;
      auto mid_id = id_at(mid);
      if (mid_id == id) return record(mid);
      if (mid_id < id) lo = mid + 1; else hi = mid;
    }
    return std::nullopt;
  }
  std::size_t provider_count() const override { return providers_; }
  std::size_t domain_count() const override { return domains_.count; }
  SourceKeys keys() const override {
    SourceKeys k;
    for (std::uint32_t i = 0; i < providers_; ++i) k.provider_ids.emplace_back(id_at(i));
    k.domains = keys_of(domains_);
    k.hosts = keys_of(hosts_);
    k.mx_patterns = keys_of(mx_);
    return k;
  }

 private:
  std::span<const unsigned char> data_;
  const unsigned char* records_;  // P x u32 record offset
  std::uint32_t providers_;
  KeyTable domains_, hosts_, mx_;

  std::string_view text_at(std::uint32_t offset, std::uint32_t size) const {
    if (offset > data_.size() || size > data_.size() - offset) corrupt("a text lies outside the data");
    return {reinterpret_cast<const char*>(data_.data() + offset), size};
  }
  std::string_view key_of(const unsigned char* entry) const {
    return text_at(get_u32_at(entry), get_u32_at(entry + 4));
  }
  std::vector<std::string> keys_of(const KeyTable& t) const {
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < t.count; ++i) out.emplace_back(key_of(t.entries + i * t.entry_size));
    return out;
  }
  const unsigned char* find(const KeyTable& t, std::string_view key) const {
    std::uint32_t lo = 0, hi = t.count;
    while (lo < hi) {
      std::uint32_t mid = lo + (hi - lo) / 2;
      const unsigned char* e = t.entries + std::size_t{mid} * t.entry_size;
      int c = key_of(e).compare(key);
      if (c == 0) return e;
      if (c < 0) lo = mid + 1; else hi = mid;
    }
    return nullptr;
  }
  // The id is the record's first field.
  std::string_view id_at(std::uint32_t index) const {
    Cursor c(data_, get_u32_at(records_ + 4 * std::size_t{index}));
    const std::uint32_t size = c.u32();
    if (!c.ok()) corrupt("provider " + std::to_string(index) + " lies outside the data");
    return text_at(static_cast<std::uint32_t>(c.at()), size);
  }
  std::optional<std::string> id_of(const unsigned char* entry) const {
    if (!entry) return std::nullopt;
    const std::uint32_t index = get_u32_at(entry + 8);
    if (index >= providers_) corrupt("a key names provider " + std::to_string(index) + " of " + std::to_string(providers_));
    return std::string(id_at(index));
  }
  Provider record(std::uint32_t index) const {
    Cursor c(data_, get_u32_at(records_ + 4 * std::size_t{index}));
    Provider p = read_provider(c);
    if (!c.ok()) corrupt("provider " + std::to_string(index) + " is cut short");
    return p;
  }
};

util::Error snapshot_error(const std::string& why) { return util::make_error("provider snapshot: " + why); }

// The key table at the cursor (its entries are checked when they are read).
KeyTable read_key_table(Cursor& c, std::size_t entry_size, std::span<const unsigned char> bytes) {
  KeyTable t;
  t.entry_size = entry_size;
  t.count = c.count(entry_size);
  t.entries = bytes.data() + c.at();
  c.view(std::size_t{t.count} * entry_size);
  return t;
}

}  // namespace

std::string write_snapshot(const Source& source) {
  SourceKeys keys = source.keys();
  std::sort(keys.provider_ids.begin(), keys.provider_ids.end());  // provider() searches them by id
  std::string data;
  std::vector<std::uint32_t> record_at;
  std::map<std::string, std::uint32_t> index_of;
  for (const auto& id : keys.provider_ids) {
    auto p = source.provider(id);
    if (!p) throw std::runtime_error("provider " + id + " is listed but cannot be read");
    index_of.emplace(id, u32_of(record_at.size()));
    record_at.push_back(u32_of(data.size()));
    write_provider(data, *p);
  }
  auto provider_index = [&](const std::string& id) {
    auto it = index_of.find(id);
    if (it == index_of.end()) throw std::runtime_error("a key names provider " + id + ", which is not listed");
    return it->second;
  };
  auto entries = [&](const std::vector<std::string>& names, auto answer) {
    std::vector<KeyEntry> out;
    for (const auto& name : names) {
      if (auto e = answer(name)) out.push_back(std::move(*e));
    }
    std::sort(out.begin(), out.end(), [](const KeyEntry& a, const KeyEntry& b) { return a.key < b.key; });
    return out;
  };
  auto by_id = [&](auto ask) {
    return [&, ask](const std::string& name) -> std::optional<KeyEntry> {
      auto id = ask(name);
      if (!id) return std::nullopt;
      return KeyEntry{name, provider_index(*id), {}};
    };
  };
  const auto domains = entries(keys.domains, by_id([&](const std::string& d) { return source.provider_of_domain(d); }));
  const auto hosts = entries(keys.hosts, by_id([&](const std::string& h) { return source.provider_of_host(h); }));
  const auto mx = entries(keys.mx_patterns, [&](const std::string& pattern) -> std::optional<KeyEntry> {
    auto row = source.mx_pattern(pattern);
    if (!row) return std::nullopt;
    return KeyEntry{pattern, provider_index(row->provider_id), row->service};
  });

  std::string out(kMagic);
  put_u32(out, kVersion);
  put_u32(out, u32_of(record_at.size()));
  for (auto at : record_at) put_u32(out, at);
  auto put_text = [&](std::string_view text) {
    put_u32(out, u32_of(data.size()));
    put_u32(out, u32_of(text.size()));
    data.append(text);
  };
  for (const auto* table : {&domains, &hosts, &mx}) {
    put_u32(out, u32_of(table->size()));
    for (const auto& e : *table) {
      put_text(e.key);
      put_u32(out, e.provider);
      if (table == &mx) put_text(e.service);
    }
  }
  out += data;
  return out;
}

util::Result<std::unique_ptr<Source>> open_snapshot(std::span<const unsigned char> bytes) {
  Cursor c(bytes);
  if (c.view(kMagic.size()) != kMagic) return snapshot_error("not a provider snapshot");
  if (auto v = c.u32(); v != kVersion) return snapshot_error("version " + std::to_string(v) + ", expected 1");
  const std::uint32_t providers = c.count(4);
  const unsigned char* records = bytes.data() + c.at();
  c.view(std::size_t{providers} * 4);
  if (!c.ok()) return snapshot_error("provider table cut short");
  const KeyTable domains = read_key_table(c, 12, bytes);
  const KeyTable hosts = read_key_table(c, 12, bytes);
  const KeyTable mx = read_key_table(c, 20, bytes);
  if (!c.ok()) return snapshot_error("key tables cut short");
  // The data follows the tables; every offset counts from its start.
  return std::unique_ptr<Source>(
      std::make_unique<SnapshotSource>(bytes.subspan(c.at()), records, providers, domains, hosts, mx));
}

}  // namespace providers::detail
