#pragma once
// Helpers for the Apple adapter tests: plist text builders and lookups in a ReadOutput.
#include <plist/plist.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "adapters/apple/plist_tree.hpp"
#include "core/adapter.hpp"
#include "support/testutil.hpp"

namespace apple_test {

// A configuration profile of fixtures/apple/profiles.
inline std::filesystem::path profile_path(const std::string& name) {
  return testutil::source_dir() / "fixtures/apple/profiles" / name;
}

inline std::string xml_plist(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
         "<plist version=\"1.0\">\n" +
         body + "</plist>\n";
}

inline std::string to_binary(const std::string& xml) {
  auto parsed = adapters::apple::parse_plist(xml, "test");
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return adapters::apple::serialise_plist(parsed->root.get(), adapters::apple::PlistFormat::Binary);
}

inline const core::Account& account(const core::ReadOutput& out, const std::string& key) {
  for (const auto& a : out.accounts)
    if (a.key == key) return a;
  throw std::runtime_error("no account " + key);
}

inline std::vector<std::string> rules_of(const core::ReadOutput& out) {
  std::vector<std::string> r;
  for (const auto& f : out.findings) r.push_back(f.rule + "@" + f.account.substr(f.account.find('#') + 1));
  return r;
}

}  // namespace apple_test
