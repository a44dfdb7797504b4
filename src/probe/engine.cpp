#include "probe/engine.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ssl.hpp>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "core/error.hpp"
#include "probe/certificate.hpp"
#include "probe/dialogue.hpp"
#include "probe/socks.hpp"
#include "probe/trust_store.hpp"
#include "probe/use_tuple.hpp"
#include "util/text.hpp"

namespace probe {

namespace {

using asio::awaitable;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

std::string seconds_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// The reason of an OpenSSL error in its own words ("wrong version number"), else the message.
std::string error_words(const asio::error_code& ec) {
  if (ec.category() == asio::error::get_ssl_category()) {
    if (const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()))) return reason;
  }
  if (ec == asio::ssl::error::stream_truncated) return "the server closed the connection during the handshake";
  if (ec == asio::error::eof) return "the server closed the connection";
  return ec.message();
}

// A password-bearing buffer that is wiped whatever happens.
struct Secret {
  std::string text;
  Secret() = default;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret() {
    if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  }
};

// One TCP connection, plain or with TLS on it (implicit or after STARTTLS), and the bytes received
// but not yet framed. Never moved: the TLS stream refers to the socket.
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  tcp::socket socket;
  std::optional<asio::ssl::stream<tcp::socket&>> tls;
  std::string inbox;
  int next_tag = 1;
};

enum class IoStatus { Ok, Timeout, Failed };

struct Io {
  IoStatus status = IoStatus::Ok;
  std::string error;  // one line, for Failed and Timeout
  bool ok() const { return status == IoStatus::Ok; }
};

// What a step reads: a reply, or why there is none.
struct ReplyIo {
  Io io;
  Reply reply;
};

// Where one connection goes: an address (directly or through the proxy), or a name the proxy resolves.
struct Route {
  std::optional<tcp::endpoint> endpoint;
  std::string name;
  std::string destination() const { return endpoint ? endpoint->address().to_string() : name; }
  std::string family() const { return !endpoint ? "name" : endpoint->address().is_v4() ? "ipv4" : "ipv6"; }
};

class Prober {
 public:
  Prober(const Target& target, const Options& options, asio::ssl::context& tls_context, core::ProbeResult& result)
      : target_(target), options_(options), tls_context_(tls_context), result_(result), step_(options.step_timeout) {}

  awaitable<void> run();

 private:
  // --- I/O with a deadline per step ---
  awaitable<Io> read_more(Connection& c, Clock::time_point deadline);
  awaitable<Io> write(Connection& c, std::string_view bytes);
  awaitable<ReplyIo> read_reply(Connection& c, const std::function<Framed(std::string_view)>& framer);
  awaitable<Io> handshake(Connection& c);

  // --- steps ---
  awaitable<std::optional<Route>> resolve_and_connect(std::unique_ptr<Connection>& out);
  awaitable<std::unique_ptr<Connection>> reconnect(Io& io);
  awaitable<ReplyIo> greeting(Connection& c);
  awaitable<std::optional<Capabilities>> capabilities(Connection& c, std::string& failure);
  awaitable<ReplyIo> command(Connection& c, std::string_view verb);
  awaitable<bool> starttls(Connection& c, std::string& failure);
  awaitable<void> plaintext_mail_from(Connection& c);
  awaitable<void> logout(Connection& c);
  awaitable<void> dialogue_after_tls(Connection& c, bool implicit);
  awaitable<void> dialogue_plain(std::unique_ptr<Connection> c);
  awaitable<void> dialogue_implicit_tls(std::unique_ptr<Connection> c);
  awaitable<void> login(const LoginRequest& request);
  awaitable<core::ProbeLogin> authenticate(Connection& c, const LoginRequest& request);
  void record_tls(Connection& c, Clock::time_point started);
  void finish_evidence();
  bool fail(std::string message) {
    if (result_.error.empty()) result_.error = std::move(message);
    return false;
  }
  std::string step_timeout_text() const { return seconds_text(step_); }
  std::string ehlo_verb(const Connection& c) const;

  const Target& target_;
  const Options& options_;
  asio::ssl::context& tls_context_;
  core::ProbeResult& result_;
  std::chrono::milliseconds step_;  // the deadline of each step (shorter for the closing LOGOUT/QUIT)
  Limits limits_;
  Route route_;                      // where the first connection went; reconnections go there too
  std::optional<SocksProxy> proxy_;  // the accounts' SOCKS5 proxy, when they use one
  Capabilities before_;
  std::optional<Capabilities> after_;
  std::string refusal_line_;  // the server's words refusing a plaintext command (SMTP MAIL before STARTTLS)
  bool tls_reached_ = false;
  bool implicit_tls_ = false;
};

core::Protocol protocol_of(const Target& t) { return t.endpoint.protocol; }

// --- I/O -----------------------------------------------------------------------------------------

