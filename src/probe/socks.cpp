#include "probe/socks.hpp"

#include <vector>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include "probe/use_tuple.hpp"
#include "util/text.hpp"

namespace probe {
namespace {

using asio::awaitable;
using namespace asio::experimental::awaitable_operators;

// One read or write of exactly the buffer's size, or the deadline (asio::error::timed_out).
template <class Operation>
awaitable<asio::error_code> before(std::chrono::steady_clock::time_point deadline, Operation operation) {
  asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
  auto outcome = co_await (operation() || timer.async_wait(use_tuple));
  if (outcome.index() == 1) co_return asio::error::timed_out;
  co_return std::get<0>(std::get<0>(outcome));
}

// RFC 1928, section 6.
std::string reply_words(unsigned char code) {
  switch (code) {
    case 1: return "general SOCKS server failure";
    case 2: return "connection not allowed by ruleset";
    case 3: return "network unreachable";
    case 4: return "host unreachable";
    case 5: return "connection refused";
    case 6: return "TTL expired";
    case 7: return "command not supported";
    case 8: return "address type not supported";
    default: return "reply code " + std::to_string(code);
  }
}

core::TcpOutcome reply_outcome(unsigned char code) {
  if (code == 5) return core::TcpOutcome::Refused;
  if (code == 6) return core::TcpOutcome::Timeout;
  return core::TcpOutcome::Unreachable;
}

std::vector<unsigned char> connect_request(const std::string& destination, unsigned short port) {
  std::vector<unsigned char> r{5, 1, 0};
  asio::error_code ec;
  const auto address = asio::ip::make_address(destination, ec);
  if (!ec && address.is_v4()) {
    r.push_back(1);
    for (auto b : address.to_v4().to_bytes()) r.push_back(b);
  } else if (!ec) {
    r.push_back(4);
    for (auto b : address.to_v6().to_bytes()) r.push_back(b);
  } else {
    r.push_back(3);
    r.push_back(static_cast<unsigned char>(destination.size()));
    r.insert(r.end(), destination.begin(), destination.end());
  }
  r.push_back(static_cast<unsigned char>(port >> 8));
  r.push_back(static_cast<unsigned char>(port & 0xff));
  return r;
}

}  // namespace

std::string SocksProxy::text() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<SocksProxy> parse_socks5_proxy(std::string_view url) {
  SocksProxy p;
  if (url.starts_with("socks5h://")) {
    p.remote_dns = true;
    url.remove_prefix(10);
  } else if (url.starts_with("socks5://")) {
    url.remove_prefix(9);
  } else {
    return std::nullopt;
  }
  const auto colon = url.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = url.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port = util::parse_int(url.substr(colon + 1), 1, 65535);
  if (host.empty() || !port) return std::nullopt;
  p.host = std::string(host);
  p.port = static_cast<unsigned short>(*port);
  return p;
}

awaitable<SocksOutcome> socks5_connect(asio::ip::tcp::socket& socket, const std::string& destination,
                                       unsigned short port, std::chrono::steady_clock::time_point deadline) {
  auto failed = [](core::TcpOutcome tcp, std::string why) { return SocksOutcome{tcp, std::move(why)}; };
  if (destination.size() > 255) co_return failed(core::TcpOutcome::Unreachable, "the name is too long for SOCKS5");
  auto send = [&](const std::vector<unsigned char>& bytes) {
    return before(deadline, [&] { return asio::async_write(socket, asio::buffer(bytes), use_tuple); });
  };
  auto receive = [&](unsigned char* into, std::size_t n) {
    return before(deadline, [&socket, into, n] { return asio::async_read(socket, asio::buffer(into, n), use_tuple); });
  };
  auto io_failure = [&](const asio::error_code& ec) {
    return ec == asio::error::timed_out ? failed(core::TcpOutcome::Timeout, "did not answer in time")
                                        : failed(core::TcpOutcome::Unreachable, "closed the connection: " + ec.message());
  };
  std::vector<unsigned char> head(4);
  // Named, not a braced temporary inside co_await: GCC 12 cannot carry that array across the suspension.
  const std::vector<unsigned char> no_authentication{5, 1, 0};
  if (auto ec = co_await send(no_authentication)) co_return io_failure(ec);
  if (auto ec = co_await receive(head.data(), 2)) co_return io_failure(ec);
  if (head[0] != 5) co_return failed(core::TcpOutcome::Unreachable, "does not speak SOCKS5");
  if (head[1] != 0) co_return failed(core::TcpOutcome::Unreachable, "wants authentication, which mailmend does not offer");
  const auto request = connect_request(destination, port);
  if (auto ec = co_await send(request)) co_return io_failure(ec);
  if (auto ec = co_await receive(head.data(), 4)) co_return io_failure(ec);
  if (head[0] != 5) co_return failed(core::TcpOutcome::Unreachable, "does not speak SOCKS5");
  if (head[1] != 0) co_return failed(reply_outcome(head[1]), "could not connect: " + reply_words(head[1]));
  // The address the proxy bound (ignored) and its port.
  std::vector<unsigned char> bound(258);
  std::size_t length = head[3] == 1 ? 4 : head[3] == 4 ? 16 : 0;
  if (head[3] == 3) {
    if (auto ec = co_await receive(bound.data(), 1)) co_return io_failure(ec);
    length = bound[0];
  } else if (length == 0) {
    co_return failed(core::TcpOutcome::Unreachable, "sent an unknown address type");
  }
  if (auto ec = co_await receive(bound.data(), length + 2)) co_return io_failure(ec);
  co_return SocksOutcome{core::TcpOutcome::Connected, {}};
}

}  // namespace probe
