#pragma once
// The pipeline: discover -> read -> match provider -> rules -> report.
#include <filesystem>
#include <memory>
#include <vector>

#include "core/adapter.hpp"
#include "core/report.hpp"
#include "providers/database.hpp"

namespace audit {

struct Options {
  std::vector<std::filesystem::path> paths;  // explicit files or folders
  std::vector<std::filesystem::path> homes;  // --home DIR
  bool all_users = false;                    // --all-users
  // With no paths, homes or all_users: the current user's home.
};

std::vector<std::unique_ptr<core::Adapter>> all_adapters();

core::Report run(const Options& options, const providers::Database& db);

}  // namespace audit
