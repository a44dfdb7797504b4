#include "audit/audit.hpp"

#include "adapters/apple/adapter.hpp"
#include "adapters/outlook/adapter.hpp"
#include "adapters/thunderbird/adapter.hpp"

namespace audit {

std::vector<std::unique_ptr<core::Adapter>> all_adapters() {
  std::vector<std::unique_ptr<core::Adapter>> out;
  out.push_back(std::make_unique<adapters::thunderbird::ThunderbirdAdapter>());
  out.push_back(std::make_unique<adapters::outlook::OutlookAdapter>());
  out.push_back(std::make_unique<adapters::apple::AppleMailAdapter>());
  return out;
}

core::Report run(const Options&, const providers::Database&) { return {}; }

}  // namespace audit
