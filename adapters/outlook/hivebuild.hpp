#pragma once
// Builds small hives from nothing, for tests and the committed fixture homes. hivex cannot
// create a hive, so we write an empty 8 KiB one (base block + one hbin with a root nk and an sk
// cell) and let hivex add keys and values to it.
#include <string>
#include <vector>

#include "adapters/outlook/registry.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

struct HiveKeySpec {
  std::string path;               // relative to the hive root, e.g. "Software\\Microsoft"
  std::vector<RegValue> values;   // set in this order
};

// An empty hive (root key "ROOT", clean, fixed timestamp so builds are reproducible).
std::string minimal_hive_seed();
// A hive holding the given keys (parents are created) and values.
util::Result<std::string> build_hive(const std::vector<HiveKeySpec>& keys);

}  // namespace adapters::outlook
