#include "adapters/outlook/adapter.hpp"

namespace adapters::outlook {

// Placeholder until the Outlook adapter lands: finds and reads nothing.
std::vector<std::filesystem::path> OutlookAdapter::discover(const std::filesystem::path&) const { return {}; }
bool OutlookAdapter::recognizes(const std::filesystem::path&) const { return false; }
core::ReadOutput OutlookAdapter::read(const std::filesystem::path&) const { return {}; }

}  // namespace adapters::outlook
