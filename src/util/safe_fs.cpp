// The parts of safe_fs.hpp that are the same on every platform: they use only the primitives
// that safe_fs_posix.cpp and safe_fs_win.cpp implement.
#include "util/safe_fs.hpp"

#include "util/error_text.hpp"

#include "util/system.hpp"

namespace fs = std::filesystem;

namespace util {

Result<UniqueFd> open_folder_beneath(const fs::path& root, const fs::path& dir) {
  const fs::path target = dir.lexically_normal();
  if (root.empty()) return open_folder_by_path(target);
  const fs::path base = root.lexically_normal();
  const fs::path relative = target.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") {
    return error_from("{1}: is not inside {2}", {target.string(), base.string()});
  }
  auto opened = open_folder_by_path(base);
  if (!opened) return opened.error();
  UniqueFd current = std::move(opened.value());
  fs::path shown = base;
  for (const auto& part : relative) {
    if (part == "." || part.empty()) continue;
    if (part == "..") return error_from("{1}: '..' is not allowed below {2}", {target.string(), base.string()});
    shown /= part;
    auto next = open_subfolder_at(current.get(), part.string(), shown);
    if (!next) return next.error();
    current = std::move(next.value());
  }
  return current;
}

Result<std::string> read_fd(int fd, const fs::path& shown, std::size_t max_bytes) {
  std::string bytes;
  char buffer[65536];
  for (;;) {
    auto n = read_some(fd, buffer, sizeof buffer, shown);
    if (!n) return n.error();
    if (*n == 0) return bytes;
    if (bytes.size() + *n > max_bytes) {
      return error_from("{1}: larger than {2} bytes", {shown.string(), std::to_string(max_bytes)});
    }
    bytes.append(buffer, *n);
  }
}

std::string temp_prefix_for(const std::string& name) { return "." + name + ".mailmend-"; }

std::string new_temp_name_for(const std::string& name) { return temp_prefix_for(name) + random_hex(12) + ".tmp"; }

std::size_t remove_stale_temp_files_at(int dirfd, const std::string& name) {
  auto names = list_folder_at(dirfd, {});
  if (!names) return 0;
  const std::string prefix = temp_prefix_for(name);
  std::size_t removed = 0;
  for (const auto& entry : *names) {
    if (!entry.starts_with(prefix) || !entry.ends_with(".tmp")) continue;
    auto st = stat_entry_at(dirfd, entry, entry);
    if (!st || !*st || !(*st)->is_file()) continue;  // never a link, never a folder
    removed += remove_file_at(dirfd, entry, entry) ? 1 : 0;
  }
  return removed;
}

}  // namespace util
