// HivexInput on POSIX: hivex opens /proc/self/fd/N of the one open descriptor (CMake compiles
// *_posix.cpp everywhere but Windows).
#include <unistd.h>

#include "adapters/outlook/hivex_files.hpp"
#include "util/file.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;

struct HivexInput::State {
  util::OpenRegularFile file;
  std::string name;
};

HivexInput::HivexInput(std::unique_ptr<State> state) : state_(std::move(state)) {}
HivexInput::HivexInput(HivexInput&&) noexcept = default;
HivexInput::~HivexInput() = default;

util::Result<HivexInput> HivexInput::open(const fs::path& path) {
  auto file = util::OpenRegularFile::open(path);
  if (!file) return file.error();
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
