#include "adapters/outlook/hive.hpp"

#include <hivex.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "adapters/outlook/hivex_files.hpp"
#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;
namespace {

struct HiveCloser {
  void operator()(hive_h* h) const {
    if (h) hivex_close(h);
  }
};
using HivePtr = std::unique_ptr<hive_h, HiveCloser>;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
template <class T>
using Malloced = std::unique_ptr<T, FreeDeleter>;

std::string errno_text(int e) { return e ? std::strerror(e) : "unknown error"; }

std::uint32_t get32(std::string_view b, std::size_t off) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[off])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[off + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[off + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[off + 3])) << 24;
}

util::Result<HivePtr> open_named_hive(const std::string& hivex_name, const std::string& file, int flags) {
  errno = 0;
  HivePtr h(hivex_open(hivex_name.c_str(), flags));
  if (!h) return i18n::error(i18n::msg("{1}: cannot open the hive (hivex: {2})", {file, errno_text(errno)}));
  return h;
}

util::Status check_magic(std::string_view head, const std::string& file) {
  if (head.size() < 4) return i18n::error(i18n::msg("{1}: cannot read the hive (missing or shorter than 4 bytes)", {file}));
  if (!has_regf_magic(head)) return i18n::error(i18n::msg("{1}: not a registry hive (no \"regf\" magic)", {file}));
  return {};
}

class Walker {
 public:
  // value_budget: the value bytes the walk may copy. A hive stores each value once, but crafted
  // value records can share one data cell, so the copy is bounded by a multiple of the file.
  Walker(hive_h* h, const std::string& file, std::uintmax_t value_budget)
      : h_(h), file_(file), value_budget_(value_budget) {}

  util::Status copy(hive_node_h node, RegKey& into, std::size_t depth) {
    if (++keys_ > kMaxHiveKeys) return i18n::error(i18n::msg("{1}: more than {2} keys, refused", {file_, std::to_string(kMaxHiveKeys)}));
    if (depth > kMaxHiveDepth) {
      return i18n::error(i18n::msg("{1}: keys nested deeper than {2} levels (corrupt hive?)", {file_, std::to_string(kMaxHiveDepth)}));
    }
    auto st = copy_values(node, into);
    if (!st) return st;
    errno = 0;
    Malloced<hive_node_h> children(hivex_node_children(h_, node));
    if (!children) return key_error(into, i18n::marked("{1}: {2}: cannot list subkeys (hivex: {3})"));
    for (std::size_t i = 0; children.get()[i]; ++i) {
      Malloced<char> name(hivex_node_name(h_, children.get()[i]));
      if (!name) return key_error(into, i18n::marked("{1}: {2}: unreadable key name"));
      std::string full = into.full_path().empty() ? name.get() : into.full_path() + "\\" + name.get();
      auto& child = into.ensure_child(name.get(), full);
      st = copy(children.get()[i], child, depth + 1);
      if (!st) return st;
    }
    return {};
  }

  util::Status copy_values(hive_node_h node, RegKey& into) {
    errno = 0;
    Malloced<hive_value_h> values(hivex_node_values(h_, node));
    if (!values) return key_error(into, i18n::marked("{1}: {2}: cannot list values (hivex: {3})"));
    for (std::size_t i = 0; values.get()[i]; ++i) {
      Malloced<char> key(hivex_value_key(h_, values.get()[i]));
      // hivex stores the raw 32-bit type, which need not be a hive_type enumerator: keep it in an
      // integer so that reading it is defined.
      static_assert(sizeof(hive_type) == sizeof(std::uint32_t));
      std::uint32_t raw_type = 0;
      std::size_t len = 0;
      if (hivex_value_type(h_, values.get()[i], reinterpret_cast<hive_type*>(&raw_type), &len) == 0) {
        if (len > value_budget_) {
          return i18n::error(i18n::msg("{1}: values add up to more than {2} times the file size (shared data cells?), refused",
                                       {file_, std::to_string(kHiveValueBytesPerFileByte)}));
        }
        value_budget_ -= len;
      }
      Malloced<char> data(hivex_value_value(h_, values.get()[i], reinterpret_cast<hive_type*>(&raw_type), &len));
      if (!key || !data) return key_error(into, i18n::marked("{1}: {2}: unreadable value (hivex: {3})"));
      into.set_value(RegValue{key.get(), raw_type, std::string(data.get(), len), 0});
    }
    return {};
  }

 private:
  // A marked pattern about the key `at`: {1} the file, {2} the key's path, {3} hivex's reason (errno).
  util::Error key_error(const RegKey& at, const char* pattern) const {
    const int err = errno;
    return i18n::error(i18n::msg(pattern, {file_, at.full_path(), errno_text(err)}));
  }

