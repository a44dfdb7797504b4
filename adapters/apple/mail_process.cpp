#include "adapters/apple/mail_process.hpp"

#include <fstream>
#include <string>
#include <system_error>

#include "util/text.hpp"

#ifdef __APPLE__
#include <sys/sysctl.h>
#include <sys/types.h>

#include <cstring>
#include <vector>
#endif

namespace adapters::apple {

std::optional<int> find_mail_process([[maybe_unused]] const std::filesystem::path& proc_root) {
#ifdef __APPLE__
  int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_ALL, 0};
  size_t size = 0;
  if (sysctl(mib, 4, nullptr, &size, nullptr, 0) != 0) return std::nullopt;
  std::vector<kinfo_proc> procs(size / sizeof(kinfo_proc) + 16);
  size = procs.size() * sizeof(kinfo_proc);
  if (sysctl(mib, 4, procs.data(), &size, nullptr, 0) != 0) return std::nullopt;
  for (std::size_t i = 0; i < size / sizeof(kinfo_proc); ++i) {
    if (std::strcmp(procs[i].kp_proc.p_comm, "Mail") == 0) return procs[i].kp_proc.p_pid;
  }
  return std::nullopt;
#else
  std::error_code ec;
  std::filesystem::directory_iterator it(proc_root, ec);
  if (ec) return std::nullopt;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    auto pid = util::parse_int(it->path().filename().string(), 1, 1 << 30);
    if (!pid) continue;
    std::ifstream comm(it->path() / "comm");
    std::string name;
    if (comm && std::getline(comm, name) && name == "Mail") return static_cast<int>(*pid);
  }
  return std::nullopt;
#endif
}

}  // namespace adapters::apple
