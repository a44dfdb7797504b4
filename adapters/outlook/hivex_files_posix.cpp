// POSIX side of hivex_files.hpp (CMake compiles *_posix.cpp everywhere but Windows).
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "adapters/outlook/hivex_files.hpp"
#include "util/file.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;

util::Result<HivexScratch> HivexScratch::create() {
  std::string tmpl = (fs::temp_directory_path() / "mailmend-hive-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return util::make_error("cannot create a private temporary folder for hivex");  // mode 0700
  return HivexScratch(tmpl);
}

HivexScratch::~HivexScratch() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

std::string HivexScratch::hivex_name(std::string_view name) const { return (path_ / name).string(); }

util::Result<std::string> HivexScratch::put(std::string_view name, std::string_view bytes) const {
  std::ofstream o(path_ / name, std::ios::binary | std::ios::trunc);
  o.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!o.flush()) return util::make_error("cannot write a temporary copy of the hive");
  return hivex_name(name);
}

struct HivexInput::State {
  util::OpenRegularFile file;
  std::string name;
};

HivexInput::HivexInput(std::unique_ptr<State> state) : state_(std::move(state)) {}
HivexInput::HivexInput(HivexInput&&) noexcept = default;
HivexInput::~HivexInput() = default;

util::Result<HivexInput> HivexInput::open(const fs::path& path) {
  auto file = util::OpenRegularFile::open(path);
  if (!file) return util::make_error(file.error().message);
  std::string name = file->reopen_path();
  return HivexInput(std::unique_ptr<State>(new State{std::move(file).value(), std::move(name)}));
}

const std::string& HivexInput::hivex_name() const { return state_->name; }
std::uintmax_t HivexInput::size() const { return state_->file.size(); }

std::string HivexInput::head(std::size_t n) const {
  std::string bytes(n, '\0');
  ssize_t got = ::pread(state_->file.fd(), bytes.data(), n, 0);
  bytes.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return bytes;
}

}  // namespace adapters::outlook
