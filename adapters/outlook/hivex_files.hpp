#pragma once
// Files as hivex takes them: by name only (hivex_open, hivex_commit). These give it names that
// lead to exactly the bytes mailmend opened and checked, and private scratch files, per platform
// (hivex_files_posix.cpp, hivex_files_win.cpp). Names are UTF-8 on Windows, where our hivex
// build opens them with _wopen (scripts/windows-deps/hivex-open-utf8.c).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "util/file.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

// A new folder under the temporary folder that only this user (and, on Windows, SYSTEM and
// Administrators) can open; removed with what it holds. Hive copies hand to hivex and hives it
// commits live there: they hold DPAPI blobs.
class HivexScratch {
 public:
  static util::Result<HivexScratch> create();
  HivexScratch(HivexScratch&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  HivexScratch& operator=(HivexScratch&&) = delete;
  HivexScratch(const HivexScratch&) = delete;
  ~HivexScratch();

  const std::filesystem::path& path() const { return path_; }
  // The name hivex_open / hivex_commit take for the file `name` in this folder.
  std::string hivex_name(std::string_view name) const;
  // Writes `bytes` to the new file `name` in this folder; returns its hivex name.
  util::Result<std::string> put(std::string_view name, std::string_view bytes) const;

 private:
  explicit HivexScratch(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// The hive file at `path`, opened once (a regular file, never blocking: util's rules) and
// offered to hivex by a name that leads to that very file, whatever is renamed into `path`
// later. POSIX: /proc/self/fd/N of the open descriptor. Windows has nothing like it, so hivex
// gets a private copy of the bytes read through the one open handle (at most kMaxHiveBytes).
// Keep it alive while hivex has the hive open.
class HivexInput {
 public:
  static util::Result<HivexInput> open(const std::filesystem::path& path);
  HivexInput(HivexInput&&) noexcept;
  HivexInput& operator=(HivexInput&&) = delete;
  ~HivexInput();

  const std::string& hivex_name() const;
  std::uintmax_t size() const;
  // Up to `n` (at most 4096) bytes from the start of the file ("" when unreadable): for the
  // "regf" check.
  std::string head(std::size_t n) const;

  struct State;

 private:
  explicit HivexInput(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

inline constexpr std::uintmax_t kMaxHiveBytes = 4 * util::kDefaultMaxFileBytes;

}  // namespace adapters::outlook
