#include <doctest/doctest.h>

#include "adapters/apple/tls_mode.hpp"

using namespace adapters::apple;
using core::Protocol;
using core::Security;

TEST_SUITE("apple.tls_mode") {
  TEST_CASE("legacy flags decide none, STARTTLS or implicit TLS") {
    CHECK(legacy_security(Protocol::Imap, false, 3, 993) == Security::None);
    CHECK(legacy_security(Protocol::Imap, true, 3, 143) == Security::Tls);
    CHECK(legacy_security(Protocol::Imap, true, 2, 993) == Security::StartTls);
    CHECK(legacy_security(Protocol::Imap, true, std::nullopt, 993) == Security::Tls);
    CHECK(legacy_security(Protocol::Imap, true, std::nullopt, 0) == Security::Tls);
    CHECK(legacy_security(Protocol::Smtp, true, std::nullopt, 587) == Security::StartTls);
    CHECK(legacy_security(Protocol::Pop3, true, 1, 995) == Security::Tls);
  }

  TEST_CASE("account store flags: SSLIsDirect wins, else the default secure port means direct TLS") {
    CHECK(account_store_security(Protocol::Smtp, true, std::nullopt, 465) == Security::Tls);
    CHECK(account_store_security(Protocol::Smtp, true, std::nullopt, 587) == Security::StartTls);
    CHECK(account_store_security(Protocol::Smtp, true, true, 587) == Security::Tls);
    CHECK(account_store_security(Protocol::Imap, true, false, 993) == Security::StartTls);
    CHECK(account_store_security(Protocol::Imap, false, true, 993) == Security::None);
  }

  TEST_CASE("default ports follow the TLS mode") {
    CHECK(default_port(Protocol::Imap, true) == 993);
    CHECK(default_port(Protocol::Pop3, false) == 110);
    CHECK(default_port(Protocol::Smtp, true) == 465);
    CHECK(default_port(Protocol::Smtp, false) == 587);
  }
}