  hive_h* h_;
  const std::string& file_;
  std::uintmax_t value_budget_;
  std::size_t keys_ = 0;
};

// The node at `parts` below the root; 0 when absent.
hive_node_h descend(hive_h* h, const std::vector<std::string>& parts) {
  hive_node_h node = hivex_root(h);
  for (const auto& part : parts) {
    if (!node) return 0;
    errno = 0;
    node = hivex_node_get_child(h, node, part.c_str());
  }
  return node;
}

// hivex rewrites every value of an edited key and stores data over 16344 bytes as one plain cell,
// where Windows (hive format 1.4+) expects a "db" big-data record: such a key would be corrupted.
constexpr std::size_t kMaxPlainCellData = 16344;

util::Status check_key_rewritable(hive_h* h, hive_node_h node, const HiveValueEdit& e, const std::string& file) {
  const std::string limit = std::to_string(kMaxPlainCellData);
  if (e.data.size() > kMaxPlainCellData) {
    return i18n::error(i18n::msg("{1}: {2} would get a value larger than {3} bytes, which hivex cannot rewrite in a form "
                                 "Windows reads; refused",
                                 {file, e.key_path, limit}));
  }
  Malloced<hive_value_h> values(hivex_node_values(h, node));
  if (!values) {
    return i18n::error(i18n::msg("{1}: {2}: cannot list values (hivex: {3})", {file, e.key_path, errno_text(errno)}));
  }
  for (std::size_t i = 0; values.get()[i]; ++i) {
    std::size_t len = 0;
    std::uint32_t raw_type = 0;
    Malloced<char> data(hivex_value_value(h, values.get()[i], reinterpret_cast<hive_type*>(&raw_type), &len));
    if (!data) return i18n::error(i18n::msg("{1}: {2}: unreadable value (hivex: {3})", {file, e.key_path, errno_text(errno)}));
    if (len > kMaxPlainCellData) {
      return i18n::error(i18n::msg("{1}: {2} holds a value larger than {3} bytes, which hivex cannot rewrite in a form "
                                   "Windows reads; refused",
                                   {file, e.key_path, limit}));
    }
  }
  return {};
}

bool newer_non_empty_log(const fs::path& hive) {
  std::error_code ec;
  auto hive_time = fs::last_write_time(hive, ec);
  if (ec) return false;
  auto dir = hive.parent_path().empty() ? fs::path(".") : hive.parent_path();
  auto base = util::to_lower(hive.filename().string());
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    auto name = util::to_lower(entry.path().filename().string());
    if (name != base + ".log1" && name != base + ".log2" && name != base + ".log") continue;
    std::error_code e2;
    if (fs::file_size(entry.path(), e2) > 0 && !e2 && fs::last_write_time(entry.path(), e2) > hive_time && !e2) return true;
  }
  return false;
}

}  // namespace

bool has_regf_magic(std::string_view first_bytes) { return first_bytes.substr(0, 4) == "regf"; }

bool is_hive_file(const fs::path& path) { return has_regf_magic(util::read_file_head(path, 4)); }

namespace {

// Reads an opened hive; `file` names it in errors and in the snapshot, `size` bounds the value
// bytes the walk may copy.
util::Result<RegistrySnapshot> read_named_hive(const std::string& hivex_name, const std::string& file, std::uintmax_t size,
                                               const std::vector<std::string>& subtrees) {
  auto h = open_named_hive(hivex_name, file, 0);
  if (!h.ok()) return h.error();
  RegistrySnapshot snap;
  snap.kind = RegistryKind::Hive;
  snap.file = file;
  Walker walker(h->get(), file, size * kHiveValueBytesPerFileByte + (1u << 20));
  if (subtrees.empty()) {
    auto st = walker.copy(hivex_root(h->get()), snap.root, 0);
    if (!st) return st.error();
    return snap;
  }
  for (const auto& subtree : subtrees) {
    auto parts = split_key_path(subtree);
    hive_node_h node = descend(h->get(), parts);
    if (!node) continue;
    RegKey* key = &snap.root;
    std::string full;
    for (const auto& part : parts) {
      full = full.empty() ? part : full + "\\" + part;
      key = &key->ensure_child(part, full);
    }
    auto st = walker.copy(node, *key, parts.size());
    if (!st) return st.error();
  }
  return snap;
}

}  // namespace

