// testutil::ProbeServers: the harness starts, its endpoints speak, and everything stops with the
// object. (What each endpoint says in detail is checked by tests/probe/servers/check_servers.py,
// the ctest entry probe_servers_check.)
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "support/probe_servers.hpp"
#include "support/testutil.hpp"

namespace {

// Connects from 127.0.0.1 (or from ::1 to ::1); -1 when refused.
int connect_to(const testutil::ServerEndpoint& e) {
  const bool v6 = e.host.find(':') != std::string::npos;
  const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  int rc = -1;
  if (v6) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<uint16_t>(e.port));
    inet_pton(AF_INET6, e.host.c_str(), &a.sin6_addr);
    rc = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &from.sin_addr);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(e.port));
    inet_pton(AF_INET, e.host.c_str(), &a.sin_addr);
    rc = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  if (rc != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The first line the server sends within two seconds (without its CR LF).
std::string first_line(const testutil::ServerEndpoint& e) {
  const int fd = connect_to(e);
  REQUIRE(fd >= 0);
  std::string line;
  char c = 0;
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 2000) == 1 && read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  close(fd);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

TEST_SUITE("probe servers") {
  TEST_CASE("the harness starts within seconds, greets on every mail port and stops with the object") {
    testutil::ServerEndpoint imap, smtp;
    {
      testutil::ProbeServers servers(testutil::scratch() / "servers");
      MESSAGE("harness start-up: " << servers.startup_time().count() << " ms");
      CHECK(servers.startup_time() < std::chrono::seconds(10));
      imap = servers.endpoint("imap_starttls");
      smtp = servers.endpoint("smtp_starttls");
      CHECK(imap.host == "127.0.0.2");
      CHECK(first_line(imap) ==
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] "
            "mailmend test IMAP/POP3 ready.");
      CHECK(first_line(servers.endpoint("pop3_starttls")) == "+OK mailmend test IMAP/POP3 ready.");
      CHECK(first_line(smtp) == "220 smtp.good.test mailmend test ESMTP");
      CHECK(first_line(servers.endpoint("half_close")) == "* OK partial gree");
      CHECK(first_line(servers.endpoint("silent")).empty());
      CHECK(connect_to(servers.endpoint("closed")) == -1);
      if (servers.ipv6()) {
        CHECK(servers.endpoint("imap_tls_ipv6").host == "::1");
        CHECK(servers.endpoint("imap_tls_ipv6").port == servers.endpoint("imap_tls").port);
      }
      CHECK(servers.resolve("expired.test", "imap_tls") ==
            "expired.test:" + std::to_string(servers.endpoint("imap_tls").port) + ":127.0.0.2");
      CHECK(servers.user("good").username == "alice");
      CHECK(servers.user("locked").username == "locked");
      CHECK(servers.locked_reason() == "Account locked by the administrator");
      CHECK(std::filesystem::is_regular_file(servers.ca_file()));
      CHECK(testutil::read_bytes(servers.ca_bundle()) ==
            testutil::read_bytes(servers.ca_file()) + testutil::read_bytes(servers.inspection_ca_file()));
      CHECK_THROWS_WITH_AS(servers.endpoint("nothing"), "probe servers: no endpoint named nothing", std::out_of_range);
    }
    // Destroyed: Dovecot and the Python servers no longer listen.
    CHECK(connect_to(imap) == -1);
    CHECK(connect_to(smtp) == -1);
  }

  TEST_CASE("a harness that cannot start is one clear error with the harness's own words, not a hang") {
    testutil::write_bytes("servers/certs", "a file where the harness makes its certificates folder");
    CHECK_THROWS_WITH_AS(testutil::ProbeServers(testutil::scratch() / "servers"),
                         doctest::Contains("probe servers did not start ("), std::runtime_error);
    CHECK_THROWS_WITH_AS(testutil::ProbeServers(testutil::scratch() / "servers"),
                         doctest::Contains("): servers: error: [Errno 20] Not a directory: "), std::runtime_error);
  }

  TEST_CASE("the shared instance starts once per executable") {
    auto& first = testutil::ProbeServers::shared();
    auto& second = testutil::ProbeServers::shared();
    CHECK(&first == &second);
    CHECK(first_line(first.endpoint("imap_starttls")).rfind("* OK ", 0) == 0);
  }
}
