#include "util/private_copy.hpp"

#include <string>

#include "util/error_text.hpp"
#include "util/file.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

namespace util {

Result<PrivateCopy> PrivateCopy::make(const fs::path& db, std::uintmax_t max_bytes, const char* prefix) {
  std::error_code ec;
  if (!fs::is_regular_file(db, ec)) return error_from("{1}: not a regular file", {db.string()});
  auto folder = util::make_private_temp_folder(prefix);
  if (!folder) return error_from("{1}: {2}", {db.string(), folder.error()});
  PrivateCopy copy(*folder, *folder / db.filename());
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path from = db.string() + suffix;
    if (*suffix && !fs::exists(from, ec)) continue;
    // Never blocks on a FIFO planted under the name, never copies anything but a regular file.
    if (auto s = util::copy_regular_file(from, copy.file_.string() + suffix, max_bytes); !s) return s.error();
  }
  return copy;
}

PrivateCopy::PrivateCopy(PrivateCopy&& other) noexcept : dir_(std::move(other.dir_)), file_(std::move(other.file_)) {
  other.dir_.clear();
}

PrivateCopy::~PrivateCopy() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace util
