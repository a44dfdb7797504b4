// The libFuzzer driver: one executable per target, chosen at compile time by MAILMEND_FUZZ_TARGET.
// With MAILMEND_FUZZ_INFO=1 in the environment it prints "max_len <n>" and one "seed <path>" line
// per seed file, then exits (scripts/fuzz uses this to build the corpus).
#include <cstdio>
#include <cstdlib>

#include "fuzz/targets.hpp"

#ifndef MAILMEND_FUZZ_TARGET
#error "MAILMEND_FUZZ_TARGET must name a target of fuzz::all_targets()"
#endif

namespace {
fuzz::Entry entry = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const fuzz::Target* target = fuzz::find_target(MAILMEND_FUZZ_TARGET);
  if (!target) {
    std::fprintf(stderr, "unknown fuzz target %s\n", MAILMEND_FUZZ_TARGET);
    std::exit(2);
  }
  entry = target->entry;
  if (std::getenv("MAILMEND_FUZZ_INFO")) {
    std::printf("max_len %zu\n", target->max_len);
    for (const auto& p : fuzz::seed_files(*target, MAILMEND_SOURCE_DIR)) std::printf("seed %s\n", p.c_str());
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return entry(data, size); }
