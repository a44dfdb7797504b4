#include "probe/trust_store.hpp"

namespace probe {

util::Status add_system_trust(X509_STORE* store) {
  if (X509_STORE_set_default_paths(store) != 1) {
    return util::make_error("cannot load the system's trusted certificates (OpenSSL default paths)");
  }
  return {};
}

}  // namespace probe
