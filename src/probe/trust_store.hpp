#pragma once
// The operating system's trust anchors, added to an OpenSSL X509_STORE: on POSIX OpenSSL's default
// paths (Debian's ca-certificates in /etc/ssl/certs), on Windows the certificates of the
// LocalMachine/CurrentUser ROOT store read through CryptoAPI.
#include <openssl/x509_vfy.h>

#include "util/result.hpp"

namespace probe {

util::Status add_system_trust(X509_STORE* store);

}  // namespace probe
