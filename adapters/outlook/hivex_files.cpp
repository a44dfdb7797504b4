// HivexScratch, the same on every system: a folder from util::make_private_temp_folder (0700;
// on Windows a protected ACL), files created new in it. HivexInput differs per system
// (hivex_files_posix.cpp, hivex_files_win.cpp).
#include "adapters/outlook/hivex_files.hpp"

#include "i18n/text.hpp"
#include "util/safe_fs.hpp"
#include "util/system.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;

util::Result<HivexScratch> HivexScratch::create() {
  auto folder = util::make_private_temp_folder("mailmend-hive-");
  if (!folder) {
    return i18n::error(i18n::msg("cannot create a private temporary folder for hivex ({1})", {i18n::text_of(folder.error())}));
  }
  return HivexScratch(*folder);
}

HivexScratch::~HivexScratch() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

// UTF-8 on every system (on Windows our hivex build opens names with _wopen).
std::string HivexScratch::hivex_name(std::string_view name) const { return (path_ / fs::path(std::string(name))).string(); }

util::Result<std::string> HivexScratch::put(std::string_view name, std::string_view bytes) const {
  const fs::path file = path_ / fs::path(std::string(name));
  auto out = util::create_new_file(file);
  if (!out || !util::write_all(out->get(), bytes, file)) {
    return i18n::error(i18n::msg("cannot write a temporary copy of the hive"));
  }
  return hivex_name(name);
}

}  // namespace adapters::outlook
