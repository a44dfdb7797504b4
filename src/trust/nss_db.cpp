#include "trust/nss_db.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "trust/inspection.hpp"
#include "util/file.hpp"
#include "util/private_copy.hpp"
#include "util/sqlite_image.hpp"
#include "util/text.hpp"

namespace trust {
namespace {

// CKA_CLASS is stored as a 4-byte big-endian CK_ULONG; CKO_CERTIFICATE is 1.
constexpr std::string_view kCertificateClass{"\0\0\0\1", 4};

std::string blob_of(const SQLite::Column& c) {
  if (c.isNull()) return {};
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

// NSS's store of a profile with no certificate of its own (what most profiles Thunderbird has run
// hold: ~28 KB, the schema and empty tables) is recognised from its pages, without a private copy
// and SQLite, which were 44 % of a 3-profile audit's instructions. A store with a -wal beside it
// (rows may be there), a larger one, or one without NSS's table goes the whole way and says what
// it finds.
constexpr std::size_t kEmptyStoreMaxBytes = 256 * 1024;

bool is_empty_nss_store(const std::filesystem::path& cert9_db) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(cert9_db.string() + "-wal", ec))) return false;
  auto bytes = util::read_file(cert9_db, kEmptyStoreMaxBytes);
  return bytes && util::sqlite_image_holds_only_schema(*bytes) &&
         bytes->find("CREATE TABLE nssPublic") != std::string::npos;
}

}  // namespace

util::Result<std::vector<StoredCertificate>> read_nss_certificates(const std::filesystem::path& cert9_db) {
  if (is_empty_nss_store(cert9_db)) return std::vector<StoredCertificate>{};
  auto copy = util::PrivateCopy::make(cert9_db, kMaxNssDbBytes, "mailmend-nss-");
  if (!copy) return copy.error();
  std::vector<StoredCertificate> out;
  try {
    SQLite::Database db(copy->path().string(), SQLite::OPEN_READONLY);
    db.exec("PRAGMA trusted_schema=OFF");  // a planted database's views and triggers stay inert
    if (!db.tableExists("nssPublic")) {
      return util::make_error(cert9_db.string() + ": not an NSS certificate database (no nssPublic table)");
    }
    SQLite::Statement rows(db, "SELECT a0, a3, a11 FROM nssPublic");
    while (rows.executeStep()) {
      if (blob_of(rows.getColumn(0)) != kCertificateClass) continue;
      if (out.size() == kMaxNssCertificates) {
        return util::make_error(cert9_db.string() + ": more than " + std::to_string(kMaxNssCertificates) +
                                " certificates; not read");
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