awaitable<Io> Prober::read_more(Connection& c, Clock::time_point deadline) {
  std::array<char, 16 * 1024> buffer;
  asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
  std::variant<std::tuple<asio::error_code, std::size_t>, std::tuple<asio::error_code>> outcome;
  if (c.tls) {
    outcome = co_await (c.tls->async_read_some(asio::buffer(buffer), use_tuple) || timer.async_wait(use_tuple));
  } else {
    outcome = co_await (c.socket.async_read_some(asio::buffer(buffer), use_tuple) || timer.async_wait(use_tuple));
  }
  if (outcome.index() == 1) co_return Io{IoStatus::Timeout, "no reply within " + step_timeout_text()};
  auto [ec, n] = std::get<0>(outcome);
  if (n > 0) c.inbox.append(buffer.data(), n);
  if (ec && n == 0) co_return Io{IoStatus::Failed, error_words(ec)};
  co_return Io{};
}

awaitable<Io> Prober::write(Connection& c, std::string_view bytes) {
  asio::steady_timer timer(co_await asio::this_coro::executor, step_);
  std::variant<std::tuple<asio::error_code, std::size_t>, std::tuple<asio::error_code>> outcome;
  if (c.tls) {
    outcome = co_await (asio::async_write(*c.tls, asio::buffer(bytes), use_tuple) || timer.async_wait(use_tuple));
  } else {
    outcome = co_await (asio::async_write(c.socket, asio::buffer(bytes), use_tuple) || timer.async_wait(use_tuple));
  }
  if (outcome.index() == 1) co_return Io{IoStatus::Timeout, "sending timed out after " + step_timeout_text()};
  if (auto ec = std::get<0>(std::get<0>(outcome))) co_return Io{IoStatus::Failed, error_words(ec)};
  co_return Io{};
}

// Reads until the framer sees a whole reply, within one step timeout however slowly bytes come.
awaitable<ReplyIo> Prober::read_reply(Connection& c, const std::function<Framed(std::string_view)>& framer) {
  auto deadline = Clock::now() + step_;
  while (true) {
    Framed framed = framer(c.inbox);
    if (!framed) {
      c.inbox.clear();
      co_return ReplyIo{Io{IoStatus::Failed, framed.error().message}, {}};
    }
    if (*framed) {
      Reply reply = std::move(**framed);
      c.inbox.erase(0, reply.consumed);
      co_return ReplyIo{Io{}, std::move(reply)};
    }
    Io io = co_await read_more(c, deadline);
    if (!io.ok()) co_return ReplyIo{io, {}};
  }
}

awaitable<Io> Prober::handshake(Connection& c) {
  c.tls.emplace(c.socket, tls_context_);
  std::string sni = sni_name(target_.endpoint.host);
  if (!sni.empty()) SSL_set_tlsext_host_name(c.tls->native_handle(), sni.c_str());
  asio::steady_timer timer(co_await asio::this_coro::executor, step_);
  auto outcome = co_await (c.tls->async_handshake(asio::ssl::stream_base::client, use_tuple) ||
                           timer.async_wait(use_tuple));
  if (outcome.index() == 1) {
    c.tls.reset();
    co_return Io{IoStatus::Timeout, "no TLS handshake within " + step_timeout_text()};
  }
  if (auto ec = std::get<0>(std::get<0>(outcome))) {
    c.tls.reset();
    co_return Io{IoStatus::Failed, error_words(ec)};
  }
  co_return Io{};
}

// --- resolve and connect ---------------------------------------------------------------------------

struct Resolved {
  std::vector<tcp::endpoint> endpoints;
  bool by_proxy = false;  // no lookup here: the SOCKS proxy resolves the name (socks5h)
  std::string error;
};

bool family_allowed(const tcp::endpoint& e, AddressFamily f) {
  return f == AddressFamily::Any || (f == AddressFamily::V4) == e.address().is_v4();
}

// RFC 6761 section 6.4: a name under .invalid never resolves, and resolving libraries should say
// so without asking a DNS server (glibc's getaddrinfo does ask the configured one).
bool never_resolves(std::string_view host) {
  if (host.ends_with('.')) host.remove_suffix(1);
  return util::iequals(host, "invalid") || util::ends_with_icase(host, ".invalid");
}

