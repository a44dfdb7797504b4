#include "adapters/apple/adapter.hpp"

namespace adapters::apple {

// Placeholder until the AppleMail adapter lands: finds and reads nothing.
std::vector<std::filesystem::path> AppleMailAdapter::discover(const std::filesystem::path&) const { return {}; }
bool AppleMailAdapter::recognizes(const std::filesystem::path&) const { return false; }
core::ReadOutput AppleMailAdapter::read(const std::filesystem::path&) const { return {}; }

}  // namespace adapters::apple