util::Result<RegistrySnapshot> read_hive(const fs::path& path, const std::vector<std::string>& subtrees) {
  // Opened once, never blocking, and handed to hivex by a name that leads to that very file: a
  // FIFO or a file renamed into the path meanwhile is never what hivex opens.
  auto input = HivexInput::open(path);
  if (!input) return input.error();
  if (auto st = check_magic(input->head(4), path.string()); !st) return st.error();
  return read_named_hive(input->hivex_name(), path.string(), input->size(), subtrees);
}

util::Result<RegistrySnapshot> read_hive_bytes(std::string_view bytes, const std::string& file,
                                               const std::vector<std::string>& subtrees) {
  if (auto st = check_magic(bytes.substr(0, 4), file); !st) return st.error();
  auto scratch = HivexScratch::create();
  if (!scratch) return i18n::error(i18n::msg("{1}: {2}", {file, i18n::text_of(scratch.error())}));
  auto name = scratch->put("hive.dat", bytes);
  if (!name) return i18n::error(i18n::msg("{1}: {2}", {file, i18n::text_of(name.error())}));
  return read_named_hive(*name, file, bytes.size(), subtrees);
}

i18n::Text hive_dirty_reason(const fs::path& hive, std::string_view base_block) {
  if (base_block.size() < 512 || !has_regf_magic(base_block)) return i18n::msg("not a registry hive");
  auto seq1 = get32(base_block, 4), seq2 = get32(base_block, 8);
  if (seq1 != seq2) {
    return i18n::msg("the hive's sequence numbers differ ({1} != {2}): changes are still in its .LOG1/.LOG2 files",
                     {std::to_string(seq1), std::to_string(seq2)});
  }
  std::uint32_t sum = 0;
  for (std::size_t off = 0; off < 508; off += 4) sum ^= get32(base_block, off);
  if (sum == 0xFFFFFFFFu) sum = 0xFFFFFFFEu;
  if (sum == 0) sum = 1;
  if (sum != get32(base_block, 508)) return i18n::msg("the hive's header checksum is wrong");
  if (newer_non_empty_log(hive)) {
    return i18n::msg("a non-empty .LOG1/.LOG2 file is newer than the hive: it may hold unreplayed changes");
  }
  return {};
}

util::Error key_not_found(const std::string& file, const std::string& key_path) {
  return i18n::error(i18n::msg("{1}: key {2} not found in the hive", {file, key_path}));
}

util::Result<std::string> edit_hive_bytes(const std::string& file, std::string_view original,
                                          const std::vector<HiveValueEdit>& edits) {
  const auto cannot_open = [&] { return i18n::error(i18n::msg("{1}: cannot open the hive for writing", {file})); };
  if (!check_magic(original.substr(0, 4), file)) return cannot_open();
  auto scratch = HivexScratch::create();
  if (!scratch) return i18n::error(i18n::msg("{1}: {2}", {file, i18n::text_of(scratch.error())}));
  auto in = scratch->put("in.dat", original);
  if (!in) return i18n::error(i18n::msg("{1}: {2}", {file, i18n::text_of(in.error())}));
  auto h = open_named_hive(*in, file, HIVEX_OPEN_WRITE);
  if (!h.ok()) return cannot_open();
  for (const auto& e : edits) {
    hive_node_h node = descend(h->get(), split_key_path(e.key_path));
    if (!node) return key_not_found(file, e.key_path);
    if (auto st = check_key_rewritable(h->get(), node, e, file); !st) return st.error();
    hive_set_value v{const_cast<char*>(e.value_name.c_str()), hive_t_REG_NONE, e.data.size(),
                     const_cast<char*>(e.data.data())};
    std::memcpy(&v.t, &e.type, sizeof v.t);  // any 32-bit type, not only hive_type enumerators
    // Singular on purpose: hivex_node_set_values would replace the key's whole value list.
    if (hivex_node_set_value(h->get(), node, &v, 0) == -1) {
      return i18n::error(i18n::msg("{1}: cannot set {2} (hivex: {3})", {file, e.key_path + "\\" + e.value_name, errno_text(errno)}));
    }
  }
  if (hivex_commit(h->get(), scratch->hivex_name("out.dat").c_str(), 0) == -1) {
    return i18n::error(i18n::msg("{1}: cannot commit the edited hive (hivex: {2})", {file, errno_text(errno)}));
  }
  h->reset();  // hivex lets go of in.dat before the scratch folder goes
  auto bytes = util::read_file(scratch->path() / "out.dat", kMaxHiveBytes);
  if (!bytes.ok()) return i18n::error(i18n::msg("{1}: cannot read back the edited hive", {file}));
  return std::move(bytes).value();
}

}  // namespace adapters::outlook
