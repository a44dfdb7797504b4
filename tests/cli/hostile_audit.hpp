#pragma once
// Helpers of the hostile-home tests (test_hostile_homes.cpp and its POSIX-only cases in
// test_hostile_homes_posix.cpp): the real binary over a home built to hurt it.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/testutil.hpp"

namespace cli_test {

inline constexpr const char* kOneAccount =
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n";

// Every audit here is stopped after 30 s: a hang or a runaway cost fails the test case (run_program
// throws). Costs are not asserted (they depend on the machine's load); the comments say what each
// input cost before its fix.
inline testutil::RunResult audit(std::vector<std::string> args) {
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

}  // namespace cli_test