awaitable<Resolved> resolve(const Target& target, const Options& options, bool proxy_resolves) {
  const auto& host = target.endpoint.host;
  auto port = static_cast<unsigned short>(target.endpoint.port);
  Resolved out;
  std::vector<tcp::endpoint> candidates;
  for (const auto& o : options.resolve) {
    if (util::iequals(o.host, host) && o.port == target.endpoint.port) {
      asio::error_code ec;
      auto address = asio::ip::make_address(o.address, ec);
      if (ec) {
        out.error = "--resolve " + o.host + ":" + std::to_string(o.port) + ": '" + o.address + "' is not an address";
        co_return out;
      }
      candidates.emplace_back(address, port);
    }
  }
  asio::error_code literal_ec;
  auto literal = asio::ip::make_address(host, literal_ec);
  if (candidates.empty() && !literal_ec) candidates.emplace_back(literal, port);
  if (candidates.empty() && never_resolves(host)) {
    out.error = "no such name (names under .invalid never resolve, RFC 6761)";
    co_return out;
  }
  if (candidates.empty() && proxy_resolves) {
    out.by_proxy = true;
    co_return out;
  }
  if (candidates.empty()) {
    auto executor = co_await asio::this_coro::executor;
    // The resolver cannot be cancelled (getaddrinfo runs on asio's resolver thread): it runs on
    // its own and the probe goes on without it at the deadline.
    struct Shared {
      std::optional<std::pair<asio::error_code, tcp::resolver::results_type>> answer;
      asio::steady_timer done;
      explicit Shared(asio::any_io_executor e) : done(e, Clock::time_point::max()) {}
    };
    auto shared = std::make_shared<Shared>(executor);
    asio::co_spawn(
        executor,
        [shared, host, port]() -> awaitable<void> {
          tcp::resolver resolver(co_await asio::this_coro::executor);
          auto [ec, results] = co_await resolver.async_resolve(host, std::to_string(port), use_tuple);
          shared->answer.emplace(ec, results);
          shared->done.cancel();
        },
        asio::detached);
    shared->done.expires_after(options.step_timeout);
    if (!shared->answer) co_await shared->done.async_wait(use_tuple);
    if (!shared->answer) {
      out.error = "no answer from the resolver within " + seconds_text(options.step_timeout);
      co_return out;
    }
    if (shared->answer->first) {
      out.error = shared->answer->first.message();
      co_return out;
    }
    for (const auto& entry : shared->answer->second) candidates.push_back(entry.endpoint());
  }
  for (const auto& e : candidates) {
    if (family_allowed(e, options.family) &&
        std::find(out.endpoints.begin(), out.endpoints.end(), e) == out.endpoints.end()) {
      out.endpoints.push_back(e);
    }
  }
  if (out.endpoints.empty()) {
    out.error = options.family == AddressFamily::V4   ? "the name has no IPv4 address"
                : options.family == AddressFamily::V6 ? "the name has no IPv6 address"
                                                      : "the name has no address";
  }
  co_return out;
}

core::TcpOutcome outcome_of(const asio::error_code& ec) {
  if (!ec) return core::TcpOutcome::Connected;
  if (ec == asio::error::connection_refused) return core::TcpOutcome::Refused;
  if (ec == asio::error::timed_out) return core::TcpOutcome::Timeout;
  return core::TcpOutcome::Unreachable;
}

struct ConnectAttempt {
  core::TcpOutcome outcome = core::TcpOutcome::Unreachable;
  std::int64_t ms = 0;
  std::optional<tcp::socket> socket;
  std::string error;
};

awaitable<ConnectAttempt> connect_one(tcp::endpoint endpoint, std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  ConnectAttempt attempt;
  tcp::socket socket(executor);
  asio::steady_timer timer(executor, timeout);
  auto start = Clock::now();
  auto outcome = co_await (socket.async_connect(endpoint, use_tuple) || timer.async_wait(use_tuple));
  attempt.ms = ms_since(start);
  if (outcome.index() == 1) {
    attempt.outcome = core::TcpOutcome::Timeout;
    attempt.error = "no TCP connection within " + seconds_text(timeout);
    co_return attempt;
  }
  auto ec = std::get<0>(std::get<0>(outcome));
  attempt.outcome = outcome_of(ec);
  if (ec) {
    attempt.error = ec.message();
  } else {
    attempt.socket.emplace(std::move(socket));
  }
  co_return attempt;
}

// Connects through the SOCKS5 proxy to `destination` (an address, or a name the proxy resolves).
awaitable<ConnectAttempt> connect_via_socks(const SocksProxy& proxy, std::string destination, unsigned short port,
                                            std::chrono::milliseconds timeout) {
  auto start = Clock::now();
  ConnectAttempt attempt;
  auto failed = [&](core::TcpOutcome outcome, const std::string& why) {
    attempt.outcome = outcome;
    attempt.ms = ms_since(start);
    attempt.error = "the SOCKS proxy " + proxy.text() + " " + why;
    attempt.socket.reset();
    return std::move(attempt);
  };
  asio::error_code ec;
  auto proxy_address = asio::ip::make_address(proxy.host, ec);
  if (ec) {
    tcp::resolver resolver(co_await asio::this_coro::executor);
    auto [rec, results] = co_await resolver.async_resolve(proxy.host, std::to_string(proxy.port), use_tuple);
    if (rec || results.empty()) co_return failed(core::TcpOutcome::Unreachable, "does not resolve: " + rec.message());
    proxy_address = results.begin()->endpoint().address();
  }
  auto to_proxy = co_await connect_one({proxy_address, proxy.port}, timeout);
  if (!to_proxy.socket) co_return failed(core::TcpOutcome::Unreachable, "cannot be reached: " + to_proxy.error);
  auto said = co_await socks5_connect(*to_proxy.socket, destination, port, start + timeout);
  if (said.tcp != core::TcpOutcome::Connected) co_return failed(said.tcp, said.error);
  attempt.outcome = core::TcpOutcome::Connected;
  attempt.ms = ms_since(start);
  attempt.socket = std::move(to_proxy.socket);
  co_return attempt;
}

awaitable<ConnectAttempt> connect_route(const Route& route, unsigned short port, const std::optional<SocksProxy>& proxy,
                                        std::chrono::milliseconds timeout) {
  if (proxy) co_return co_await connect_via_socks(*proxy, route.destination(), port, timeout);
  co_return co_await connect_one(*route.endpoint, timeout);
}

