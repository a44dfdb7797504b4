#pragma once
// Naming the replayed input when a reader crashes. Platform pair: crash_handlers_posix.cpp
// (sigaction, SIGBUS too), crash_handlers_win.cpp (the C runtime's signal(), which Windows raises
// for access violations and illegal instructions as SIGSEGV and SIGILL).

namespace fuzzreplay {

// Makes `report` run first when the process gets a crash signal (SIGILL, SIGSEGV, SIGABRT, SIGFPE,
// SIGBUS where it exists); then the handler installed before (doctest's, which names the test
// case) gets the signal. `report` must be async-signal-safe. doctest installs its handlers per
// test case, so call this in every test case that replays inputs.
void install_crash_handlers(void (*report)());

}  // namespace fuzzreplay
