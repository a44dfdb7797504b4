// What the client lists (data/lists) add to an audit: Delta Chat's status BROKEN is an info
// finding naming the list, its date and its source; "preparation" and "ok" are silent, and so is
// BROKEN at an OAuth2-only provider, where the auth rules already say why a password fails.
#include <doctest/doctest.h>

#include "providers/database.hpp"
#include "rules/rules.hpp"

namespace {

core::Account imap_account(const std::string& email, const std::string& host) {
  core::Account a;
  a.id = "thunderbird:prefs.js#account1";
  a.client = "thunderbird";
  a.email = email;
  core::Endpoint ep;
  ep.protocol = core::Protocol::Imap;
  ep.host = {host, {"prefs.js", "hostname", 3, false}};
  ep.port = {993, {"prefs.js", "port", 4, false}};
  ep.security = {core::Security::Tls, {"prefs.js", "socketType", 5, false}};
  ep.auth = {core::Auth::PasswordCleartext, {"prefs.js", "authMethod", 6, false}};
  ep.username = {email, {"prefs.js", "userName", 7, false}};
  a.incoming = ep;
  return a;
}

std::vector<core::Finding> listed_broken(const providers::Database& db, const core::Account& a) {
  std::vector<core::Finding> out;
  for (auto& f : rules::evaluate(a, db.match(a), "2026-12-06")) {
    if (f.rule == "provider-listed-broken") out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

TEST_SUITE("rules.lists") {
  TEST_CASE("a provider Delta Chat rates broken gets one info finding with the list's date and source") {
    const auto db = providers::Database::embedded();
    const auto findings = listed_broken(db, imap_account("olena@i.ua", "imap.i.ua"));
    REQUIRE(findings.size() == 1);
    const auto& f = findings.front();
    CHECK(f.severity == core::Severity::Info);
    CHECK(f.account == "thunderbird:prefs.js#account1");
    CHECK(f.field.empty());
    CHECK_FALSE(f.fixable);
    CHECK(f.message ==
          "Delta Chat's provider list rates I.ua as broken (last checked 2021-08): its testers could not use this "
          "provider's IMAP/SMTP servers as documented, so the account may fail however it is set up. Check I.ua's "
          "own help for what it still allows. Source: Delta Chat provider-db _providers/i.ua.md (chatmail/provider-db "
          "commit ad097ee; last_checked 2021-08; MPL-2.0)");
    CHECK(f.message_localized.empty());
  }

  TEST_CASE("preparation, ok and an OAuth2-only provider rated broken say nothing") {
    const auto db = providers::Database::embedded();
    CHECK(listed_broken(db, imap_account("max@gmx.net", "imap.gmx.net")).empty());       // preparation
    CHECK(listed_broken(db, imap_account("ann@nubo.coop", "mail.nubo.coop")).empty());   // ok
    CHECK(listed_broken(db, imap_account("ann@hotmail.com", "outlook.office365.com")).empty());  // OAuth2 only
  }
}
