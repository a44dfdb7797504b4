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

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace util {

Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return make_error(path.string() + ": cannot create a temporary file: " + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return make_error(path.string() + ": write failed: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return make_error(path.string() + ": cannot flush: " + std::strerror(errno));
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return make_error(path.string() + ": cannot replace: " + why);
  }
  return {};
}

}  // namespace util
