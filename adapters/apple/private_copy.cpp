#include "adapters/apple/private_copy.hpp"

#include <stdlib.h>

#include <string>

namespace fs = std::filesystem;

namespace adapters::apple {

util::Result<PrivateCopy> PrivateCopy::make(const fs::path& db, std::uintmax_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(db, ec)) return util::make_error(db.string() + ": not a regular file");
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path p = db.string() + suffix;
    auto size = fs::file_size(p, ec);
    if (!ec && size > max_bytes)
      return util::make_error(p.string() + ": larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MB, refused");
  }
  std::string templ = (fs::temp_directory_path(ec) / "mailmend-accounts-XXXXXX").string();
  if (ec || !mkdtemp(templ.data())) return util::make_error(db.string() + ": cannot create a private temporary folder");
  PrivateCopy copy(templ, fs::path(templ) / db.filename());
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path from = db.string() + suffix;
    if (*suffix && !fs::exists(from, ec)) continue;
    fs::copy_file(from, copy.file_.string() + suffix, ec);
    if (ec) return util::make_error(from.string() + ": cannot copy: " + ec.message());
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

}  // namespace adapters::apple
