// Replays, through the fuzz entries, every input that once crashed or hung a reader
// (tests/fuzz-regressions/<target>/), every seed of the target, and a fixed-seed mutation pass over
// the seeds, so that the ordinary suite (and its sanitizer build) sees hostile inputs without
// libFuzzer. A violated invariant traps; the crash handlers (crash_handlers.hpp) name the input first.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>

#include "fuzz/targets.hpp"
#include "fuzzreplay/crash_handlers.hpp"
#include "fuzzreplay/mutator.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kMutationsPerSeed = 300;
// A ceiling on the mutation pass of one target, so that a slow sanitizer build stays bounded.
constexpr auto kMutationBudget = std::chrono::seconds(8);

char g_current[512] = "";
// The bytes being run and where the handler saves them (async-signal-safe: open/write only).
const std::string* g_input = nullptr;
char g_artifact[1024] = "";
#ifdef O_BINARY
constexpr int kBinary = O_BINARY;  // Windows: no newline translation in the saved input
#else
constexpr int kBinary = 0;
#endif

// Called by the crash handlers before doctest's: names the input, and saves it.
void name_current_input() {
  const char head[] = "\nfuzzreplay: crashed on input: ";
  long ignored = write(2, head, sizeof head - 1);
  ignored = write(2, g_current, std::strlen(g_current));
  ignored = write(2, "\n", 1);
  if (g_input && g_artifact[0]) {
    int fd = open(g_artifact, O_WRONLY | O_CREAT | O_TRUNC | kBinary, 0644);
    if (fd >= 0) {
      ignored = write(fd, g_input->data(), g_input->size());
      close(fd);
      const char saved[] = "fuzzreplay: input saved to ";
      ignored = write(2, saved, sizeof saved - 1);
      ignored = write(2, g_artifact, std::strlen(g_artifact));
      ignored = write(2, "\n", 1);
    }
  }
  (void)ignored;
}

void install_handlers() { fuzzreplay::install_crash_handlers(name_current_input); }

void set_current(const std::string& what) {
  std::snprintf(g_current, sizeof g_current, "%s", what.c_str());
}

void run(const fuzz::Target& t, const std::string& bytes) {
  g_input = &bytes;
  t.entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

struct ReplayCounts {
  std::size_t regressions = 0;
  std::size_t seeds = 0;
  std::size_t mutations = 0;
};

ReplayCounts replay(const char* name) {
  install_handlers();
  const fuzz::Target* t = fuzz::find_target(name);
  REQUIRE(t != nullptr);
  std::snprintf(g_artifact, sizeof g_artifact, "%s", (fs::temp_directory_path() / ("fuzzreplay-crash-" + std::string(name))).string().c_str());
  ReplayCounts counts;
  fs::path regressions = testutil::source_dir() / "tests" / "fuzz-regressions" / name;
  std::error_code ec;
  if (fs::is_directory(regressions, ec)) {
    for (const auto& entry : fs::directory_iterator(regressions)) {
      if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
      set_current(entry.path().string());
      run(*t, testutil::read_bytes(entry.path()));
      ++counts.regressions;
    }
  }
  auto seeds = fuzz::seed_files(*t, testutil::source_dir());
  auto start = std::chrono::steady_clock::now();
  bool cut_short = false;
  for (std::size_t s = 0; s < seeds.size(); ++s) {
    std::string seed = testutil::read_bytes(seeds[s]);
    set_current(seeds[s].string());
    run(*t, seed);
    ++counts.seeds;
    fuzzreplay::Mutator mutator(0x6d61696c6d656e64ULL + s);
    for (int m = 0; m < kMutationsPerSeed && !cut_short; ++m) {
      std::string input = mutator.mutate(seed, t->max_len);
      set_current(seeds[s].string() + " mutation " + std::to_string(m) + " (Mutator seed " +
                  std::to_string(0x6d61696c6d656e64ULL + s) + ")");
      run(*t, input);
      ++counts.mutations;
      cut_short = std::chrono::steady_clock::now() - start > kMutationBudget;
    }
  }
  CHECK((cut_short || counts.mutations == counts.seeds * kMutationsPerSeed));
  if (cut_short) MESSAGE(name << ": mutation pass cut short after " << counts.mutations << " inputs (time budget)");
  return counts;
}

}  // namespace

