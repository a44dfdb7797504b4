// wincrypt.h defines X509_NAME and friends as macros; the Windows headers go first (as in
// probe/trust_store_win.cpp, whose enumeration this follows).
// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on

#include "trust/system_roots.hpp"

namespace trust {
namespace {

// Every certificate of one physical-or-system ROOT store, opened read-only; a store that cannot be
// opened is skipped (Wine's LocalMachine store may be empty).
void add_store(DWORD location, const char* name, std::vector<SystemRootCertificate>& out) {
  HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                                   location | CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG, L"ROOT");
  if (store == nullptr) return;
  std::size_t count = 0;
  PCCERT_CONTEXT cert = CertEnumCertificatesInStore(store, nullptr);
  for (; cert != nullptr && count < 10'000; cert = CertEnumCertificatesInStore(store, cert), ++count) {
    out.push_back({name, std::string(reinterpret_cast<const char*>(cert->pbCertEncoded), cert->cbCertEncoded)});
  }
  if (cert != nullptr) CertFreeCertificateContext(cert);  // stopped early: the last one is still held
  CertCloseStore(store, 0);
}

}  // namespace

util::Result<std::vector<SystemRootCertificate>> system_root_certificates() {
  std::vector<SystemRootCertificate> out;
  add_store(CERT_SYSTEM_STORE_LOCAL_MACHINE, "LocalMachine ROOT", out);
  add_store(CERT_SYSTEM_STORE_CURRENT_USER, "CurrentUser ROOT", out);
  return out;
}

}  // namespace trust
