#pragma once
// Reading whole files with a size limit, as errors-as-values.
#include <cstddef>
#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace util {

inline constexpr std::size_t kDefaultMaxFileBytes = 64u * 1024u * 1024u;

// Reads the whole file; refuses files larger than max_bytes with a clear error naming the file.
Result<std::string> read_file(const std::filesystem::path& path,
                              std::size_t max_bytes = kDefaultMaxFileBytes);

}  // namespace util
