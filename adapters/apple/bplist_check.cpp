#include "adapters/apple/bplist_check.hpp"

#include <optional>
#include <set>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "i18n/text.hpp"

namespace adapters::apple {
namespace {

constexpr std::size_t kHeaderSize = 8;
constexpr std::size_t kTrailerSize = 32;

std::uint64_t read_be(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

struct Layout {
  const unsigned char* data = nullptr;
  std::size_t size = 0;
  std::size_t offset_size = 0;
  std::size_t ref_size = 0;
  std::uint64_t num_objects = 0;
  std::uint64_t root = 0;
  std::uint64_t table_offset = 0;
};

util::Result<Layout> read_trailer(std::string_view bytes) {
  Layout l;
  l.data = reinterpret_cast<const unsigned char*>(bytes.data());
  l.size = bytes.size();
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), "bplist00", kHeaderSize) != 0)
    return i18n::error(i18n::msg("not a binary plist (bad magic)"));
  if (bytes.size() < kHeaderSize + kTrailerSize + 1) return i18n::error(i18n::msg("binary plist truncated: no room for the trailer"));
  const unsigned char* t = l.data + l.size - kTrailerSize;
  l.offset_size = t[6];
  l.ref_size = t[7];
  l.num_objects = read_be(t + 8, 8);
  l.root = read_be(t + 16, 8);
  l.table_offset = read_be(t + 24, 8);
  if (l.offset_size < 1 || l.offset_size > 8 || l.ref_size < 1 || l.ref_size > 8)
    return i18n::error(i18n::msg("binary plist trailer corrupt: offset/ref size out of range"));
  std::uint64_t objects_end = l.size - kTrailerSize;
  if (l.num_objects == 0 || l.num_objects > objects_end) return i18n::error(i18n::msg("binary plist trailer corrupt: object count"));
  if (l.root >= l.num_objects) return i18n::error(i18n::msg("binary plist trailer corrupt: root object out of range"));
  if (l.table_offset < kHeaderSize || l.table_offset >= objects_end ||
      l.num_objects > (objects_end - l.table_offset) / l.offset_size)
    return i18n::error(i18n::msg("binary plist offset table lies outside the file"));
  return l;
}

std::uint64_t object_offset(const Layout& l, std::uint64_t index) {
  return read_be(l.data + l.table_offset + index * l.offset_size, l.offset_size);
}

// Length of a container/string/data object: low nibble, or an int object when it is 0xF.
// Sets `header` to the bytes used before the payload.
util::Result<std::uint64_t> object_count(const Layout& l, std::uint64_t off, std::uint64_t& header) {
  std::uint8_t low = l.data[off] & 0x0F;
  header = 1;
  if (low != 0x0F) return std::uint64_t{low};
  if (off + 2 > l.table_offset) return i18n::error(i18n::msg("binary plist object length runs past the object area"));
  std::uint8_t marker = l.data[off + 1];
  if ((marker & 0xF0) != 0x10) return i18n::error(i18n::msg("binary plist object length is not an integer"));
  std::uint64_t n = std::uint64_t{1} << (marker & 0x0F);
  if (n > 8) return i18n::error(i18n::msg("binary plist object length integer too wide"));
  if (off + 2 + n > l.table_offset) return i18n::error(i18n::msg("binary plist object length runs past the object area"));
  header = 2 + n;
  return read_be(l.data + off + 2, static_cast<std::size_t>(n));
}

struct Frame {
  std::uint64_t index;
  std::vector<std::uint64_t> children;
  std::size_t next = 0;
};

// The marker and content bytes of a string object (ASCII or UTF-16), bounds-checked.
std::optional<std::string_view> string_object_bytes(const Layout& l, std::uint64_t off) {
  std::uint64_t header = 1;
  auto n = object_count(l, off, header);
  if (!n) return std::nullopt;
  std::uint64_t unit = (l.data[off] >> 4) == 0x6 ? 2 : 1;
  std::uint64_t end = l.table_offset;
  if (*n > end || header > end - off || *n * unit > end - off - header) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(l.data + off), static_cast<std::size_t>(header + *n * unit));
}

