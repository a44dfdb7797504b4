#pragma once
// What the i18n tests share: a real run in a language, a whole line of its output, a line of the
// text report's Sources list, a JSON report for `mailmend summary`, and a Chinese run for the
// library functions.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "i18n/messages.hpp"
#include "support/testutil.hpp"

namespace i18n_test {

// The real binary with --lang `lang` and `args`.
inline testutil::RunResult run_lang(const std::string& lang, const std::vector<std::string>& args) {
  std::vector<std::string> argv{testutil::mailmend_binary().string(), "--lang", lang};
  argv.insert(argv.end(), args.begin(), args.end());
  return testutil::run_program(argv);
}

// `line` is a whole line of `out`.
inline bool has_line(const std::string& out, const std::string& line) {
  return ("\n" + out).find("\n" + line + "\n") != std::string::npos;
}

// A line of the Sources list as the text report prints it (no colour), with the line breaks around
// it: status padded to 7 columns.
inline std::string source_line(const std::string& status, const std::string& client, const std::string& path,
                               const std::string& note) {
  std::string padded = status;
  padded.resize(7, ' ');
  return "\n  " + padded + " " + client + "  " + path + "  " + note + "\n";
}

// A JSON report of a Thunderbird home, renamed as machine `host`.
inline void write_report(const std::filesystem::path& home, const std::string& host, const std::filesystem::path& out) {
  auto report = nlohmann::json::parse(run_lang("en", {"audit", "--home", home.string(), "--format", "json"}).out);
  report["host"] = host;
  report["machine_id"] = host + "-id";
  testutil::write_bytes(out, report.dump());
}

// Chinese for the duration of a case (the library functions read the run's language).
struct ChineseRun {
  ChineseRun() { i18n::set_language(i18n::Language::SimplifiedChinese); }
  ~ChineseRun() { i18n::set_language(i18n::Language::English); }
  ChineseRun(const ChineseRun&) = delete;
  ChineseRun& operator=(const ChineseRun&) = delete;
};

}  // namespace i18n_test
