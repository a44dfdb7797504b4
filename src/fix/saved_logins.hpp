#pragma once
// What a plan's host changes do to the passwords the client saved (issue 17, part 4). Thunderbird
// keys a saved login by origin (imap://host, mailbox://host for POP3, smtp://host, in logins.json):
// a host change leaves it under the old origin, so Thunderbird asks once. mailmend does not yet move
// saved logins; the plan says so per account instead of leaving the prompt as a surprise.
#include <string>
#include <vector>

#include "core/report.hpp"

namespace fix {

struct PlanFile;

struct LoginNote {
  std::string account;
  std::string account_label;
  std::string text;  // "Thunderbird will ask for the password (or sign-in) once: ..."
};

// One note per Thunderbird account whose incoming or outgoing host a pending file changes.
std::vector<LoginNote> saved_login_notes(const std::vector<PlanFile>& files, const core::Report& report);

}  // namespace fix
