// live_registry.hpp where there is no live registry: every read and write says so, and no home's
// settings are live (its NTUSER.DAT, if any, is read as a file).
#include "adapters/outlook/live_registry.hpp"

namespace adapters::outlook {
namespace {

util::Error windows_only(const std::string& root) {
  return util::make_error(root + ": the live Windows registry exists only on Windows; audit a .reg export or the "
                          "user's NTUSER.DAT file instead");
}

}  // namespace

bool live_registry_available() { return false; }

util::Result<RegistrySnapshot> read_live_registry(const std::string& root, const std::vector<std::string>&) {
  return windows_only(root);
}

util::Result<std::optional<RegValue>> read_live_value(const std::string& root, const std::string&, const std::string&) {
  return windows_only(root);
}

util::Status write_live_value(const std::string& root, const std::string&, const RegValue&) { return windows_only(root); }

util::Status delete_live_value(const std::string& root, const std::string&, const std::string&) {
  return windows_only(root);
}

std::optional<std::string> live_registry_for_home(const std::filesystem::path&) { return std::nullopt; }

std::optional<long> outlook_process_for(const std::string&) { return std::nullopt; }

}  // namespace adapters::outlook
