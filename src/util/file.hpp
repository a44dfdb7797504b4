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

namespace util {

// Writes a whole file through a temporary file in the same folder and a rename, so readers see
// the old or the new content, never half of it. For the tool's own outputs (reports); user
// settings files go through the fix engine's safer writer.
Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

}  // namespace util
