#pragma once
// A home whose ~/Library/Accounts holds an Accounts4-like database with one IMAP account (143, no
// TLS) and its SMTP account, plus a VerifiedBackup folder as on a Mac; the findings a provider
// rule would report for it (port 993, TLS), and helpers to look at the stored cells.
#include <SQLiteCpp/SQLiteCpp.h>

#include <stdexcept>
#include <string>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/keyed_archive.hpp"
#include "apple/accounts_db_builder.hpp"
#include "fix/apply.hpp"
#include "fix/plan.hpp"
#include "make_finding.hpp"
#include "support/testutil.hpp"

namespace fixture {

struct AccountsHome {
  adapters::apple::AppleMailAdapter adapter;
  std::filesystem::path home;
  std::filesystem::path folder;
  std::filesystem::path db;
  std::filesystem::path backups = testutil::scratch() / "backups";

  // wal: the database in WAL mode; user: the home folder's name.
  explicit AccountsHome(bool wal = false, const std::string& user = "erin")
      : home(testutil::scratch() / "home" / user), folder(home / "Library" / "Accounts"), db(folder / "Accounts4.sqlite") {
    using S = std::string;
    std::filesystem::create_directories(folder / "VerifiedBackup");
    {
      apple_test::AccountsDbBuilder b(db.string(), wal);
      b.account(10, 1, "IMAP-1", "erin");
      b.property(10, "Hostname", S("imap.example.com"));
      b.property(10, "PortNumber", S("143"));
      b.property(10, "SSLEnabled", false);
      b.property(10, "SendingAccountIdentifier", S("SMTP-1"));
      b.account(11, 2, "SMTP-1", "erin");
      b.property(11, "Hostname", S("smtp.example.com"));
      b.property(11, "PortNumber", std::int64_t{25});
      b.property(11, "SSLEnabled", false);
    }
    testutil::write_bytes(folder / "VerifiedBackup" / "Accounts4.sqlite", "an older verified copy");
  }

  core::Account account() const {
    core::ReadOutput out = adapter.read(db);
    for (auto& a : out.accounts) {
      if (a.key == "IMAP-1") return a;
    }
    throw std::runtime_error("no IMAP-1 account in the test database");
  }

  // The incoming port and security fixes a provider rule would report.
  core::Report report() const {
    core::Report report;
    const core::Account a = account();
    report.accounts.push_back({a, std::nullopt});
    report.findings.push_back(fixable_finding(a, "port-not-provider", "incoming.port", std::int64_t{143},
                                              std::int64_t{993}, a.incoming->port.origin));
    report.findings.push_back(fixable_finding(a, "plaintext", "incoming.security", std::string("none"),
                                              std::string("tls"), a.incoming->security.origin));
    return report;
  }

  fix::Plan plan(bool allowed = true) const {
    return fix::make_plan(report(), {&adapter}, {}, {home}, fix::PlanOptions{allowed});
  }
  fix::ApplyOptions options() const { return {backups, {home}, {}, {}}; }

  // The stored ZVALUE bytes of a property of account row `owner`.
  std::string cell(const std::string& key, int owner = 10) const {
    SQLite::Database d(db.string());
    SQLite::Statement q(d, "SELECT ZVALUE FROM ZACCOUNTPROPERTY WHERE ZKEY = ? AND ZOWNER = ?");
    q.bind(1, key);
    q.bind(2, owner);
    if (!q.executeStep()) throw std::runtime_error("no property " + key);
    auto c = q.getColumn(0);
    return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
  }
  bool original_values() const {
    using adapters::apple::encode_archived_scalar;
    return cell("PortNumber") == encode_archived_scalar(std::string("143")) &&
           cell("SSLEnabled") == encode_archived_scalar(false);
  }
  bool fixed_values() const {
    using adapters::apple::encode_archived_scalar;
    return cell("PortNumber") == encode_archived_scalar(std::string("993")) &&
           cell("SSLEnabled") == encode_archived_scalar(true);
  }
};

}  // namespace fixture
