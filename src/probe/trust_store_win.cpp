#include "probe/trust_store.hpp"

// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on
#include <openssl/x509.h>

namespace probe {

// Every certificate of the ROOT store (the machine's and the user's, as CertOpenSystemStore
// shows them) decoded into OpenSSL's store. Certificates OpenSSL cannot parse are skipped.
util::Status add_system_trust(X509_STORE* store) {
  HCERTSTORE root = CertOpenSystemStoreW(0, L"ROOT");
  if (root == nullptr) return util::make_error("cannot open the Windows ROOT certificate store");
  int added = 0;
  for (PCCERT_CONTEXT cert = CertEnumCertificatesInStore(root, nullptr); cert != nullptr;
       cert = CertEnumCertificatesInStore(root, cert)) {
    const unsigned char* der = cert->pbCertEncoded;
    X509* x = d2i_X509(nullptr, &der, static_cast<long>(cert->cbCertEncoded));
    if (x == nullptr) continue;
    if (X509_STORE_add_cert(store, x) == 1) ++added;
    X509_free(x);
  }
  CertCloseStore(root, 0);
  (void)added;  // an empty ROOT store is legal (Wine's may be): verification then fails, visibly
  return {};
}

}  // namespace probe
