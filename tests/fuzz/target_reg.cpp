// .reg files: value lines lie inside the file; writing the snapshot back as regedit 5.00 and
// reading it again gives the same keys and values; the Outlook account reader accepts it.
#include <string>
#include <vector>

#include "adapters/outlook/accounts.hpp"
#include "adapters/outlook/regfile.hpp"
#include "adapters/outlook/regwrite.hpp"
#include "fuzz/registry_compare.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {
namespace detail_reg {

namespace ol = adapters::outlook;

int count_lines(std::string_view bytes) {
  // Generous: UTF-16 text has as many line ends as its UTF-8 form, and a lone CR counts too.
  int n = 1;
  for (char c : bytes) n += (c == '\n' || c == '\r');
  return n;
}

void collect(const ol::RegKey& key, int max_line, std::vector<ol::RegFileKey>& out, int depth = 0) {
  check(depth <= 1000);
  check(key.line >= 0 && key.line <= max_line);
  if (!key.values().empty()) {
    ol::RegFileKey k{key.full_path(), {}};
    for (const auto& v : key.values()) {
      check(v.line >= 1 && v.line <= max_line);
      k.entries.push_back({v.name, v});
    }
    out.push_back(std::move(k));
  }
  for (const auto* c : key.children()) collect(*c, max_line, out, depth + 1);
}

}  // namespace detail_reg

int reg(const uint8_t* data, size_t size) {
  using namespace detail_reg;
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ol::looks_like_reg(bytes);
  auto snap = ol::parse_reg(bytes, "fuzz.reg");
  if (!snap) {
    check(snap.error().message.starts_with("fuzz.reg"));
    check(snap.error().message.find('\n') == std::string::npos);
    return 0;
  }
  std::vector<ol::RegFileKey> keys;
  collect(snap->root, count_lines(bytes), keys);
  (void)ol::read_registry_accounts(*snap);
  auto written = ol::write_reg_file(keys);
  auto again = ol::parse_reg(written, "again.reg");
  check(again.ok());
  check(flatten(*snap) == flatten(*again));
  return 0;
}

}  // namespace fuzz
