// wincrypt.h defines X509_NAME and friends as macros; OpenSSL's headers undefine them when they
// come after it, so the Windows headers go first here.
// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on

#include "probe/trust_store.hpp"

#include <openssl/x509.h>

namespace probe {

// Every certificate of the ROOT store (what CertOpenSystemStore shows: the machine's and the
// user's trusted roots) decoded into OpenSSL's store. Certificates OpenSSL cannot parse are skipped;
// an empty ROOT store is legal (Wine's may be), verification then fails visibly.
util::Status add_system_trust(X509_STORE* store) {
  HCERTSTORE root = CertOpenSystemStoreW(0, L"ROOT");
  if (root == nullptr) return util::make_error("cannot open the Windows ROOT certificate store");
  for (PCCERT_CONTEXT cert = CertEnumCertificatesInStore(root, nullptr); cert != nullptr;
       cert = CertEnumCertificatesInStore(root, cert)) {
    const unsigned char* der = cert->pbCertEncoded;
    X509* x = d2i_X509(nullptr, &der, static_cast<long>(cert->cbCertEncoded));
    if (x == nullptr) continue;
    X509_STORE_add_cert(store, x);
    X509_free(x);
  }
  CertCloseStore(root, 0);
  return {};
}

}  // namespace probe