// Connects to every route at once; returns the attempts in the routes' order.
awaitable<std::vector<ConnectAttempt>> connect_all(const std::vector<Route>& routes, unsigned short port,
                                                    const std::optional<SocksProxy>& proxy,
                                                    std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  struct Shared {
    std::vector<ConnectAttempt> attempts;
    std::size_t pending;
    asio::steady_timer done;
    Shared(asio::any_io_executor e, std::size_t n) : attempts(n), pending(n), done(e, Clock::time_point::max()) {}
  };
  auto shared = std::make_shared<Shared>(executor, routes.size());
  for (std::size_t i = 0; i < routes.size(); ++i) {
    asio::co_spawn(
        executor,
        [shared, i, route = routes[i], port, proxy, timeout]() -> awaitable<void> {
          shared->attempts[i] = co_await connect_route(route, port, proxy, timeout);
          if (--shared->pending == 0) shared->done.cancel();
        },
        asio::detached);
  }
  if (shared->pending > 0) co_await shared->done.async_wait(use_tuple);
  co_return std::move(shared->attempts);
}

awaitable<std::optional<Route>> Prober::resolve_and_connect(std::unique_ptr<Connection>& out) {
  auto start = Clock::now();
  proxy_ = parse_socks5_proxy(target_.endpoint.proxy);
  result_.via_proxy = proxy_.has_value();
  Resolved resolved = co_await resolve(target_, options_, proxy_ && proxy_->remote_dns);
  result_.timings.resolve_ms = ms_since(start);
  if (!resolved.error.empty()) {
    result_.dns_error = resolved.error;
    fail("the name did not resolve: " + resolved.error);
    co_return std::nullopt;
  }
  std::vector<Route> routes;
  for (const auto& e : resolved.endpoints) routes.push_back({e, {}});
  if (resolved.by_proxy) routes.push_back({std::nullopt, target_.endpoint.host});
  const auto port = static_cast<unsigned short>(target_.endpoint.port);
  auto attempts = co_await connect_all(routes, port, proxy_, options_.step_timeout);
  std::optional<Route> chosen;
  std::string first_error;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    core::ProbeAddress a;
    a.address = routes[i].destination();
    a.family = routes[i].family();
    a.tcp = attempts[i].outcome;
    if (a.tcp == core::TcpOutcome::Connected) a.connect_ms = attempts[i].ms;
    result_.addresses.push_back(a);
    if (attempts[i].socket && !chosen) {
      chosen = routes[i];
      result_.timings.connect_ms = attempts[i].ms;
      out = std::make_unique<Connection>(std::move(*attempts[i].socket));
    }
    if (first_error.empty()) first_error = attempts[i].error;
  }
  if (!chosen) fail("no address accepted the connection: " + first_error);
  co_return chosen;
}

awaitable<std::unique_ptr<Connection>> Prober::reconnect(Io& io) {
  auto attempt = co_await connect_route(route_, static_cast<unsigned short>(target_.endpoint.port), proxy_, step_);
  if (!attempt.socket) {
    io = Io{IoStatus::Failed, "reconnecting failed: " + attempt.error};
    co_return nullptr;
  }
  io = Io{};
  co_return std::make_unique<Connection>(std::move(*attempt.socket));
}

// --- the dialogue ------------------------------------------------------------------------------------

std::function<Framed(std::string_view)> greeting_framer(core::Protocol p, const Limits& l) {
  switch (p) {
    case core::Protocol::Imap: return [l](std::string_view b) { return frame_imap(b, "", l); };
    case core::Protocol::Pop3: return [l](std::string_view b) { return frame_pop3_line(b, l); };
    default: return [l](std::string_view b) { return frame_smtp(b, l); };
  }
}

bool greeting_accepts(core::Protocol p, const Reply& r) {
  const std::string& first = r.lines.front();
  switch (p) {
    case core::Protocol::Imap: {
      auto s = imap_status(first);
      return s.tag == "*" && (s.status == "OK" || s.status == "PREAUTH");
    }
    case core::Protocol::Pop3: return pop3_ok(first);
    default: return smtp_status(r).code == 220;
  }
}

awaitable<ReplyIo> Prober::greeting(Connection& c) {
  auto got = co_await read_reply(c, greeting_framer(protocol_of(target_), limits_));
  // printable may pass its bound by one escape (3 bytes) and then adds "...": 506 keeps the
  // greeting within the 512 bytes core::ProbeResult promises, whatever bytes the server sends.
  if (got.io.ok() && result_.greeting.empty()) result_.greeting = util::printable(got.reply.lines.front(), 506);
  if (got.io.ok() && !greeting_accepts(protocol_of(target_), got.reply)) {
    got.io = Io{IoStatus::Failed, "the server refused the session: " + util::printable(got.reply.lines.back(), 200)};
  }
  co_return got;
}

// EHLO with the client's address literal (RFC 5321 4.1.4: no name of ours to give).
std::string Prober::ehlo_verb(const Connection& c) const {
  asio::error_code ec;
  auto local = c.socket.local_endpoint(ec).address();
  std::string literal = ec ? "127.0.0.1" : local.is_v4() ? local.to_string() : "IPv6:" + local.to_string();
  return "EHLO [" + literal + "]";
}

