// doctest main: every test case runs in a fresh scratch folder, removed when it passes.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "support/testutil.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

// Defined per test executable by CMake (generated/skipped_<name>.cpp): the cases of its
// *_posix.cpp files, which a Windows build leaves out.
extern const int mailmend_skipped_cases;
extern const char* const mailmend_skipped_files;

namespace testutil {
fs::path g_scratch;
fs::path g_original_cwd;
}  // namespace testutil

namespace {

struct ScratchListener : doctest::IReporter {
  explicit ScratchListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override {
    auto scratch = util::make_private_temp_folder("mailmend-test-");
    if (!scratch) throw std::runtime_error(scratch.error().message);
    testutil::g_scratch = *scratch;
    fs::current_path(testutil::g_scratch);
    failed_ = false;
  }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
    fs::current_path(testutil::g_original_cwd);
    std::error_code ec;
    if (!stats.testCaseSuccess || failed_) {
      return;  // kept for inspection
    }
    fs::remove_all(testutil::g_scratch, ec);
  }
  void test_case_exception(const doctest::TestCaseException&) override { failed_ = true; }
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData& a) override {
    if (a.m_failed) failed_ = true;
  }
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  bool failed_ = false;
};

}  // namespace

DOCTEST_REGISTER_LISTENER("scratch", 1, ScratchListener);

int main(int argc, char** argv) {
  testutil::g_original_cwd = fs::current_path();
  // The programs the tests run speak English whatever the machine's locale; a test that wants
  // another language says so (--lang, or its own LC_ALL).
  testutil::set_environment_variable("LC_ALL", "C.UTF-8");
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  const int result = context.run();
  if (mailmend_skipped_cases > 0) {
    std::printf("[mailmend] skipped on this platform: %d test cases that only mean something on POSIX (%s)\n",
                mailmend_skipped_cases, mailmend_skipped_files);
  }
  return result;
}
