#include "trust/nss_db.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "trust/inspection.hpp"
#include "util/private_copy.hpp"
#include "util/text.hpp"

namespace trust {
namespace {

// CKA_CLASS is stored as a 4-byte big-endian CK_ULONG; CKO_CERTIFICATE is 1.
constexpr std::string_view kCertificateClass{"\0\0\0\1", 4};

std::string blob_of(const SQLite::Column& c) {
  if (c.isNull()) return {};
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

}  // namespace

util::Result<std::vector<StoredCertificate>> read_nss_certificates(const std::filesystem::path& cert9_db) {
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