// Sends one command and reads its reply (IMAP: tagged with the connection's next tag).
awaitable<ReplyIo> Prober::command(Connection& c, std::string_view verb) {
  auto p = protocol_of(target_);
  std::string line;
  std::string tag;
  if (p == core::Protocol::Imap) {
    tag = "a" + std::to_string(c.next_tag++);
    line = tag + " ";
  }
  line += std::string(verb) + "\r\n";
  Io sent = co_await write(c, line);
  if (!sent.ok()) co_return ReplyIo{sent, {}};
  Limits l = limits_;
  if (p == core::Protocol::Imap) co_return co_await read_reply(c, [&](std::string_view b) { return frame_imap(b, tag, l); });
  if (p == core::Protocol::Pop3 && verb == "CAPA") {
    co_return co_await read_reply(c, [&](std::string_view b) { return frame_pop3_multiline(b, l); });
  }
  if (p == core::Protocol::Pop3) co_return co_await read_reply(c, [&](std::string_view b) { return frame_pop3_line(b, l); });
  co_return co_await read_reply(c, [&](std::string_view b) { return frame_smtp(b, l); });
}

awaitable<std::optional<Capabilities>> Prober::capabilities(Connection& c, std::string& failure) {
  auto p = protocol_of(target_);
  std::string verb = p == core::Protocol::Imap ? "CAPABILITY" : p == core::Protocol::Pop3 ? "CAPA" : ehlo_verb(c);
  auto got = co_await command(c, verb);
  if (!got.io.ok()) {
    failure = (p == core::Protocol::Smtp ? std::string("EHLO") : verb) + ": " + got.io.error;
    co_return std::nullopt;
  }
  if (p == core::Protocol::Imap) co_return imap_capabilities(got.reply);
  if (p == core::Protocol::Pop3) co_return pop3_capabilities(got.reply);
  co_return smtp_capabilities(got.reply);
}

// STARTTLS / STLS, the go-ahead, then the handshake on the same socket.
awaitable<bool> Prober::starttls(Connection& c, std::string& failure) {
  auto p = protocol_of(target_);
  auto got = co_await command(c, p == core::Protocol::Pop3 ? "STLS" : "STARTTLS");
  if (!got.io.ok()) {
    failure = "STARTTLS: " + got.io.error;
    co_return false;
  }
  bool go = p == core::Protocol::Imap   ? imap_status(got.reply.lines.back()).status == "OK"
            : p == core::Protocol::Pop3 ? pop3_ok(got.reply.lines.back())
                                        : smtp_status(got.reply).code == 220;
  if (!go) {
    failure = "STARTTLS refused: " + util::printable(got.reply.lines.back(), 200);
    co_return false;
  }
  if (!c.inbox.empty()) {
    // Whatever came after the go-ahead was sent in plaintext and would be read as if it came over
    // TLS: never used.
    result_.starttls_injection = true;
    c.inbox.clear();
  }
  auto start = Clock::now();
  Io shook = co_await handshake(c);
  if (!shook.ok()) {
    result_.tls_error = shook.error;
    failure = "TLS handshake after STARTTLS: " + shook.error;
    co_return false;
  }
  record_tls(c, start);
  co_return true;
}

void Prober::record_tls(Connection& c, Clock::time_point started) {
  tls_reached_ = true;
  if (result_.tls) return;  // the first session's view; logins reconnect
  result_.timings.tls_ms = ms_since(started);
  SSL* ssl = c.tls->native_handle();
  result_.tls = session_info(ssl, sni_name(target_.endpoint.host));
  if (X509* leaf = SSL_get1_peer_certificate(ssl)) {
    result_.certificate = inspect_certificate(leaf, SSL_get_peer_cert_chain(ssl),
                                              SSL_CTX_get_cert_store(tls_context_.native_handle()),
                                              target_.endpoint.host);
    X509_free(leaf);
  }
}

// SMTP without AUTH before STARTTLS: MAIL FROM:<> shows the server's own refusal
// ("530 5.7.0 Must issue a STARTTLS command first"); an accepted one is reset.
awaitable<void> Prober::plaintext_mail_from(Connection& c) {
  auto got = co_await command(c, "MAIL FROM:<>");
  if (!got.io.ok()) co_return;
  auto status = smtp_status(got.reply);
  if (status.code >= 500) {
    refusal_line_ = util::printable(got.reply.lines.back(), 200);
  } else if (status.code >= 200 && status.code < 300) {
    co_await command(c, "RSET");
  }
}

awaitable<void> Prober::logout(Connection& c) {
  auto p = protocol_of(target_);
  std::string verb = p == core::Protocol::Imap ? "LOGOUT" : "QUIT";
  // Politeness only: a server that does not answer costs at most a short wait.
  auto saved = step_;
  step_ = std::min(step_, std::chrono::milliseconds(2000));
  co_await command(c, verb);
  step_ = saved;
  asio::error_code ignored;
  c.socket.shutdown(tcp::socket::shutdown_both, ignored);
  c.socket.close(ignored);
}

awaitable<void> Prober::dialogue_after_tls(Connection& c, bool implicit) {
  if (implicit) {
    auto got = co_await greeting(c);
    if (!got.io.ok()) {
      fail("greeting over TLS: " + got.io.error);
      co_return;
    }
  }
  std::string failure;
  after_ = co_await capabilities(c, failure);
  if (!after_) fail("after TLS, " + failure);
}