TEST_SUITE("fuzz_replay") {
  TEST_CASE("every target has seeds in the source tree") {
    for (const auto& t : fuzz::all_targets()) {
      INFO(t.name);
      CHECK(fuzz::seed_files(t, testutil::source_dir()).size() >= 1);
    }
  }

  TEST_CASE("the target list names each reader once") {
    std::vector<std::string> names;
    for (const auto& t : fuzz::all_targets()) names.push_back(t.name);
    CHECK(names == std::vector<std::string>{"prefs_js", "profiles_ini", "reg", "hive", "prf", "bplist", "xml_plist",
                                            "keyed_archive", "mobileconfig", "declaration", "ispdb", "imap_reply", "pop3_reply", "smtp_reply", "hosts_file", "logins_json", "summary_json",
                                            "certificate_names", "sqlite_table"});
    CHECK((fuzz::find_target("prefs_js")->entry == &fuzz::prefs_js));
    CHECK(fuzz::find_target("no_such_reader") == nullptr);
  }

  TEST_CASE("the mutator is deterministic") {
    fuzzreplay::Mutator a(42), b(42);
    for (int i = 0; i < 50; ++i) CHECK(a.mutate("user_pref(\"a\", 1);", 64) == b.mutate("user_pref(\"a\", 1);", 64));
  }

  TEST_CASE("prefs.js inputs replay cleanly") { CHECK(replay("prefs_js").seeds >= 8); }
  TEST_CASE("profiles.ini inputs replay cleanly") { CHECK(replay("profiles_ini").seeds >= 5); }
  TEST_CASE(".reg inputs replay cleanly") { CHECK(replay("reg").seeds == 4); }
  TEST_CASE("offline hive inputs replay cleanly") { CHECK(replay("hive").seeds == 3); }
  TEST_CASE("PRF inputs replay cleanly") { CHECK(replay("prf").seeds == 2); }
  TEST_CASE("binary plist inputs replay cleanly") { CHECK(replay("bplist").seeds >= 5); }
  TEST_CASE("XML plist inputs replay cleanly") { CHECK(replay("xml_plist").seeds >= 5); }
  TEST_CASE("Accounts4 keyed archive inputs replay cleanly") { CHECK(replay("keyed_archive").seeds >= 10); }
  TEST_CASE(".mobileconfig inputs replay cleanly") { CHECK(replay("mobileconfig").seeds == 7); }
  TEST_CASE("declaration JSON inputs replay cleanly") { CHECK(replay("declaration").seeds == 1); }
  TEST_CASE("ISPDB and provider facts XML inputs replay cleanly") { CHECK(replay("ispdb").seeds >= 100); }
  TEST_CASE("hosts file inputs replay cleanly") { CHECK(replay("hosts_file").seeds == 2); }
  TEST_CASE("fleet summary JSON and NDJSON inputs replay cleanly") { CHECK(replay("summary_json").seeds == 3); }
  TEST_CASE("certificate DER inputs replay cleanly") { CHECK(replay("certificate_names").seeds == 2); }
  TEST_CASE("SQLite table inputs replay cleanly") { CHECK(replay("sqlite_table").seeds == 3); }
}

// Triage: FUZZREPLAY_TARGET=<target> FUZZREPLAY_FILE=<input> test_fuzzreplay -tc="one input*"
// runs a single saved input through a target (a crash names it like the replay above).
TEST_CASE("one input named in the environment") {
  const char* target = std::getenv("FUZZREPLAY_TARGET");
  const char* file = std::getenv("FUZZREPLAY_FILE");
  if (!target || !file) return;
  install_handlers();
  const fuzz::Target* t = fuzz::find_target(target);
  REQUIRE(t != nullptr);
  set_current(file);
  std::string bytes = testutil::read_bytes(file);
  run(*t, bytes);
}
