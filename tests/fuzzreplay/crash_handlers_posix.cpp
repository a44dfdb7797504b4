#include <signal.h>

#include <initializer_list>

#include "fuzzreplay/crash_handlers.hpp"

namespace fuzzreplay {

namespace {

void (*g_report)() = nullptr;
struct sigaction g_previous[NSIG];

void on_crash(int sig) {
  if (g_report) g_report();
  sigaction(sig, &g_previous[sig], nullptr);
  raise(sig);
}

}  // namespace

void install_crash_handlers(void (*report)()) {
  g_report = report;
  for (int sig : {SIGILL, SIGSEGV, SIGABRT, SIGBUS, SIGFPE}) {
    struct sigaction sa {};
    sa.sa_handler = on_crash;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, &g_previous[sig]);
  }
}

}  // namespace fuzzreplay