// Validates one object in place and returns its child references (for arrays, sets, dicts).
util::Result<std::vector<std::uint64_t>> inspect(const Layout& l, std::uint64_t index) {
  std::uint64_t off = object_offset(l, index);
  std::uint64_t end = l.table_offset;
  if (off < kHeaderSize || off >= end) return i18n::error(i18n::msg("binary plist object {1} lies outside the file", {std::to_string(index)}));
  std::uint8_t marker = l.data[off];
  std::uint8_t type = marker >> 4;
  std::uint64_t payload = 0;
  std::uint64_t header = 1;
  std::uint64_t refs = 0;
  switch (type) {
    case 0x0:
      if (marker != 0x00 && marker != 0x08 && marker != 0x09 && marker != 0x0F)
        return i18n::error(i18n::msg("binary plist object {1} has an unknown marker", {std::to_string(index)}));
      break;
    case 0x1:
    case 0x2: {
      std::uint8_t p = marker & 0x0F;
      if (p > 4) return i18n::error(i18n::msg("binary plist number {1} too wide", {std::to_string(index)}));
      payload = std::uint64_t{1} << p;
      break;
    }
    case 0x3:
      if (marker != 0x33) return i18n::error(i18n::msg("binary plist object {1} has an unknown marker", {std::to_string(index)}));
      payload = 8;
      break;
    case 0x4:
    case 0x5:
    case 0x6:
    case 0xA:
    case 0xC:
    case 0xD: {
      auto n = object_count(l, off, header);
      if (!n) return n.error();
      std::uint64_t count = *n;
      if (count > end) return i18n::error(i18n::msg("binary plist object {1} is larger than the file", {std::to_string(index)}));
      if (type == 0x6) payload = count * 2;
      else if (type == 0xA || type == 0xC) refs = count;
      else if (type == 0xD) refs = count * 2;
      else payload = count;
      if (refs > end) return i18n::error(i18n::msg("binary plist object {1} is larger than the file", {std::to_string(index)}));
      payload += refs * l.ref_size;
      break;
    }
    case 0x8:
      payload = (marker & 0x0F) + 1u;
      break;
    default:
      return i18n::error(i18n::msg("binary plist object {1} has an unknown marker", {std::to_string(index)}));
  }
  if (payload > end - off || header > end - off - payload)
    return i18n::error(i18n::msg("binary plist object {1} runs past the end of the object area", {std::to_string(index)}));
  // libplist 2.2 asserts (aborts) on strings with an embedded NUL: refuse them here.
  if (type == 0x5 || type == 0x6) {
    const unsigned char* text = l.data + off + header;
    std::size_t unit = type == 0x6 ? 2 : 1;
    for (std::uint64_t i = 0; i + unit <= payload; i += unit) {
      if (text[i] == 0 && (unit == 1 || text[i + 1] == 0))
        return i18n::error(i18n::msg("binary plist string {1} contains a NUL character", {std::to_string(index)}));
    }
  }
  std::vector<std::uint64_t> children;
  children.reserve(static_cast<std::size_t>(refs));
  const unsigned char* r = l.data + off + header;
  for (std::uint64_t i = 0; i < refs; ++i) {
    std::uint64_t ref = read_be(r + i * l.ref_size, l.ref_size);
    if (ref >= l.num_objects)
      return i18n::error(i18n::msg("binary plist object {1} refers to a missing object", {std::to_string(index)}));
    children.push_back(ref);
  }
  if (type == 0xD) {
    std::set<std::string_view> keys;
    for (std::uint64_t i = 0; i < refs / 2; ++i) {
      std::uint64_t key_off = object_offset(l, children[i]);
      std::uint8_t key_marker = key_off < end ? l.data[key_off] >> 4 : 0;
      if (key_marker != 0x5 && key_marker != 0x6)
        return i18n::error(i18n::msg("binary plist dictionary {1} has a key that is not a string", {std::to_string(index)}));
      auto key = string_object_bytes(l, key_off);
      if (!key) return i18n::error(i18n::msg("binary plist dictionary {1} has a malformed key", {std::to_string(index)}));
      // libplist keeps both entries of a repeated key and writes back a different tree.
      if (!keys.insert(*key).second)
        return i18n::error(i18n::msg("binary plist dictionary {1} repeats a key", {std::to_string(index)}));
    }
  }
  return children;
}

}  // namespace

