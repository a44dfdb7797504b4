#pragma once
// The SOCKS5 client side (RFC 1928, no authentication, CONNECT only): how the probe reaches a mail
// server through the proxy a client uses (Thunderbird sends IMAP, POP3 and SMTP through its manual
// SOCKS proxy).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include "core/probe.hpp"

namespace probe {

struct SocksProxy {
  std::string host;
  unsigned short port = 0;
  bool remote_dns = false;  // socks5h://: the proxy resolves the mail server's name
  std::string text() const;  // "127.0.0.1:1080", "[::1]:1080"
};

// "socks5://HOST:PORT" or "socks5h://HOST:PORT" (HOST may be an IPv6 literal in brackets);
// nullopt for any other proxy (socks4://, an HTTP proxy), which the probe does not go through.
std::optional<SocksProxy> parse_socks5_proxy(std::string_view url);

// What the proxy said to the CONNECT request: Connected, or how the connection failed (the proxy's
// reply code in RFC 1928's words, or a timeout at `deadline`).
struct SocksOutcome {
  core::TcpOutcome tcp = core::TcpOutcome::Unreachable;
  std::string error;  // empty when connected
};

// Over `socket`, already connected to the proxy: the method negotiation, then CONNECT to
// `destination` (an IPv4/IPv6 address, or a name the proxy resolves) and `port`.
asio::awaitable<SocksOutcome> socks5_connect(asio::ip::tcp::socket& socket, const std::string& destination,
                                             unsigned short port, std::chrono::steady_clock::time_point deadline);

}  // namespace probe
