#include "adapters/thunderbird/adapter.hpp"

namespace adapters::thunderbird {

// Placeholder until the Thunderbird adapter lands: finds and reads nothing.
std::vector<std::filesystem::path> ThunderbirdAdapter::discover(const std::filesystem::path&) const { return {}; }
bool ThunderbirdAdapter::recognizes(const std::filesystem::path&) const { return false; }
core::ReadOutput ThunderbirdAdapter::read(const std::filesystem::path&) const { return {}; }

}  // namespace adapters::thunderbird
