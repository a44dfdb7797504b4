#include "adapters/outlook/hivebuild.hpp"

#include <hivex.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "adapters/outlook/hivex_files.hpp"
#include "util/file.hpp"

namespace adapters::outlook {
namespace {

constexpr std::uint64_t kFiletime = 133485408000000000ULL;  // 2024-01-01T00:00:00Z

void put16(std::string& b, std::size_t off, std::uint16_t v) {
  b[off] = static_cast<char>(v & 0xFF);
  b[off + 1] = static_cast<char>(v >> 8);
}
void put32(std::string& b, std::size_t off, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[off + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put64(std::string& b, std::size_t off, std::uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i) b[off + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
std::uint32_t get32(const std::string& b, std::size_t off) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[off + i])) << (8 * i);
  return v;
}

void write_base_block(std::string& f) {
  std::memcpy(&f[0], "regf", 4);
  put32(f, 0x04, 1);  // sequence numbers equal: clean
  put32(f, 0x08, 1);
  put64(f, 0x0C, kFiletime);
  put32(f, 0x14, 1);       // major
  put32(f, 0x18, 5);       // minor
  put32(f, 0x1C, 0);       // primary file
  put32(f, 0x20, 1);       // direct memory load
  put32(f, 0x24, 0x20);    // root cell offset
  put32(f, 0x28, 0x1000);  // hive bins size
  put32(f, 0x2C, 1);       // clustering factor
  const char* name = "\\??\\C:\\Users\\test\\ntuser.dat";
  for (std::size_t i = 0; name[i] && i < 31; ++i) put16(f, 0x30 + 2 * i, static_cast<std::uint16_t>(name[i]));
  std::uint32_t sum = 0;
  for (std::size_t off = 0; off < 0x1FC; off += 4) sum ^= get32(f, off);
  if (sum == 0xFFFFFFFFu) sum = 0xFFFFFFFEu;
  if (sum == 0) sum = 1;
  put32(f, 0x1FC, sum);
}

// Root nk cell followed by the sk cell that hivex_node_add_child() requires.
void write_hbin(std::string& f) {
  const std::size_t hb = 0x1000;
  const std::string root = "ROOT";
  std::memcpy(&f[hb], "hbin", 4);
  put32(f, hb + 0x04, 0);
  put32(f, hb + 0x08, 0x1000);
  put64(f, hb + 0x14, kFiletime);

  const std::uint32_t nk_off = 0x20;
  const std::size_t nk_size = (0x50 + root.size() + 7) & ~std::size_t(7);
  const auto sk_off = static_cast<std::uint32_t>(nk_off + nk_size);
  std::size_t p = hb + nk_off;
  put32(f, p, static_cast<std::uint32_t>(-static_cast<std::int32_t>(nk_size)));
  std::memcpy(&f[p + 4], "nk", 2);
  put16(f, p + 0x06, 0x002C);  // HIVE_ENTRY | NO_DELETE | COMP_NAME
  put64(f, p + 0x08, kFiletime);
  put32(f, p + 0x20, 0xFFFFFFFFu);
  put32(f, p + 0x24, 0xFFFFFFFFu);
  put32(f, p + 0x2C, 0xFFFFFFFFu);
  put32(f, p + 0x30, sk_off);
  put32(f, p + 0x34, 0xFFFFFFFFu);
  put16(f, p + 0x4C, static_cast<std::uint16_t>(root.size()));
  std::memcpy(&f[p + 0x50], root.data(), root.size());

  // Self-relative security descriptor: owner and group S-1-5-18, NULL DACL.
  const unsigned char sid_system[12] = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
  std::string sd(44, '\0');
  sd[0] = 1;
  sd[2] = 0x04;
  sd[3] = static_cast<char>(0x80);
  put32(sd, 4, 20);
  put32(sd, 8, 32);
  std::memcpy(&sd[20], sid_system, 12);
  std::memcpy(&sd[32], sid_system, 12);
  const std::size_t sk_size = (0x18 + sd.size() + 7) & ~std::size_t(7);
  p = hb + sk_off;
  put32(f, p, static_cast<std::uint32_t>(-static_cast<std::int32_t>(sk_size)));
  std::memcpy(&f[p + 4], "sk", 2);
  put32(f, p + 0x08, sk_off);
  put32(f, p + 0x0C, sk_off);
  put32(f, p + 0x10, 1);
  put32(f, p + 0x14, static_cast<std::uint32_t>(sd.size()));
  std::memcpy(&f[p + 0x18], sd.data(), sd.size());
  const auto free_off = static_cast<std::uint32_t>(sk_off + sk_size);
  put32(f, hb + free_off, 0x1000 - free_off);
}

util::Result<hive_node_h> ensure_key(hive_h* h, const std::string& path) {
  hive_node_h node = hivex_root(h);
  for (const auto& part : split_key_path(path)) {
    errno = 0;
    hive_node_h child = hivex_node_get_child(h, node, part.c_str());
    if (!child && errno) return util::make_error("hivex_node_get_child(" + part + "): " + std::strerror(errno));
    if (!child) child = hivex_node_add_child(h, node, part.c_str());
    if (!child) return util::make_error("hivex_node_add_child(" + part + "): " + std::strerror(errno));
    node = child;
  }
  return node;
}

}  // namespace

std::string minimal_hive_seed() {
  std::string f(0x2000, '\0');
  write_base_block(f);
  write_hbin(f);
  return f;
}

util::Result<std::string> build_hive(const std::vector<HiveKeySpec>& keys) {
  auto dir = HivexScratch::create();
  if (!dir) return util::make_error("build_hive: " + dir.error().message);
  auto seed = dir->put("seed.dat", minimal_hive_seed());
  if (!seed) return util::make_error("build_hive: cannot write the seed hive");
  hive_h* h = hivex_open(seed->c_str(), HIVEX_OPEN_WRITE);
  if (!h) return util::make_error(std::string("build_hive: hivex_open: ") + std::strerror(errno));
  for (const auto& k : keys) {
    auto node = ensure_key(h, k.path);
    if (!node.ok()) {
      hivex_close(h);
      return node.error();
    }
    for (const auto& v : k.values) {
      hive_set_value sv{const_cast<char*>(v.name.c_str()), hive_t_REG_NONE, v.data.size(),
                        const_cast<char*>(v.data.data())};
      static_assert(sizeof sv.t == sizeof v.type);
      std::memcpy(&sv.t, &v.type, sizeof sv.t);  // any 32-bit type, not only hive_type enumerators
      if (hivex_node_set_value(h, *node, &sv, 0) == -1) {
        hivex_close(h);
        return util::make_error("build_hive: set " + k.path + "\\" + v.name + ": " + std::strerror(errno));
      }
    }
  }
  if (hivex_commit(h, dir->hivex_name("built.dat").c_str(), 0) == -1) {
    hivex_close(h);
    return util::make_error(std::string("build_hive: hivex_commit: ") + std::strerror(errno));
  }
  hivex_close(h);
  return util::read_file(dir->path() / "built.dat");
}

}  // namespace adapters::outlook
