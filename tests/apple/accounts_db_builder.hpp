#pragma once
// Builds Accounts4-like databases for tests: the real Core Data column set (see the Accounts3
// schema in ../shared/real-samples/apple), with entity numbers deliberately unlike Accounts3's.
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "adapters/apple/keyed_archive.hpp"

namespace apple_test {

class AccountsDbBuilder {
 public:
  explicit AccountsDbBuilder(const std::string& path, bool wal = false)
      : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    if (wal) {
      db_.exec("PRAGMA journal_mode=WAL");
      db_.exec("PRAGMA wal_autocheckpoint=0");
    }
    db_.exec(
        "CREATE TABLE ZACCOUNT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZACTIVE INTEGER, "
        "ZAUTHENTICATED INTEGER, ZSUPPORTSAUTHENTICATION INTEGER, ZVISIBLE INTEGER, ZACCOUNTTYPE INTEGER, "
        "ZPARENTACCOUNT INTEGER, ZDATE TIMESTAMP, ZLASTCREDENTIALRENEWALREJECTIONDATE TIMESTAMP, ZACCOUNTDESCRIPTION "
        "VARCHAR, ZAUTHENTICATIONTYPE VARCHAR, ZCREDENTIALTYPE VARCHAR, ZIDENTIFIER VARCHAR, ZOWNINGBUNDLEID VARCHAR, "
        "ZUSERNAME VARCHAR, ZDATACLASSPROPERTIES BLOB );"
        "CREATE TABLE ZACCOUNTPROPERTY ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZOWNER INTEGER, "
        "ZKEY VARCHAR, ZVALUE BLOB );"
        "CREATE TABLE ZACCOUNTTYPE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZACCOUNTTYPEDESCRIPTION "
        "VARCHAR, ZCREDENTIALTYPE VARCHAR, ZIDENTIFIER VARCHAR, ZOWNINGBUNDLEID VARCHAR );"
        "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);"
        "INSERT INTO Z_PRIMARYKEY VALUES (3,'AccountType',0,0),(7,'Account',0,0),(9,'AccountProperty',0,0);");
    const char* types[] = {"com.apple.account.IMAP", "com.apple.account.SMTP", "com.apple.account.POP",
                           "com.apple.account.Google", "com.apple.account.IMAPMail"};
    for (int i = 0; i < 5; ++i) {
      SQLite::Statement q(db_, "INSERT INTO ZACCOUNTTYPE (Z_PK, Z_ENT, Z_OPT, ZIDENTIFIER) VALUES (?, 3, 1, ?)");
      q.bind(1, i + 1);
      q.bind(2, types[i]);
      q.exec();
    }
  }

  // type: 1 IMAP, 2 SMTP, 3 POP, 4 Google, 5 IMAPMail.
  void account(int pk, int type, const std::string& identifier, const std::string& username = "",
               int parent = 0, int entity = 7) {
    SQLite::Statement q(db_,
                        "INSERT INTO ZACCOUNT (Z_PK, Z_ENT, Z_OPT, ZACCOUNTTYPE, ZPARENTACCOUNT, ZIDENTIFIER, ZUSERNAME, "
                        "ZACCOUNTDESCRIPTION) VALUES (?, ?, 1, ?, ?, ?, ?, ?)");
    q.bind(1, pk);
    q.bind(2, entity);
    q.bind(3, type);
    if (parent) q.bind(4, parent);
    else q.bind(4);
    q.bind(5, identifier);
    if (username.empty()) q.bind(6);
    else q.bind(6, username);
    q.bind(7, "Account " + identifier);
    q.exec();
  }

  void property(int owner, const std::string& key, const adapters::apple::ArchivedScalar& value) {
    raw_property(owner, key, adapters::apple::encode_archived_scalar(value));
  }

  void raw_property(int owner, const std::string& key, const std::string& blob) {
    SQLite::Statement q(db_, "INSERT INTO ZACCOUNTPROPERTY (Z_ENT, Z_OPT, ZOWNER, ZKEY, ZVALUE) VALUES (9, 1, ?, ?, ?)");
    q.bind(1, owner);
    q.bind(2, key);
    q.bind(3, blob.data(), static_cast<int>(blob.size()));
    q.exec();
  }

  SQLite::Database& db() { return db_; }

 private:
  SQLite::Database db_;
};

}  // namespace apple_test
