#pragma once
#include <memory>

#include "core/adapter.hpp"

namespace adapters::outlook {

class OutlookAdapter : public core::Adapter {
 public:
  std::string_view client() const override { return "outlook"; }
  std::vector<std::filesystem::path> discover(const std::filesystem::path& home) const override;
  bool recognizes(const std::filesystem::path& path) const override;
  core::ReadOutput read(const std::filesystem::path& source) const override;
};

}  // namespace adapters::outlook
