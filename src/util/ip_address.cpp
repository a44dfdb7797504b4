#include "util/ip_address.hpp"

#include <vector>

namespace util {
namespace {

std::optional<int> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// Four decimal parts 0..255, no leading zeros beyond a single "0" (inet_pton's rule).
std::optional<std::array<std::uint8_t, 4>> parse_v4(std::string_view s) {
  std::array<std::uint8_t, 4> out{};
  std::size_t part = 0, i = 0;
  while (part < 4) {
    std::size_t start = i;
    int value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) value = value * 10 + (s[i++] - '0');
    const std::size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) return std::nullopt;
    out[part++] = static_cast<std::uint8_t>(value);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

// Groups of up to four hex digits separated by ':', one "::", an IPv4 tail in the last 32 bits.
std::optional<std::array<std::uint8_t, 16>> parse_v6(std::string_view s) {
  std::vector<std::uint16_t> head, tail;
  bool gap = false;
  std::optional<std::array<std::uint8_t, 4>> v4;
  if (s.starts_with("::")) {
    gap = true;
    s.remove_prefix(2);
  } else if (s.starts_with(":")) {
    return std::nullopt;
  }
  while (!s.empty()) {
    const std::size_t colon = s.find(':');
    const std::string_view group = s.substr(0, colon);
    if (group.find('.') != std::string_view::npos) {  // the IPv4 tail ends the address
      if (colon != std::string_view::npos) return std::nullopt;
      v4 = parse_v4(group);
      if (!v4) return std::nullopt;
      s = {};
      break;
    }
    if (group.empty() || group.size() > 4) return std::nullopt;
    std::uint16_t value = 0;
    for (char c : group) {
      auto d = hex_digit(c);
      if (!d) return std::nullopt;
      value = static_cast<std::uint16_t>(value * 16 + *d);
    }
    (gap ? tail : head).push_back(value);
    if (colon == std::string_view::npos) {
      s = {};
      break;
    }
    s.remove_prefix(colon + 1);
    if (s.starts_with(":")) {
      if (gap) return std::nullopt;  // a second "::"
      gap = true;
      s.remove_prefix(1);
    } else if (s.empty()) {
      return std::nullopt;  // a trailing single ':'
    }
  }
  const std::size_t groups = head.size() + tail.size() + (v4 ? 2 : 0);
  if (groups > 8 || (!gap && groups != 8) || (gap && groups == 8)) return std::nullopt;
  std::array<std::uint8_t, 16> out{};
  std::size_t at = 0;
  for (auto g : head) {
    out[at++] = static_cast<std::uint8_t>(g >> 8);
    out[at++] = static_cast<std::uint8_t>(g & 0xff);
  }
  at = 16 - tail.size() * 2 - (v4 ? 4 : 0);
  for (auto g : tail) {
    out[at++] = static_cast<std::uint8_t>(g >> 8);
    out[at++] = static_cast<std::uint8_t>(g & 0xff);
  }
  if (v4) {
    for (auto b : *v4) out[at++] = b;
  }
  return out;
}

bool is_v4_mapped(const IpAddress& a) {
  if (a.family != IpAddress::Family::V6) return false;
  for (int i = 0; i < 10; ++i) {
    if (a.bytes[i] != 0) return false;
  }
  return a.bytes[10] == 0xff && a.bytes[11] == 0xff;
}

// The IPv4 address itself, or the one an IPv4-mapped IPv6 address carries.
std::optional<std::array<std::uint8_t, 4>> v4_of(const IpAddress& a) {
  if (a.family == IpAddress::Family::V4) return std::array<std::uint8_t, 4>{a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]};
  if (is_v4_mapped(a)) return std::array<std::uint8_t, 4>{a.bytes[12], a.bytes[13], a.bytes[14], a.bytes[15]};
  return std::nullopt;
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  IpAddress out;
  if (text.find(':') == std::string_view::npos) {
    auto v4 = parse_v4(text);
    if (!v4) return std::nullopt;
    for (int i = 0; i < 4; ++i) out.bytes[i] = (*v4)[i];
    return out;
  }
  const std::size_t zone = text.find('%');
  if (zone != std::string_view::npos) {
    if (zone + 1 == text.size()) return std::nullopt;
    text = text.substr(0, zone);
  }
  auto v6 = parse_v6(text);
  if (!v6) return std::nullopt;
  out.family = IpAddress::Family::V6;
  out.bytes = *v6;
  return out;
}

bool is_loopback(const IpAddress& a) {
  if (auto v4 = v4_of(a)) return (*v4)[0] == 127;
  for (int i = 0; i < 15; ++i) {
    if (a.bytes[i] != 0) return false;
  }
  return a.bytes[15] == 1;
}

bool is_private(const IpAddress& a) {
  if (auto v4 = v4_of(a)) {
    const auto& b = *v4;
    return b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168) ||
           (b[0] == 100 && (b[1] & 0xc0) == 64) || (b[0] == 169 && b[1] == 254);
  }
  return (a.bytes[0] & 0xfe) == 0xfc || (a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80);
}

bool is_unspecified(const IpAddress& a) {
  for (auto b : a.bytes) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace util
