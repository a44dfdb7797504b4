#pragma once
// Apple Mail: legacy Accounts.plist / com.apple.mail.plist, the Internet Accounts database
// (Accounts4/Accounts3.sqlite), configuration profiles and DDM mail declarations.
#include <memory>

#include "adapters/apple/client_id.hpp"
#include "core/adapter.hpp"

namespace adapters::apple {

class AppleMailAdapter : public core::Adapter {
 public:
  std::string_view client() const override { return kClient; }
  // ~/Library/Mail (the folder: its V*/MailData/Accounts.plist files are read together, and an
  // unlistable folder is reported as missing Full Disk Access), ~/Library/Preferences/
  // com.apple.mail.plist, ~/Library/Accounts/Accounts4.sqlite and Accounts3.sqlite.
  std::vector<std::filesystem::path> discover(const std::filesystem::path& home) const override;
  // .mobileconfig, Accounts*.sqlite, a ~/Library/Mail folder, and .plist / .json by content.
  bool recognizes(const std::filesystem::path& path) const override;
  core::ReadOutput read(const std::filesystem::path& source) const override;
  // Legacy Accounts.plist where it is the live store, and unsigned XML/binary profiles.
  util::Result<std::string> render(const std::filesystem::path& file, std::string_view original,
                                   const std::vector<core::Edit>& edits) const override;
  // Locked while a process named "Mail" runs (legacy plists and the Accounts DB).
  core::LockState lock_state(const std::filesystem::path& file) const override;
  // Every client-specific rule id this adapter reports (rule_catalogue.cpp).
  const std::vector<core::RuleInfo>& rule_catalogue() const override;
  // Accounts*.sqlite: edited in place (fix --allow-accounts-db).
  const core::DatabaseStore* database_store(const std::filesystem::path& file) const override;
};

}  // namespace adapters::apple
