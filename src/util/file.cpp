// Reading and copying whole files, on top of OpenRegularFile (file_posix.cpp / file_win.cpp) and
// the safe_fs primitives.
#include "util/file.hpp"

#include <algorithm>
#include <cstring>

#include "util/error_text.hpp"
#include "util/safe_fs.hpp"

namespace util {
namespace {

Error too_large(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  return error_from("{1}: larger than {2} MB, refused", {path.string(), std::to_string(max_bytes / (1024 * 1024))});
}

// Reads from `fd` until its end or more than `limit` bytes (then returns limit + 1 bytes).
Result<std::string> read_up_to(int fd, const std::filesystem::path& path, std::size_t limit) {
  std::string data;
  char buf[1 << 16];
  while (data.size() <= limit) {
    auto n = read_some(fd, buf, std::min(sizeof buf, limit + 1 - data.size()), path);
    if (!n) return n.error();
    if (*n == 0) break;
    data.append(buf, *n);
  }
  return data;
}

}  // namespace

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  auto file = OpenRegularFile::open(path);
  if (!file) return file.error();
  if (file->size() > max_bytes) return too_large(path, max_bytes);
  auto data = read_up_to(file->fd(), path, max_bytes);
  if (data && data->size() > max_bytes) return too_large(path, max_bytes);
  return data;
}

Status copy_regular_file(const std::filesystem::path& from, const std::filesystem::path& to,
                         std::uintmax_t max_bytes) {
  auto file = OpenRegularFile::open(from);
  if (!file) return file.error();
  if (file->size() > max_bytes) return too_large(from, max_bytes);
  auto out = create_new_file(to);
  if (!out) return out.error();
  std::uintmax_t copied = 0;
  char buf[1 << 16];
  for (;;) {
    auto n = read_some(file->fd(), buf, sizeof buf, from);
    if (!n) return n.error();
    if (*n == 0) return {};
    copied += *n;
    if (copied > max_bytes) return too_large(from, max_bytes);
    // Zeros stay a hole: a sparse file (hundreds of MB that use no disk) must not become as many
    // MB written to the temporary folder (often RAM).
    const bool zeros = buf[0] == 0 && std::memcmp(buf, buf + 1, *n - 1) == 0;
    Status written = zeros ? append_zeros(out->get(), *n, to) : write_all(out->get(), std::string_view(buf, *n), to);
    if (!written) return written;
  }
}

std::string read_file_head(const std::filesystem::path& path, std::size_t max_bytes) {
  auto file = OpenRegularFile::open(path);
  if (!file) return {};
  auto data = read_up_to(file->fd(), path, max_bytes);
  if (!data) return {};
  if (data->size() > max_bytes) data->resize(max_bytes);
  return std::move(data.value());
}

Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes) {
  // A rename over a device, pipe or folder would replace it with a regular file: as root,
  // `-o /dev/null` turned /dev/null into a file. Only regular files (or new names) are replaced.
  std::error_code ec;
  const auto target = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(target) && !std::filesystem::is_regular_file(target)) {
    return error_from("{1}: not a regular file (a device, pipe or folder): mailmend replaces only regular files; use - "
                      "for standard output",
                      {path.string()});
  }
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  auto folder = open_folder_by_path(dir);
  if (!folder) return error_from("{1}: cannot create a temporary file ({2})", {path.string(), folder.error()});
  AtomicWrite how;
  how.mode = 0644;
  how.set_owner = false;
  return replace_file_at(folder->get(), path.filename().string(), bytes, how, path);
}

}  // namespace util
