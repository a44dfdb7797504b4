#include <csignal>

#include "fuzzreplay/crash_handlers.hpp"

namespace fuzzreplay {

namespace {

void (*g_report)() = nullptr;
constexpr int kSignals[] = {SIGILL, SIGSEGV, SIGABRT, SIGFPE};
void (*g_previous[NSIG])(int) = {};

void on_crash(int sig) {
  if (g_report) g_report();
  std::signal(sig, g_previous[sig] && g_previous[sig] != SIG_ERR ? g_previous[sig] : SIG_DFL);
  std::raise(sig);
}

}  // namespace

void install_crash_handlers(void (*report)()) {
  g_report = report;
  for (int sig : kSignals) g_previous[sig] = std::signal(sig, on_crash);
}

}  // namespace fuzzreplay
