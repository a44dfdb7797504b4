#include "util/file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace util {

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path.string() + ": cannot open: " + std::strerror(errno));
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return make_error(path.string() + ": is a folder, not a file");
  std::string data;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_bytes) {
      return make_error(path.string() + ": larger than " + std::to_string(max_bytes / (1024 * 1024)) +
                        " MB, refused");
    }
  }
  if (in.bad()) return make_error(path.string() + ": read error");
  return data;
}

}  // namespace util
