// doctest main: every test case runs in a fresh scratch folder, removed when it passes.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace testutil {
fs::path g_scratch;
fs::path g_original_cwd;
}  // namespace testutil

namespace {

// A new folder of its own under the system's temporary folder (as mkdtemp, on every platform):
// create_directory reports whether this call created it.
fs::path fresh_folder() {
  static std::mt19937_64 random{std::random_device{}()};
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() / ("mailmend-test-" + std::to_string(random()));
    if (fs::create_directory(candidate)) return candidate;
  }
  throw std::runtime_error("cannot create a scratch folder in " + fs::temp_directory_path().string());
}

struct ScratchListener : doctest::IReporter {
  explicit ScratchListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override {
    testutil::g_scratch = fresh_folder();
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
  doctest::Context context;
  context.applyCommandLine(argc, argv);
  return context.run();
}
