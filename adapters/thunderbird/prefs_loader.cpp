#include "adapters/thunderbird/prefs_loader.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "util/text.hpp"

namespace adapters::thunderbird {
namespace {

constexpr std::string_view kAccount = "mail.account.", kIdentity = "mail.identity.", kServer = "mail.server.",
                           kSmtpServer = "mail.smtpserver.", kOutgoing = "mail.outgoingserver.";

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

// LSD radix sort, 16 bits a pass, for the millions of names a 64 MB file can hold; a real profile's
// few thousand are sorted as usual (the radix passes' tables would cost more than the sort).
void sort_hashes(std::vector<std::uint64_t>& v) {
  if (v.size() < (1u << 16)) {
    std::sort(v.begin(), v.end());
    return;
  }
  std::vector<std::uint64_t> tmp(v.size());
  std::vector<std::size_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (auto x : v) ++count[(x >> shift) & 0xFFFF];
    std::size_t sum = 0;
    for (auto& c : count) sum += std::exchange(c, sum);
    for (auto x : v) tmp[count[(x >> shift) & 0xFFFF]++] = x;
    v.swap(tmp);
  }
}

class Scanner : public PrefSink {
 public:
  Scanner(PrefsScan& scan, PrefKeys& keys) : scan_(scan), keys_(keys) {}
  void statement(const PrefStatementView& v) override {
    ++scan_.statements;
    hashes.push_back(name_hash(v.name));
    if (const auto* text = std::get_if<std::string_view>(&v.value)) keys_.note(v.name, *text);
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
  if (name.starts_with(kAccount) && name.ends_with(".server")) {
    servers_.insert(std::string(value));
  } else if (name.starts_with(kAccount) && name.ends_with(".identities")) {
    add_list(identities_, value);
  } else if ((name.starts_with(kIdentity) && name.ends_with(".smtpServer")) || name == "mail.smtp.defaultserver") {
    outgoing_.insert(std::string(value));
  } else if (name == "mail.smtpservers") {
    add_list(outgoing_, value);
  }
}

void PrefKeys::note(std::string_view name, const PrefValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) note(name, std::string_view(*text));
}

bool PrefKeys::wanted(std::string_view name) const {
  if (name.starts_with("network.proxy.")) return true;  // the proxy the accounts' connections take (proxy_prefs)
  if (!name.starts_with("mail.") && !name.starts_with("extensions.")) return false;
  if (is_root(name)) return true;
  if (name.starts_with(kAccount)) return name.ends_with(".server") || name.ends_with(".identities");
  if (name.starts_with(kIdentity)) return name.ends_with(".smtpServer") || names_key(identities_, name.substr(kIdentity.size()));
  if (name.starts_with(kServer)) return names_key(servers_, name.substr(kServer.size()));
  if (name.starts_with(kSmtpServer)) return names_key(outgoing_, name.substr(kSmtpServer.size()));
  if (name.starts_with(kOutgoing)) return names_key(outgoing_, name.substr(kOutgoing.size()));
  return false;
}

util::Result<PrefsScan> scan_prefs_file(const std::filesystem::path& file, PrefKeys& keys) {
  PrefsScan scan;
  Scanner scanner(scan, keys);
  auto facts = stream_prefs_file(file, scanner);
  if (!facts) return facts.error();
  scan.facts = std::move(*facts);
  sort_hashes(scanner.hashes);
  for (std::size_t i = 1; i < scanner.hashes.size(); ++i) {
    if (scanner.hashes[i] == scanner.hashes[i - 1] && (scan.repeated.empty() || scan.repeated.back() != scanner.hashes[i])) {
      scan.repeated.push_back(scanner.hashes[i]);
    }
  }
  return scan;
}

util::Result<PrefsLoad> load_prefs_file(const std::filesystem::path& file, PrefLayer layer, const PrefsScan& scan,
                                        const PrefKeys& keys, PrefStore& store) {
  PrefsLoad load;
  const std::string path = file.string();
  Loader loader(path, layer, scan, keys, store, load);
  auto facts = stream_prefs_file(file, loader);
  if (!facts) return facts.error();
  return load;
}

}  // namespace adapters::thunderbird
