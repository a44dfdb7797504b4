#include "trust/system_roots.hpp"

#include <set>

#include "trust/inspection.hpp"

namespace trust {

std::vector<core::Finding> system_store_inspection_findings(const std::vector<SystemRootCertificate>& roots) {
  std::vector<core::Finding> out;
  std::set<std::string> seen;
  for (const auto& root : roots) {
    if (!may_name_inspection_product(root.der)) continue;
    auto facts = read_der_certificate(root.der);
    if (!facts || !seen.insert(facts->sha256).second) continue;
    auto product = inspection_product(*facts);
    if (!product) continue;
    out.push_back(inspection_root_finding(*facts, *product, "the Windows " + root.store + " certificate store",
                                          {root.store, facts->sha256, 0, false}, ""));
  }
  return out;
}

}  // namespace trust
