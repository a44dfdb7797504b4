// HivexInput on Windows: hivex gets a private copy of the bytes read through one open handle
// (CMake compiles *_win.cpp only for Windows).
#include "adapters/outlook/hivex_files.hpp"
#include "util/file.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;

struct HivexInput::State {
  HivexScratch scratch;
  std::string name;
  std::string head;
  std::uintmax_t size;
};

HivexInput::HivexInput(std::unique_ptr<State> state) : state_(std::move(state)) {}
HivexInput::HivexInput(HivexInput&&) noexcept = default;
HivexInput::~HivexInput() = default;

util::Result<HivexInput> HivexInput::open(const fs::path& path) {
  auto bytes = util::read_file(path, kMaxHiveBytes);  // one open, a regular file only: util's rules
  if (!bytes) return bytes.error();
  auto scratch = HivexScratch::create();
  if (!scratch) return scratch.error();
  auto name = scratch->put("hive.dat", *bytes);
  if (!name) return name.error();
  const std::size_t kHead = 4096;
  return HivexInput(std::unique_ptr<State>(new State{std::move(scratch).value(), std::move(name).value(),
                                                     bytes->substr(0, kHead), bytes->size()}));
}

const std::string& HivexInput::hivex_name() const { return state_->name; }
std::uintmax_t HivexInput::size() const { return state_->size; }
std::string HivexInput::head(std::size_t n) const { return state_->head.substr(0, n); }

}  // namespace adapters::outlook
