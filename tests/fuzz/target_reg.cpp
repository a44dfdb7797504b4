// .reg files: value lines lie inside the file; writing the snapshot back as regedit 5.00 and
// reading it again gives the same keys and values; the Outlook account reader accepts it.
#include <string>
#include <vector>

#include "adapters/outlook/accounts.hpp"
#include "adapters/outlook/edits.hpp"
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

// Merges the values of `from` into `into` (the way importing a .reg file sets values).
void import_values(const ol::RegKey& from, ol::RegKey& into, int depth = 0) {
  check(depth <= 1000);
  for (const auto& v : from.values()) into.set_value(v);
  for (const auto* c : from.children()) import_values(*c, into.ensure_child(c->name(), c->full_path()), depth + 1);
}

std::string endpoint_text(const std::optional<core::Endpoint>& e) {
  if (!e) return "-";
  return e->host.value + "|" + std::to_string(e->port.value) + "|" + std::string(core::to_string(e->security.value)) +
         "|" + std::string(core::to_string(e->auth.value)) + "|" + e->username.value;
}

// The writer's invariant: the fix .reg for one port edit sets exactly one value, and importing it
// over the source gives the same accounts with only that port changed.
void check_port_fix(std::string_view bytes, const ol::RegistrySnapshot& snap) {
  auto before = ol::read_registry_accounts(snap);
  const core::Account* target = nullptr;
  for (const auto& a : before.accounts) {
    if (a.incoming && !a.incoming->port.origin.is_default && !a.incoming->port.origin.key.empty() && !a.managed) {
      target = &a;
      break;
    }
  }
  if (!target) return;
  std::int64_t port = target->incoming->port.value == 4321 ? 4322 : 4321;
  core::Edit edit{target->id, "incoming.port", target->incoming->port.origin, port};
  auto pair = ol::make_fix_and_undo_reg({edit}, snap);
  if (!pair) return;  // refused: nothing to import
  auto fix = ol::parse_reg(pair->first, "fix.reg");
  check(fix.ok());
  check(flatten(*fix).size() == 1);
  auto applied = ol::parse_reg(bytes, "fuzz.reg");  // a fresh copy of the source
  check(applied.ok());
  import_values(fix->root, applied->root);
  auto after = ol::read_registry_accounts(*applied);
  check(after.accounts.size() == before.accounts.size());
  for (std::size_t i = 0; i < before.accounts.size(); ++i) {
    const auto& b = before.accounts[i];
    const auto& a = after.accounts[i];
    check(a.id == b.id && endpoint_text(a.outgoing) == endpoint_text(b.outgoing));
    if (b.id != target->id) {
      check(endpoint_text(a.incoming) == endpoint_text(b.incoming));
      continue;
    }
    check(a.incoming && a.incoming->port.value == port);
    auto expected = b.incoming;
    expected->port.value = static_cast<int>(port);
    check(endpoint_text(a.incoming) == endpoint_text(expected));
  }
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
  check_port_fix(bytes, *snap);
  auto written = ol::write_reg_file(keys);
  auto again = ol::parse_reg(written, "again.reg");
  check(again.ok());
  check(flatten(*snap) == flatten(*again));
  return 0;
}

}  // namespace fuzz
