#pragma once
// IP address literals as hosts files and proxy settings hold them: strict dotted-quad IPv4, IPv6
// (with "::", an embedded IPv4 tail and an optional "%zone"), and what kind of network they name.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace util {

struct IpAddress {
  enum class Family { V4, V6 } family = Family::V4;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first four
};

std::optional<IpAddress> parse_ip_address(std::string_view text);

// 127.0.0.0/8, ::1, and IPv4-mapped loopback.
bool is_loopback(const IpAddress& address);
// RFC 1918, 100.64.0.0/10 (carrier-grade NAT), link-local (169.254.0.0/16, fe80::/10), unique local fc00::/7.
bool is_private(const IpAddress& address);
// 0.0.0.0 and ::, which hosts files use to block a name.
bool is_unspecified(const IpAddress& address);

}  // namespace util
