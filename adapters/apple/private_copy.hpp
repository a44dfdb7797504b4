#pragma once
// A private, owner-only temporary copy of a SQLite database with its -wal and -shm, removed on
// destruction: reading a copy neither locks nor changes the live database (reference §3.3).
#include <filesystem>
#include <optional>

#include "util/result.hpp"

namespace adapters::apple {

class PrivateCopy {
 public:
  // Copies `db` (refusing files above `max_bytes`) and whichever of -wal / -shm exist.
  static util::Result<PrivateCopy> make(const std::filesystem::path& db, std::uintmax_t max_bytes);
  PrivateCopy(PrivateCopy&& other) noexcept;
  PrivateCopy& operator=(PrivateCopy&&) = delete;
  PrivateCopy(const PrivateCopy&) = delete;
  ~PrivateCopy();
  const std::filesystem::path& path() const { return file_; }

 private:
  PrivateCopy(std::filesystem::path dir, std::filesystem::path file) : dir_(std::move(dir)), file_(std::move(file)) {}
  std::filesystem::path dir_;
  std::filesystem::path file_;
};

}  // namespace adapters::apple
