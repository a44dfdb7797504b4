#include "util/secret_input.hpp"

#include <openssl/crypto.h>

namespace util {

void wipe_secret(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace util
