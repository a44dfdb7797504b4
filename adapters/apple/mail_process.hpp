#pragma once
// Whether Mail.app runs (it keeps accounts in memory and overwrites edits on quit).
#include <optional>
#include <filesystem>

namespace adapters::apple {

// pid of a process named exactly "Mail", if any. Scans /proc on Linux (harmless: finds none on a
// normal box), asks sysctl KERN_PROC on macOS. `proc_root` is for tests.
std::optional<int> find_mail_process(const std::filesystem::path& proc_root = "/proc");

}  // namespace adapters::apple
