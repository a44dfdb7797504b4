#pragma once
// What lstat says of a path (owner, group, mode): for the POSIX-only fix tests (*_posix.cpp).
#include <sys/stat.h>

#include <filesystem>

namespace setup {

inline struct stat stat_of(const std::filesystem::path& p) {
  struct stat st {};
  lstat(p.c_str(), &st);
  return st;
}

}  // namespace setup
