#pragma once
// Helpers of the hostile-home tests (test_hostile_homes.cpp and its POSIX-only cases in
// test_hostile_homes_posix.cpp): the real binary over a home built to hurt it.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/testutil.hpp"
#include "util/text.hpp"

namespace cli_test {

inline constexpr const char* kOneAccount =
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n";

// Every audit here is stopped after 30 s: a hang or a runaway cost fails the test case (run_program
// throws). Costs are not asserted (they depend on the machine's load); the comments say what each
// input cost before its fix.
inline testutil::RunResult run_audit(std::vector<std::string> args) {
  std::vector<std::string> argv{testutil::mailmend_binary().string()};
  for (auto& a : args) argv.push_back(std::move(a));
  return testutil::run_program(argv, {}, std::chrono::seconds(30));
}

inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

inline void make_profile_root(const std::filesystem::path& root, const std::string& ini) {
  std::filesystem::create_directories(root);
  testutil::write_bytes(root / "profiles.ini", ini);
}

// Well-formed UTF-8 with no C0/C1 control but the newline, and no U+2028/U+2029.
inline bool clean_utf8_lines(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
      ++i;
      continue;
    }
    if (c < 0x80 || util::printable(s.substr(i, 4)).starts_with("\\x")) return false;
    std::size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    i += n;
  }
  return true;
}

inline std::string validate_json(const std::string& json) {
  testutil::write_bytes("report.json", json);
  auto v = testutil::run_program({(testutil::source_dir() / "scripts" / "validate-json").string(),
                                  (testutil::source_dir() / "schemas" / "report.schema.json").string(), "report.json"});
  return v.exit_code == 0 ? std::string() : v.out + v.err;
}

}  // namespace cli_test
