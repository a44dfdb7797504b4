#pragma once
// Where Apple Mail keeps account settings under a home folder, and which store is the live one
// (reference applemail.md §1, §7).
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include "i18n/text.hpp"
#include "util/result.hpp"

namespace adapters::apple {

struct MailVersionFolder {
  int number = 0;  // V2 -> 2
  std::filesystem::path path;
};

// The V* folders of ~/Library/Mail, by number. An error when the folder cannot be listed;
// `denied` tells EPERM/EACCES (Full Disk Access on macOS) apart from other errors.
struct ListError {
  std::string message;
  bool denied = false;
};
std::variant<std::vector<MailVersionFolder>, ListError> list_mail_versions(const std::filesystem::path& mail_dir);

// The home folder of a legacy store path (…/Library/Mail/V*/MailData/Accounts.plist or
// …/Library/Preferences/com.apple.mail.plist); nullopt for other paths.
std::optional<std::filesystem::path> home_of_legacy_store(const std::filesystem::path& file);

// Why the legacy plist at `file` is no longer Mail's live store, judged from what the home shows
// (an Accounts4 database, a V5+ Mail folder, or a newer layout than the file's); empty when it is live.
// `mail_versions`: the listing of that home's ~/Library/Mail when the caller already has it (a Mail
// folder of many entries is then listed once, not once per plist).
std::string stale_reason(const std::filesystem::path& file, const std::vector<MailVersionFolder>* mail_versions = nullptr);

// The running program, for the Full Disk Access message.
std::string current_binary();
i18n::Text full_disk_access_message(const std::string& binary);
bool is_access_denied(const std::error_code& ec);
// Whether opening `file` for reading fails with EPERM/EACCES (TCC on macOS: no Full Disk Access).
bool read_access_denied(const std::filesystem::path& file);

}  // namespace adapters::apple
