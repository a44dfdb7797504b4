#pragma once
// A scratch home folder with one Thunderbird profile (abcd1234.default) holding the given prefs.js,
// for the CLI tests that run the real binary over a home.
#include <filesystem>
#include <string>

#include "support/testutil.hpp"

namespace cli_test {

// An Outlook.com account still on the retired Windows Live hosts, with a password.
inline constexpr const char* kBrokenPrefs =
    "// Mozilla User Preferences\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"ann@outlook.com\");\n"
    "user_pref(\"mail.server.server1.authMethod\", 10);\n"
    "user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");\n"
    "user_pref(\"mail.server.server1.port\", 995);\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
    "user_pref(\"mail.server.server1.userName\", \"ann@outlook.com\");\n"
    "user_pref(\"mail.smtpserver.smtp1.authMethod\", 10);\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.office365.com\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", 587);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"ann@outlook.com\");\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n";

inline constexpr const char* kProfilesIni =
    "[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\nPath=abcd1234.default\nDefault=1\n";

inline std::filesystem::path prefs_of(const std::filesystem::path& home) {
  return home / ".thunderbird" / "abcd1234.default" / "prefs.js";
}

inline std::filesystem::path make_home(const std::string& name, const std::string& prefs) {
  std::filesystem::path home = testutil::scratch() / name;
  testutil::write_bytes(home / ".thunderbird/profiles.ini", kProfilesIni);
  testutil::write_bytes(prefs_of(home), prefs);
  return home;
}

}  // namespace cli_test
