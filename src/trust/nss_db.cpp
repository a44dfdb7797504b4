#include "trust/nss_db.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "trust/inspection.hpp"
#include "util/file.hpp"
#include "util/private_copy.hpp"
#include "util/sqlite_table.hpp"
#include "util/text.hpp"

namespace trust {
namespace {

// CKA_CLASS is stored as a 4-byte big-endian CK_ULONG; CKO_CERTIFICATE is 1.
constexpr std::string_view kCertificateClass{"\0\0\0\1", 4};

util::Error too_many_certificates(const std::filesystem::path& cert9_db) {
  return util::make_error(cert9_db.string() + ": more than " + std::to_string(kMaxNssCertificates) +
                          " certificates; not read");
}

std::string blob_of(const SQLite::Column& c) {
  if (c.isNull()) return {};
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

// The certificates read from the file's pages without SQLite (util::read_sqlite_table): loading
// SQLite and parsing NSS's 130-column schema were most of an audit's instructions for a home whose
// stores hold a certificate, and a private copy and SQLite were 44 % for one whose stores are
// empty (what most profiles Thunderbird has run hold: ~28 KB, the schema and empty tables).
// nullopt when SQLite must answer: a -wal beside the file (rows may be there), a file that can't be
// read whole, or one the reader does not follow.
std::optional<util::Result<std::vector<StoredCertificate>>> read_without_sqlite(const std::filesystem::path& cert9_db) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(cert9_db.string() + "-wal", ec))) return std::nullopt;
  const auto image = util::read_file(cert9_db, kMaxNssDbBytes);
  if (!image) return std::nullopt;
  static constexpr std::string_view kColumns[] = {"a0", "a3", "a11"};  // CKA_CLASS, CKA_LABEL, CKA_VALUE
  std::vector<StoredCertificate> out;
  const auto read = util::read_sqlite_table(*image, "nssPublic", kColumns, [&](std::span<const util::SqliteBytes> row) {
    if (row[0] != kCertificateClass) return true;
    if (out.size() == kMaxNssCertificates) return false;
    out.push_back({std::string(row[1].value_or("")), std::string(row[2].value_or(""))});
    return true;
  });
  switch (read) {
    case util::SqliteTableRead::read: return out;
    case util::SqliteTableRead::stopped: return too_many_certificates(cert9_db);
    case util::SqliteTableRead::not_followed: break;
  }
  return std::nullopt;
}

}  // namespace

util::Result<std::vector<StoredCertificate>> read_nss_certificates(const std::filesystem::path& cert9_db) {
  if (auto read = read_without_sqlite(cert9_db)) return std::move(*read);
  auto copy = util::PrivateCopy::make(cert9_db, kMaxNssDbBytes, "mailmend-nss-");
  if (!copy) return copy.error();
  std::vector<StoredCertificate> out;
  try {
    SQLite::Database db(copy->path().string(), SQLite::OPEN_READONLY);
    db.exec("PRAGMA trusted_schema=OFF");  // a planted database's views and triggers stay inert
    if (!db.tableExists("nssPublic")) {
      return util::make_error(cert9_db.string() + ": not an NSS certificate database (no nssPublic table)");
    }
    SQLite::Statement rows(db, "SELECT a0, a3, a11 FROM nssPublic ORDER BY rowid");
    while (rows.executeStep()) {
      if (blob_of(rows.getColumn(0)) != kCertificateClass) continue;
      if (out.size() == kMaxNssCertificates) {
        return too_many_certificates(cert9_db);
      }
      out.push_back({blob_of(rows.getColumn(1)), blob_of(rows.getColumn(2))});
    }
  } catch (const std::exception& e) {
    return util::make_error(cert9_db.string() + ": " + util::printable(e.what()));
  }
  return out;
}

util::Result<std::vector<core::Finding>> nss_inspection_findings(const std::filesystem::path& cert9_db,
                                                                 const std::string& owner) {
  auto certificates = read_nss_certificates(cert9_db);
  if (!certificates) return certificates.error();
  std::vector<core::Finding> out;
  for (const auto& stored : *certificates) {
    if (!may_name_inspection_product(stored.der)) continue;
    auto facts = read_der_certificate(stored.der);
    if (!facts) continue;
    auto product = inspection_product(*facts);
    if (!product) continue;
    out.push_back(inspection_root_finding(*facts, *product, owner + " " + cert9_db.string(),
                                          {cert9_db.string(), stored.label, 0, false}, stored.label));
  }
  return out;
}

}  // namespace trust
