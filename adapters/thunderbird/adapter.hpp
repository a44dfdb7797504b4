#pragma once
// Thunderbird: discover profile roots, read prefs.js/user.js/AutoConfig/policies into accounts, render edits.
#include <filesystem>
#include <vector>

#include "adapters/thunderbird/profile_reader.hpp"
#include "adapters/thunderbird/profiles_ini.hpp"
#include "core/adapter.hpp"

namespace adapters::thunderbird {

struct Options {
  // policies.json files that can set or lock mail prefs: the system-wide one and the installs' distribution/.
  std::vector<std::filesystem::path> policy_files = default_policy_files();
  // Installation folders whose defaults/pref/*.js and AutoConfig .cfg can set or lock mail prefs.
  std::vector<std::filesystem::path> install_dirs = default_install_dirs();
  static std::vector<std::filesystem::path> default_policy_files();
  // The usual install folders of this platform (plain paths; absent ones are skipped when read).
  static std::vector<std::filesystem::path> default_install_dirs();
};

class ThunderbirdAdapter : public core::Adapter {
 public:
  ThunderbirdAdapter() = default;
  explicit ThunderbirdAdapter(Options options) : options_(std::move(options)) {}

  std::string_view client() const override { return "thunderbird"; }
  std::vector<std::filesystem::path> discover(const std::filesystem::path& home) const override;
  bool recognizes(const std::filesystem::path& path) const override;
  core::ReadOutput read(const std::filesystem::path& source) const override;
  util::Result<std::string> render(const std::filesystem::path& file, std::string_view original,
                                   const std::vector<core::Edit>& edits) const override;
  core::LockState lock_state(const std::filesystem::path& file) const override;
  // Every client-specific rule id this adapter reports (rule_catalogue.cpp).
  const std::vector<core::RuleInfo>& rule_catalogue() const override;

 private:
  core::ReadOutput read_root(const std::filesystem::path& root) const;
  ProfileContext context_for(const std::filesystem::path& profile_dir) const;
  // A defaults/pref file or AutoConfig .cfg of an installation (never edited).
  bool is_install_file(const std::filesystem::path& file) const;
  static i18n::Text profile_note(const ProfilesIni& ini, std::size_t index);
  Options options_;
};

}  // namespace adapters::thunderbird