// The server answered the ClientHello with a TLS alert: the port speaks TLS, it refused this client.
bool tls_alert(const std::string& tls_error) { return tls_error.find(" alert ") != std::string::npos; }

awaitable<void> Prober::dialogue_plain(std::unique_ptr<Connection> c) {
  auto got = co_await greeting(*c);
  if (got.io.status == IoStatus::Timeout && c->inbox.empty()) {
    result_.silent = true;
    // A plaintext client on an implicit-TLS port: try TLS on a fresh connection.
    Io io;
    auto fresh = co_await reconnect(io);
    if (!fresh) {
      fail("no greeting within " + step_timeout_text() + ", and " + io.error);
      co_return;
    }
    auto start = Clock::now();
    Io shook = co_await handshake(*fresh);
    if (!shook.ok()) {
      result_.tls_error = shook.error;
      if (tls_alert(shook.error)) result_.observed_security = core::Security::Tls;
      fail("no greeting within " + step_timeout_text() + ", and no TLS either: " + shook.error);
      co_return;
    }
    result_.observed_security = core::Security::Tls;
    implicit_tls_ = true;
    record_tls(*fresh, start);
    co_await dialogue_after_tls(*fresh, true);
    co_await logout(*fresh);
    co_return;
  }
  if (!got.io.ok()) {
    fail("greeting: " + got.io.error);
    co_return;
  }
  std::string failure;
  auto caps = co_await capabilities(*c, failure);
  if (!caps) {
    fail(failure);
    co_return;
  }
  before_ = *caps;
  result_.observed_security = before_.starttls ? core::Security::StartTls : core::Security::None;
  if (protocol_of(target_) == core::Protocol::Smtp && before_.auth_mechanisms.empty() && before_.starttls) {
    co_await plaintext_mail_from(*c);
  }
  if (before_.starttls) {
    if (!co_await starttls(*c, failure)) {
      if (!tls_reached_ && result_.tls_error.empty()) result_.observed_security = core::Security::None;
      fail(failure);
      co_return;
    }
    co_await dialogue_after_tls(*c, false);
  }
  co_await logout(*c);
}

// Plaintext answering a ClientHello: OpenSSL reads the greeting as a TLS record.
bool plaintext_answer(const std::string& tls_error) {
  return tls_error == "wrong version number" || tls_error == "packet length too long" ||
         tls_error == "record layer failure" || tls_error == "unknown protocol" || tls_error == "http request";
}

awaitable<void> Prober::dialogue_implicit_tls(std::unique_ptr<Connection> c) {
  auto start = Clock::now();
  Io shook = co_await handshake(*c);
  if (shook.ok()) {
    result_.observed_security = core::Security::Tls;
    implicit_tls_ = true;
    record_tls(*c, start);
    co_await dialogue_after_tls(*c, true);
    co_await logout(*c);
    co_return;
  }
  result_.tls_error = shook.error;
  if (shook.status == IoStatus::Timeout) {
    result_.silent = true;
    fail("TLS handshake: " + shook.error);
    co_return;
  }
  if (!plaintext_answer(shook.error)) {
    if (tls_alert(shook.error)) result_.observed_security = core::Security::Tls;
    fail("TLS handshake: " + shook.error);
    co_return;
  }
  // The port speaks plaintext: see whether it offers STARTTLS.
  c.reset();
  Io io;
  auto fresh = co_await reconnect(io);
  if (!fresh) {
    fail("TLS handshake: " + shook.error + "; " + io.error);
    co_return;
  }
  std::string tls_error = result_.tls_error;
  co_await dialogue_plain(std::move(fresh));
  if (result_.tls_error.empty()) result_.tls_error = tls_error;
}

// --- login (--login only, only over TLS) --------------------------------------------------------------

// The verdict's code as admins quote it: "AUTHENTICATIONFAILED" (IMAP response code, else the
// status), "-ERR [AUTH]" (POP3 with its RFC 3206 code), "535 5.7.8" (SMTP with the enhanced code).
std::string login_code(core::Protocol p, const Reply& r) {
  const std::string& last = r.lines.back();
  if (p == core::Protocol::Imap) {
    auto s = imap_status(last);
    return s.status == "OK" || s.code.empty() ? s.status : s.code;
  }
  if (p == core::Protocol::Pop3) {
    if (pop3_ok(last)) return "+OK";
    std::size_t close = last.find(']');
    if (last.starts_with("-ERR [") && close != std::string::npos) return last.substr(0, close + 1);
    return last.substr(0, last.find(' '));
  }
  auto s = smtp_status(r);
  return s.enhanced.empty() ? std::to_string(s.code) : std::to_string(s.code) + " " + s.enhanced;
}

bool login_ok(core::Protocol p, const Reply& r) {
  if (p == core::Protocol::Imap) return imap_status(r.lines.back()).status == "OK";
  if (p == core::Protocol::Pop3) return pop3_ok(r.lines.back());
  return smtp_status(r).code == 235;
}

