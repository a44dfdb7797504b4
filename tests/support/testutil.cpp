#include "support/testutil.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tinyxml2.h>

namespace fs = std::filesystem;

namespace testutil {

extern fs::path g_scratch;

fs::path source_dir() { return MAILMEND_SOURCE_DIR; }

fs::path shared_dir() {
  fs::path p = source_dir().parent_path() / "shared";
  std::error_code ec;
  return fs::is_directory(p / "reference", ec) ? p : fs::path{};
}

fs::path scratch() { return g_scratch; }

fs::path mailmend_binary() { return MAILMEND_BINARY; }

std::string read_if_present(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int millis_until(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + p.string());
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string native(std::string_view generic) { return fs::path(generic).make_preferred().string(); }

std::string folder_prefix(const fs::path& folder) { return (folder / "").string(); }

std::string host_tool_skipped(const std::string& tool) {
  return "skipped on this platform: the check through " + tool + " (a tool of the build machine)";
}

std::string timeout_message(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  std::string text;
  for (const auto& a : argv) text += (text.empty() ? "" : " ") + a;
  return text + ": still running after " + std::to_string(timeout.count()) + " s, killed";
}

RunResult run_mailmend(const std::vector<std::string>& args, const std::string& stdin_data) {
  std::vector<std::string> argv{mailmend_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, stdin_data);
}

std::string tinyxml2_error(const std::string& xml) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.data(), xml.size()) == tinyxml2::XML_SUCCESS) return {};
  return doc.ErrorStr() ? doc.ErrorStr() : "parse error";
}

}  // namespace testutil
