#pragma once
// A private, owner-only temporary copy of a SQLite database with its -wal and -shm, removed on
// destruction: reading a copy neither locks nor changes the live database (Apple's Accounts database,
// Thunderbird's cert9.db, reference applemail §3.3).
#include <filesystem>
#include <cstdint>
#include <optional>

#include "util/result.hpp"

namespace util {

class PrivateCopy {
 public:
  // Copies `db` (refusing files above `max_bytes`) and whichever of -wal / -shm exist.
  // `prefix` names the private temporary folder ("mailmend-accounts-").
  static Result<PrivateCopy> make(const std::filesystem::path& db, std::uintmax_t max_bytes,
                                  const char* prefix = "mailmend-db-");
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

}  // namespace util
