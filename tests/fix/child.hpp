#pragma once
// Runs apply_plan in a forked child with MAILMEND_TEST_CRASH_AT set, and reports how it ended.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "fix/apply.hpp"

namespace child {

struct Ending {
  bool killed = false;  // by SIGKILL
  int exit_code = -1;   // when it exited
};

inline Ending apply_with_crash_at(const fix::Plan& plan, const fix::ApplyOptions& options, const std::string& step) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv(fix::kCrashHookVariable, step.c_str(), 1);
    fix::ApplyResult result = fix::apply_plan(plan, options);
    _exit(result.count(fix::FileOutcome::Applied) == result.files.size() ? 0 : 3);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Ending ending;
  ending.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (WIFEXITED(status)) ending.exit_code = WEXITSTATUS(status);
  return ending;
}

}  // namespace child
