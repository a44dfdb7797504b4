#pragma once
// Helpers shared by the Thunderbird tests: a prefs.js, one-line summaries of accounts and findings.
#include <algorithm>
#include <string>
#include <vector>

#include "core/adapter.hpp"
#include "support/printers.hpp"

namespace tbtest {

// One IMAP account (bob@example.org) with its SMTP server.
inline const std::string kPrefs =
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"bob@example.org\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"mail.example.org\");\n"
    "user_pref(\"mail.server.server1.socketType\", 2);\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"mail.example.org\");\n";

inline std::string endpoint_text(const std::optional<core::Endpoint>& e) {
  if (!e) return "-";
  return std::string(core::to_string(e->protocol)) + " " + e->host.value + ":" + std::to_string(e->port.value) + " " +
         std::string(core::to_string(e->security.value)) + " " + std::string(core::to_string(e->auth.value)) + " " +
         e->username.value;
}

// "account1 <email> | imap host:143 starttls password-cleartext user | smtp host:587 ..."
inline std::string summary(const core::Account& a) {
  return a.key + " <" + a.email + "> | " + endpoint_text(a.incoming) + " | " + endpoint_text(a.outgoing);
}

inline std::vector<std::string> summaries(const core::ReadOutput& out) {
  std::vector<std::string> s;
  for (const auto& a : out.accounts) s.push_back(summary(a));
  return s;
}

// "rule severity field: message" with `strip` removed from messages (a scratch path), sorted.
inline std::vector<std::string> finding_lines(const core::ReadOutput& out, const std::string& strip = {}) {
  std::vector<std::string> lines;
  for (const auto& f : out.findings) {
    std::string m = f.message;
    if (!strip.empty()) {
      for (auto p = m.find(strip); p != std::string::npos; p = m.find(strip)) m.erase(p, strip.size());
    }
    lines.push_back(f.rule + " " + std::string(core::to_string(f.severity)) + (f.field.empty() ? "" : " " + f.field) +
                    ": " + m);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

inline std::vector<std::string> rules_of(const core::ReadOutput& out) {
  std::vector<std::string> r;
  for (const auto& f : out.findings) r.push_back(f.rule);
  std::sort(r.begin(), r.end());
  return r;
}

}  // namespace tbtest