bool continuation(core::Protocol p, const Reply& r) {
  if (p == core::Protocol::Imap) return imap_status(r.lines.back()).tag == "+";
  if (p == core::Protocol::Pop3) return r.lines.back().starts_with("+ ") || r.lines.back() == "+";
  return smtp_status(r).code == 334;
}

bool offers(const std::vector<std::string>& mechanisms, std::string_view m) {
  return std::find(mechanisms.begin(), mechanisms.end(), m) != mechanisms.end();
}

awaitable<core::ProbeLogin> Prober::authenticate(Connection& c, const LoginRequest& request) {
  auto p = protocol_of(target_);
  core::ProbeLogin out;
  out.account = request.account;
  auto breaks_line = [](std::string_view v) { return v.find_first_of(std::string_view("\r\n\0", 3)) != v.npos; };
  if (breaks_line(request.username) || breaks_line(request.password)) {
    out.text = "not attempted: the user name or password holds a line break or NUL";
    co_return out;
  }
  static const std::vector<std::string> none;
  const auto& mechanisms = after_ ? after_->auth_mechanisms : none;
  // Each step is a line the server must answer with a continuation, except the last, whose reply
  // is the verdict. Lines that carry the password are built in place in buffers wiped afterwards
  // (reserved first, so no reallocation leaves a copy behind).
  std::vector<std::unique_ptr<Secret>> steps;
  auto step = [&]() -> std::string& {
    steps.push_back(std::make_unique<Secret>());
    steps.back()->text.reserve(64 + 2 * (request.username.size() + request.password.size()));
    return steps.back()->text;
  };
  Secret plain;
  plain.text.reserve(2 + request.username.size() + request.password.size());
  plain.text.append(1, '\0').append(request.username).append(1, '\0').append(request.password);
  std::string tag;
  if (p == core::Protocol::Imap) {
    tag = "a" + std::to_string(c.next_tag++);
    bool sasl_ir = after_ && offers(after_->items, "SASL-IR");
    if (offers(mechanisms, "PLAIN")) {
      std::string& first = step();
      first.append(tag).append(" AUTHENTICATE PLAIN");
      if (!sasl_ir) first.append("\r\n");
      std::string& response = sasl_ir ? first.append(" ") : step();
      append_base64(response, plain.text);
      response.append("\r\n");
    } else {
      std::string& line = step();
      line.append(tag).append(" LOGIN ");
      bool quoted = append_imap_quoted(line, request.username);
      line.append(" ");
      if (quoted) append_imap_quoted(line, request.password);
      line.append("\r\n");
    }
  } else if (offers(mechanisms, "PLAIN")) {
    std::string& line = step();
    line.append("AUTH PLAIN ");
    append_base64(line, plain.text);
    line.append("\r\n");
  } else if (p == core::Protocol::Pop3) {
    step().append("USER ").append(request.username).append("\r\n");
    step().append("PASS ").append(request.password).append("\r\n");
  } else if (offers(mechanisms, "LOGIN")) {
    step().append("AUTH LOGIN\r\n");
    append_base64(step(), request.username);
    steps.back()->text.append("\r\n");
    append_base64(step(), request.password);
    steps.back()->text.append("\r\n");
  } else {
    out.text = "not attempted: the server offers neither AUTH PLAIN nor AUTH LOGIN over TLS";
    co_return out;
  }
  Limits l = limits_;
  auto framer = [&](std::string_view b) -> Framed {
    if (p == core::Protocol::Imap) return frame_imap(b, tag, l);
    if (p == core::Protocol::Pop3) return frame_pop3_line(b, l);
    return frame_smtp(b, l);
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    Io sent = co_await write(c, steps[i]->text);
    if (!sent.ok()) {
      out.text = "sending the login: " + sent.error;
      co_return out;
    }
    auto got = co_await read_reply(c, framer);
    if (!got.io.ok()) {
      out.text = "reading the login reply: " + got.io.error;
      co_return out;
    }
    bool last = i + 1 == steps.size();
    // POP3 USER answers +OK; every other intermediate step must be a continuation.
    bool go_on = p == core::Protocol::Pop3 && steps.size() == 2 ? pop3_ok(got.reply.lines.back())
                                                                 : continuation(p, got.reply);
    if (last || !go_on) {
      out.ok = last && login_ok(p, got.reply);
      out.code = login_code(p, got.reply);
      out.text = util::printable(got.reply.lines.back(), 300);
      co_return out;
    }
  }
  co_return out;
}

