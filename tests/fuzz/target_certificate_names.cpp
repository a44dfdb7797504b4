// A certificate's issuer and subject values read from its DER alone: total on any input; every
// value lies inside the input; when they name a product, the certificate is never passed over.
#include <string_view>

#include "fuzz/targets.hpp"
#include "trust/der_names.hpp"
#include "trust/inspection.hpp"

namespace fuzz {

int certificate_names(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  const std::string_view der(reinterpret_cast<const char*>(data), size);
  const auto values = trust::der_issuer_and_subject_values(der);
  const bool may = trust::may_name_inspection_product(der);
  if (!values) {
    check(may);
    return 0;
  }
  bool names_product = false;
  for (const std::string_view v : *values) {
    check(v.data() >= der.data() && v.data() + v.size() <= der.data() + der.size());
    names_product = names_product || trust::inspection_product(v).has_value();
  }
  check(may == names_product);
  return 0;
}

}  // namespace fuzz
