#include "trust/x509_text.hpp"

#include <cstdio>
#include <ctime>
#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>

#include "util/text.hpp"

namespace trust {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};

}  // namespace

std::string name_line(const X509_NAME* name) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) return {};
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return util::printable(std::string_view(data, static_cast<std::size_t>(n)), 1024);
}

std::string rfc3339(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string sha256_hex(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md, &n) != 1) return {};
  std::string out;
  char buf[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    out += buf;
  }
  return out;
}

util::Result<CertificateFacts> read_der_certificate(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  if (der.size() > 1024 * 1024) return util::make_error("a certificate larger than 1 MB");
  std::unique_ptr<X509, X509Free> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) return util::make_error("not a DER certificate");
  if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    return util::make_error("bytes after the DER certificate");
  }
  CertificateFacts facts;
  facts.subject = name_line(X509_get_subject_name(cert.get()));
  facts.issuer = name_line(X509_get_issuer_name(cert.get()));
  facts.not_before = rfc3339(X509_get0_notBefore(cert.get()));
  facts.not_after = rfc3339(X509_get0_notAfter(cert.get()));
  facts.sha256 = sha256_hex(cert.get());
  facts.expired = X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0;
  return facts;
}

}  // namespace trust
