#pragma once
// A real NSS certificate database made by certutil (Debian libnss3-tools), with certificates made
// by openssl: the test material of the cert9.db reader (never a hand-made blob). POSIX only.
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "support/testutil.hpp"

namespace trust_test {

// A self-signed CA made by openssl under `dir`/<name>.pem, then added to `db_dir`'s cert9.db as a
// trusted CA ("C,,") under `nickname`.
inline void add_root(const std::filesystem::path& db_dir, const std::string& name, const std::string& subject,
                     const std::string& nickname, const std::string& days = "3650") {
  const std::string pem = (db_dir / (name + ".pem")).string(), key = (db_dir / (name + ".key")).string();
  auto made = testutil::run_program({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                                     pem, "-days", days, "-subj", subject, "-addext", "basicConstraints=critical,CA:TRUE"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  auto added = testutil::run_program({"certutil", "-A", "-d", "sql:" + db_dir.string(), "-n", nickname, "-t", "C,,", "-i", pem});
  REQUIRE_MESSAGE(added.exit_code == 0, added.err);
}

// A fresh cert9.db in `db_dir` (no password).
inline void make_db(const std::filesystem::path& db_dir) {
  std::filesystem::create_directories(db_dir);
  auto made = testutil::run_program({"certutil", "-N", "-d", "sql:" + db_dir.string(), "--empty-password"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
}

inline bool certutil_available() {
  try {
    return testutil::run_program({"certutil", "-H"}).exit_code >= 0;
  } catch (...) {
    return false;
  }
}

// The SHA-256 of a PEM certificate, as openssl prints it, in lower-case hex without colons.
inline std::string sha256_of(const std::filesystem::path& pem) {
  auto r = testutil::run_program({"openssl", "x509", "-in", pem.string(), "-noout", "-fingerprint", "-sha256"});
  REQUIRE(r.exit_code == 0);
  std::string hex;
  for (char c : r.out.substr(r.out.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex;
}

}  // namespace trust_test