awaitable<void> Prober::login(const LoginRequest& request) {
  core::ProbeLogin failed;
  failed.account = request.account;
  if (!tls_reached_) {
    failed.text = "not attempted: no TLS on this port (a password is only sent over TLS)";
    result_.logins.push_back(failed);
    co_return;
  }
  Io io;
  auto c = co_await reconnect(io);
  if (!c) {
    failed.text = io.error;
    result_.logins.push_back(failed);
    co_return;
  }
  std::string failure;
  if (implicit_tls_) {
    auto start = Clock::now();
    Io shook = co_await handshake(*c);
    if (!shook.ok()) failure = "TLS handshake: " + shook.error;
    else record_tls(*c, start);
    if (failure.empty()) {
      auto got = co_await greeting(*c);
      if (!got.io.ok()) failure = "greeting: " + got.io.error;
    }
  } else {
    auto got = co_await greeting(*c);
    if (!got.io.ok()) failure = "greeting: " + got.io.error;
    if (failure.empty() && protocol_of(target_) == core::Protocol::Smtp) {
      if (!co_await capabilities(*c, failure)) failure = failure.empty() ? "EHLO failed" : failure;
    }
    if (failure.empty()) co_await starttls(*c, failure);
  }
  if (failure.empty() && protocol_of(target_) == core::Protocol::Smtp) {
    if (!co_await capabilities(*c, failure)) failure = failure.empty() ? "EHLO failed" : failure;
  }
  if (!failure.empty()) {
    failed.text = "could not reach the login: " + failure;
    result_.logins.push_back(failed);
    co_return;
  }
  result_.logins.push_back(co_await authenticate(*c, request));
  co_await logout(*c);
}

// --- evidence and the whole probe -------------------------------------------------------------------

std::string joined(const std::vector<std::string>& items) { return util::join(items, " "); }

void Prober::finish_evidence() {
  auto p = protocol_of(target_);
  result_.capabilities_before_tls = before_.items;
  if (after_) result_.capabilities_after_tls = after_->items;
  result_.starttls_offered = before_.starttls;
  result_.login_disabled = p == core::Protocol::Imap && before_.login_disabled;
  // Where the client would log in: before TLS when it is configured without TLS.
  bool logs_in_plain = target_.endpoint.security == core::Security::None && !before_.items.empty();
  result_.auth_mechanisms = logs_in_plain || !after_ ? before_.auth_mechanisms : after_->auth_mechanisms;
  if (p == core::Protocol::Smtp) result_.smtp_max_size = after_ && after_->max_size ? after_->max_size : before_.max_size;
  if (result_.capabilities_before_tls.empty()) return;  // implicit TLS, or no dialogue
  if (p == core::Protocol::Imap && before_.login_disabled) {
    result_.plaintext_refusal = "CAPABILITY " + util::printable(joined(before_.items), 300);
  } else if (p == core::Protocol::Pop3 && before_.auth_mechanisms.empty() && before_.starttls &&
             (before_.sasl_listed || (after_ && !after_->auth_mechanisms.empty()))) {
    result_.plaintext_refusal = "CAPA before STLS: " + util::printable(joined(before_.items), 300);
  } else if (p == core::Protocol::Smtp && before_.auth_mechanisms.empty() && before_.starttls) {
    if (!refusal_line_.empty()) {
      result_.plaintext_refusal = refusal_line_;
    } else if (after_ && !after_->auth_mechanisms.empty()) {
      result_.plaintext_refusal = "EHLO before STARTTLS: " + util::printable(joined(before_.items), 300);
    }
  }
}

awaitable<void> Prober::run() {
  auto start = Clock::now();
  result_.target = target_.endpoint;
  result_.id = core::probe_id(target_.endpoint);
  std::unique_ptr<Connection> c;
  if (auto chosen = co_await resolve_and_connect(c)) {
    route_ = *chosen;
    if (target_.endpoint.security == core::Security::Tls) {
      co_await dialogue_implicit_tls(std::move(c));
    } else {
      co_await dialogue_plain(std::move(c));
    }
    finish_evidence();
    for (const auto& request : target_.logins) co_await login(request);
  }
  result_.timings.total_ms = ms_since(start);
}

asio::ssl::context make_tls_context(const Options& options) {
  asio::ssl::context context(asio::ssl::context::tls_client);
  // Verification is done after the handshake (inspect_certificate), so that a bad certificate is
  // recorded rather than ending the probe.
  context.set_verify_mode(asio::ssl::verify_none);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_VERSION);
  SSL_CTX_set_security_level(context.native_handle(), 0);  // see old servers as they are
  X509_STORE* store = SSL_CTX_get_cert_store(context.native_handle());
  if (auto status = add_system_trust(store); !status) {
    throw core::AppError(core::ExitCode::Usage, status.error());
  }
  if (!options.ca_file.empty() && X509_STORE_load_file(store, options.ca_file.c_str()) != 1) {
    ERR_clear_error();
    throw core::AppError(core::ExitCode::Usage,
                         i18n::msg("--ca-file {1}: not a readable PEM file of certificates", {options.ca_file}));
  }
  return context;
}

}  // namespace

std::vector<core::ProbeResult> run(const std::vector<Target>& targets, const Options& options) {
  asio::ssl::context tls_context = make_tls_context(options);
  std::vector<core::ProbeResult> results(targets.size());
  asio::io_context io;
  std::size_t next = 0;
  auto worker = [&]() -> awaitable<void> {
    while (next < targets.size()) {
      std::size_t i = next++;
      Prober prober(targets[i], options, tls_context, results[i]);
      try {
        co_await prober.run();
      } catch (const std::exception& e) {
        results[i].error = std::string("internal error: ") + e.what();
      }
    }
  };
  std::size_t workers = std::min<std::size_t>(targets.size(), static_cast<std::size_t>(std::max(1, options.concurrency)));
  for (std::size_t w = 0; w < workers; ++w) asio::co_spawn(io, worker(), asio::detached);
  io.run();
  return results;
}

}  // namespace probe
