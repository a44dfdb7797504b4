#pragma once
// Fuzz targets, one per reader. Each entry feeds the bytes to the project's own parser and checks
// an invariant of the result; a violated invariant calls __builtin_trap(), like a crash. The
// entries are plain C++: the libFuzzer driver (libfuzzer_main.cpp) and the ordinary test suite
// (tests/fuzzreplay) call the same functions.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace fuzz {

using Entry = int (*)(const uint8_t*, size_t);

struct Target {
  const char* name;      // also the folder name under tests/fuzz-regressions/
  Entry entry;
  // Where the seeds are: space-separated "folder:pattern" items, the folder relative to the
  // source tree and searched recursively, the pattern a file-name glob ("fixtures:prefs.js").
  const char* seed_dir;
  std::size_t max_len;   // a sensible -max_len for libFuzzer
};

const std::vector<Target>& all_targets();
const Target* find_target(std::string_view name);

// The seed files of a target under `source_dir`, sorted by path.
std::vector<std::filesystem::path> seed_files(const Target& target, const std::filesystem::path& source_dir);

// Inputs larger than this are skipped by every entry (they only slow the fuzzer down).
inline constexpr std::size_t kMaxFuzzInput = 1024 * 1024;

// Fails like a crash: the fuzzer keeps the input, the test suite dies with SIGILL.
[[noreturn]] inline void invariant_failed() { __builtin_trap(); }
inline void check(bool ok) {
  if (!ok) invariant_failed();
}

int prefs_js(const uint8_t* data, size_t size);
int profiles_ini(const uint8_t* data, size_t size);
int reg(const uint8_t* data, size_t size);
int hive(const uint8_t* data, size_t size);
int prf(const uint8_t* data, size_t size);
int bplist(const uint8_t* data, size_t size);
int xml_plist(const uint8_t* data, size_t size);
int keyed_archive(const uint8_t* data, size_t size);
int mobileconfig(const uint8_t* data, size_t size);
int declaration(const uint8_t* data, size_t size);
int ispdb(const uint8_t* data, size_t size);
int hosts_file(const uint8_t* data, size_t size);
int logins_json(const uint8_t* data, size_t size);
int imap_reply(const uint8_t* data, size_t size);
int pop3_reply(const uint8_t* data, size_t size);
int smtp_reply(const uint8_t* data, size_t size);
int summary_json(const uint8_t* data, size_t size);
int certificate_names(const uint8_t* data, size_t size);
int sqlite_table(const uint8_t* data, size_t size);

}  // namespace fuzz