util::Status check_binary_plist(std::string_view bytes) {
  auto layout = read_trailer(bytes);
  if (!layout) return layout.error();
  const Layout& l = *layout;
  // Depth-first walk; an object already on the current path is a reference cycle.
  std::vector<Frame> path;
  std::vector<bool> on_path(static_cast<std::size_t>(l.num_objects), false);
  std::size_t visits = 0;
  auto enter = [&](std::uint64_t index) -> util::Status {
    if (on_path[index]) return i18n::error(i18n::msg("binary plist has a reference cycle at object {1}", {std::to_string(index)}));
    if (path.size() >= kMaxPlistDepth) return i18n::error(i18n::msg("binary plist nested deeper than {1} levels", {std::to_string(kMaxPlistDepth)}));
    if (++visits > kMaxPlistVisits) return i18n::error(i18n::msg("binary plist expands to more than {1} objects", {std::to_string(kMaxPlistVisits)}));
    auto children = inspect(l, index);
    if (!children) return children.error();
    on_path[index] = true;
    path.push_back(Frame{index, std::move(*children), 0});
    return {};
  };
  if (auto s = enter(l.root); !s) return s;
  while (!path.empty()) {
    Frame& top = path.back();
    if (top.next == top.children.size()) {
      on_path[top.index] = false;
      path.pop_back();
      continue;
    }
    std::uint64_t child = top.children[top.next++];
    if (auto s = enter(child); !s) return s;
  }
  return {};
}

namespace {

// A character reference to U+0000 ("&#0;", "&#x00;"): libplist 2.2 would abort on the string.
bool is_nul_reference(std::string_view bytes, std::size_t amp) {
  std::size_t i = amp + 2;
  bool hex = i < bytes.size() && (bytes[i] == 'x' || bytes[i] == 'X');
  if (hex) ++i;
  std::size_t digits = 0;
  while (i < bytes.size() && bytes[i] == '0') ++i, ++digits;
  return digits > 0 && i < bytes.size() && bytes[i] == ';';
}

}  // namespace

util::Status check_xml_plist_depth(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) return i18n::error(i18n::msg("XML plist contains a NUL byte"));
  for (std::size_t amp = bytes.find("&#"); amp != std::string_view::npos; amp = bytes.find("&#", amp + 2)) {
    if (is_nul_reference(bytes, amp)) return i18n::error(i18n::msg("XML plist contains a NUL character reference"));
  }
  std::size_t depth = 0;
  std::size_t objects = 0;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] != '<') continue;
    bool closing = bytes[i + 1] == '/';
    // Every element that opens is (part of) an object: bound them as binary plists are bounded.
    if (!closing && bytes[i + 1] != '?' && bytes[i + 1] != '!' && ++objects > 2 * kMaxPlistVisits)
      return i18n::error(i18n::msg("XML plist has more than {1} objects", {std::to_string(kMaxPlistVisits)}));
    std::string_view rest = bytes.substr(i + (closing ? 2 : 1));
    bool container = rest.starts_with("dict") || rest.starts_with("array");
    if (!container) continue;
    std::size_t gt = bytes.find('>', i);
    if (gt == std::string_view::npos) break;
    bool self_closing = bytes[gt - 1] == '/';
    if (closing) {
      if (depth > 0) --depth;
    } else if (!self_closing && ++depth > kMaxPlistDepth) {
      return i18n::error(i18n::msg("plist nested deeper than {1} levels", {std::to_string(kMaxPlistDepth)}));
    }
    i = gt;
  }
  return {};
}

}  // namespace adapters::apple
