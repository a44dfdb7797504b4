// Recognising inspection products by the names of their roots, on certificates OpenSSL makes here
// (both platforms; the cert9.db tests that need certutil are in test_nss_db_posix.cpp).
#include <doctest/doctest.h>

#include <memory>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/around.hpp"
#include "trust/inspection.hpp"
#include "trust/system_roots.hpp"

namespace {

// A self-signed certificate with this common name, valid from `from_days` to `to_days` from now, as DER.
std::string self_signed_der(const std::string& cn, long from_days, long to_days) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  REQUIRE(key);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_days * 86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), to_days * 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key.get());
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert.get(), &der);
  REQUIRE(n > 0);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

}  // namespace

TEST_SUITE("trust inspection") {
  TEST_CASE("product names in subjects and issuers") {
    CHECK(trust::inspection_product("CN=Avast Web/Mail Shield Root,O=Avast Web/Mail Shield") == "Avast Web/Mail Shield");
    CHECK(trust::inspection_product("CN=AVG Web/Mail Shield Root") == "AVG Web/Mail Shield");
    CHECK(trust::inspection_product("CN=Kaspersky Anti-Virus Personal Root Certificate,O=AO Kaspersky Lab") ==
          "Kaspersky (encrypted connection scanning)");
    CHECK(trust::inspection_product("CN=ESET SSL Filter CA") == "ESET SSL/TLS protocol filtering");
    CHECK(trust::inspection_product("CN=Bitdefender Personal CA.Net-Defender,OU=IDS") ==
          "Bitdefender (encrypted web/mail scan)");
    CHECK_FALSE(trust::inspection_product("CN=ISRG Root X1,O=Internet Security Research Group,C=US"));
    CHECK_FALSE(trust::inspection_product("CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US"));
    CHECK_FALSE(trust::inspection_product(""));
  }

  TEST_CASE("DER facts: names, validity, expiry and the SHA-256; bad DER is an error") {
    const std::string der = self_signed_der("ESET SSL Filter CA", -10, -1);
    auto facts = trust::read_der_certificate(der);
    REQUIRE(facts);
    CHECK(facts->subject == "CN=ESET SSL Filter CA");
    CHECK(facts->issuer == "CN=ESET SSL Filter CA");
    CHECK(facts->expired);
    CHECK(facts->sha256.size() == 64);
    CHECK(facts->not_before.size() == 20);
    const auto finding = trust::inspection_root_finding(*facts, *trust::inspection_product(*facts), "the test store",
                                                        {"store", facts->sha256, 0, false}, "");
    CHECK(finding.rule == core::around::kTlsInspectionRoot);
    CHECK(finding.message.find("is in the test store: subject CN=ESET SSL Filter CA, issuer CN=ESET SSL Filter CA, valid " +
                               facts->not_before + " to " + facts->not_after + " (EXPIRED), SHA-256 " + facts->sha256 +
                               ". ") != std::string::npos);
    CHECK_FALSE(trust::read_der_certificate(der.substr(0, der.size() - 1)));
    auto trailing = trust::read_der_certificate(der + "x");
    REQUIRE_FALSE(trailing);
    CHECK(trailing.error().message == "bytes after the DER certificate");
  }

  TEST_CASE("system stores: one finding per inspection root, the first store it is in") {
    const std::string avast = self_signed_der("Avast Web/Mail Shield Root", -1, 365);
    const std::string ordinary = self_signed_der("Example Root CA", -1, 365);
    auto findings = trust::system_store_inspection_findings(
        {{"LocalMachine ROOT", ordinary}, {"LocalMachine ROOT", avast}, {"CurrentUser ROOT", avast}, {"CurrentUser ROOT", "junk"}});
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].origin.file == "LocalMachine ROOT");
    CHECK(findings[0].message.rfind("A root certificate of Avast Web/Mail Shield is in the Windows LocalMachine ROOT "
                                    "certificate store: ", 0) == 0);
  }

  TEST_CASE("this machine's system root stores can be read (Windows: CryptoAPI; elsewhere: none)") {
    auto roots = trust::system_root_certificates();
    REQUIRE(roots);
    for (const auto& r : *roots) CHECK((r.store == "LocalMachine ROOT" || r.store == "CurrentUser ROOT"));
  }
}
