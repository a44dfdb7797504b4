// The probe engine on what needs no mail server (portable: these run in the Windows build too):
// a name that does not resolve, a closed port, a port that accepts and never speaks, a bad
// --ca-file. The system trust store is loaded on every run (CryptoAPI's ROOT store on Windows).
#include <doctest/doctest.h>

#include <asio.hpp>
#include <functional>
#include <thread>

#include "core/error.hpp"
#include "probe/engine.hpp"

using core::Protocol;
using core::Security;

namespace {

probe::Target local_target(int port, Security security) {
  probe::Target t;
  t.endpoint = {"127.0.0.1", port, Protocol::Imap, security, {}, {}};
  return t;
}

probe::Options quick() {
  probe::Options o;
  o.step_timeout = std::chrono::milliseconds(400);
  return o;
}

}  // namespace

TEST_SUITE("probe engine (no servers)") {
  TEST_CASE("A name that does not resolve: dns_error, no address, nothing observed") {
    probe::Target t;
    t.endpoint = {"no-such-host.invalid", 993, Protocol::Imap, Security::Tls, {}, {}};
    auto r = probe::run({t}, quick()).front();
    CHECK(r.id == "imap:no-such-host.invalid:993:tls");
    // RFC 6761: .invalid is answered here, without asking any DNS server.
    CHECK(r.dns_error == "no such name (names under .invalid never resolve, RFC 6761)");
    CHECK(r.error.starts_with("the name did not resolve: "));
    CHECK(r.addresses.empty());
    CHECK(r.observed_security == Security::Unknown);
    t.endpoint.host = "MAIL.Example.INVALID.";
    CHECK(probe::run({t}, quick()).front().dns_error == "no such name (names under .invalid never resolve, RFC 6761)");
  }

  TEST_CASE("A port nobody listens on is refused") {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    int port = acceptor.local_endpoint().port();
    acceptor.close();
    auto r = probe::run({local_target(port, Security::StartTls)}, quick()).front();
    REQUIRE(r.addresses.size() == 1);
    CHECK(r.addresses[0].tcp == core::TcpOutcome::Refused);
    CHECK(r.addresses[0].family == "ipv4");
    CHECK(r.observed_security == Security::Unknown);
  }

  TEST_CASE("A port that accepts and never speaks: silent, then no TLS either, within two step timeouts") {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    int port = acceptor.local_endpoint().port();
    // Accepts the plain try, then the TLS try, and holds both open without a word. Bounded: a
    // probe that connects fewer times fails the checks below instead of hanging the test.
    std::vector<asio::ip::tcp::socket> held;
    std::function<void()> accept_next = [&] {
      acceptor.async_accept([&](std::error_code ec, asio::ip::tcp::socket s) {
        if (ec) return;
        held.push_back(std::move(s));
        if (held.size() < 2) accept_next();
      });
    };
    accept_next();
    std::thread server([&] { io.run_for(std::chrono::seconds(10)); });
    auto r = probe::run({local_target(port, Security::StartTls)}, quick()).front();
    io.stop();
    server.join();
    CHECK(held.size() == 2);
    CHECK(r.addresses.at(0).tcp == core::TcpOutcome::Connected);
    CHECK(r.silent);
    CHECK(r.observed_security == Security::Unknown);
    CHECK(r.tls_error == "no TLS handshake within 400 ms");
    CHECK(r.error == "no greeting within 400 ms, and no TLS either: no TLS handshake within 400 ms");
    CHECK(r.timings.total_ms >= 800);
    CHECK(r.timings.total_ms < 2000);
  }

  TEST_CASE("An unreadable --ca-file is a usage error before anything is sent") {
    auto o = quick();
    o.ca_file = "no-such-ca.pem";
    CHECK_THROWS_WITH_AS(probe::run({local_target(1, Security::Tls)}, o),
                         "--ca-file no-such-ca.pem: not a readable PEM file of certificates", core::AppError);
  }
}
