// file_identity.hpp on Windows: the volume serial number and file index of what a path names.
#include "util/file_identity.hpp"
#include "util/windows_support.hpp"

namespace util {

std::optional<FileKey> file_identity(const std::filesystem::path& path) {
  win::Handle h(CreateFileW(win::api_path(path).c_str(), FILE_READ_ATTRIBUTES,
                            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                            FILE_FLAG_BACKUP_SEMANTICS, nullptr));
  if (!h) return std::nullopt;
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(h.get(), &info)) return std::nullopt;
  const std::uint64_t index = (static_cast<std::uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
  if (index == 0) return std::nullopt;
  return FileKey(info.dwVolumeSerialNumber, index);
}

}  // namespace util
