// Offline hives (hivex and our walk of it): a hive that reads is walked within the documented
// bounds; setting one DWORD through the hive writer leaves every other value as it was.
#include <string>

#include "adapters/outlook/accounts.hpp"
#include "adapters/outlook/hive.hpp"
#include "fuzz/registry_compare.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {
namespace detail_hive {

namespace ol = adapters::outlook;

std::size_t count_keys(const ol::RegKey& key, std::size_t depth, std::size_t& max_depth) {
  max_depth = std::max(max_depth, depth);
  std::size_t n = 1;
  for (const auto* c : key.children()) n += count_keys(*c, depth + 1, max_depth);
  return n;
}

// The first DWORD value in depth-first order, with the path of its key.
const ol::RegValue* first_dword(const ol::RegKey& key, std::string& path) {
  for (const auto& v : key.values()) {
    if (v.type == ol::regtype::Dword && v.data.size() == 4) {
      path = key.full_path();
      return &v;
    }
  }
  for (const auto* c : key.children()) {
    if (const auto* v = first_dword(*c, path)) return v;
  }
  return nullptr;
}

void check_one_edit(std::string_view bytes, const ol::RegistrySnapshot& snap) {
  std::string path;
  const ol::RegValue* v = first_dword(snap.root, path);
  if (!v) return;
  std::string data = v->data;
  data[0] = static_cast<char>(data[0] ^ 0x5a);
  std::string name = v->name;
  auto edited = ol::edit_hive_bytes("NTUSER.DAT", bytes, {{path, name, ol::regtype::Dword, data}});
  if (!edited) return;  // refused (dirty or unwritable hive): nothing written, nothing to compare
  auto again = ol::read_hive_bytes(*edited, "NTUSER.DAT");
  check(again.ok());
  auto expected = flatten(snap);
  std::string flat_key;
  for (const auto& part : ol::split_key_path(path)) flat_key += "\\" + lower_ascii(part);
  expected[flat_key + "|" + lower_ascii(name)] = {ol::regtype::Dword, data};
  check(expected == flatten(*again));
}

}  // namespace detail_hive

int hive(const uint8_t* data, size_t size) {
  using namespace detail_hive;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ol::has_regf_magic(bytes);
  auto snap = ol::read_hive_bytes(bytes, "NTUSER.DAT");
  if (!snap) {
    check(snap.error().message.find('\n') == std::string::npos);
    return 0;
  }
  std::size_t depth = 0;
  check(count_keys(snap->root, 0, depth) <= ol::kMaxHiveKeys + 1);
  check(depth <= ol::kMaxHiveDepth + 1);
  (void)ol::read_registry_accounts(*snap);
  check_one_edit(bytes, *snap);
  return 0;
}

}  // namespace fuzz
