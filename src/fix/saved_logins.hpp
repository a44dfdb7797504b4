#pragma once
// What a plan's host changes do to the passwords Thunderbird saved (issue 17, part 4). Thunderbird
// keys a saved login by origin (imap://host, mailbox://host for POP3, smtp://host) in the
// profile's logins.json: a host change leaves it under the old origin, and Thunderbird asks again.
// So a plan that changes a host also moves the matching logins to the new origin (logins_json.hpp),
// as one more file applied together with the prefs file (PlanFile::group). Where it cannot (no
// logins.json, a file it does not understand, the account moves to OAuth2, another account still
// uses the old origin) the plan says per account that Thunderbird will ask once.
#include <filesystem>
#include <string>
#include <vector>

#include "core/report.hpp"

namespace fix {

struct Plan;

struct LoginNote {
  std::string account;
  std::string account_label;
  std::string text;  // "Thunderbird will ask for the password (or sign-in) once: ..."
};

// Adds, for each pending Thunderbird file that changes hosts, the logins.json beside it (grouped
// with it) and the notes for the accounts whose logins do not move. Reads only.
void plan_saved_logins(Plan& plan, const core::Report& report, const std::vector<std::filesystem::path>& homes);

}  // namespace fix
