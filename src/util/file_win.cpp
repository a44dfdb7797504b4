// file.hpp's OpenRegularFile on Windows: CreateFileW, then only a disk file is accepted (a device
// name such as CON or a pipe is refused), never a folder. The file is opened without
// FILE_SHARE_DELETE: while it is open, no one can delete it or rename anything over its name (with
// or without POSIX semantics, which need every open handle to share delete), so the name that
// reopen_path gives stays this very file.
#include <io.h>

#include "util/error_text.hpp"
#include "util/file.hpp"
#include "util/windows_support.hpp"

namespace util {

Result<OpenRegularFile> OpenRegularFile::open(const std::filesystem::path& path) {
  const std::wstring wide = win::api_path(path);
  const DWORD attributes = GetFileAttributesW(wide.c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
    return error_from("{1}: is a folder, not a file", {path.string()});
  }
  win::Handle h(CreateFileW(wide.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                            FILE_ATTRIBUTE_NORMAL, nullptr));
  if (!h) return win::last_error(path, marked("{1}: cannot open: {2}"));
  if (GetFileType(h.get()) != FILE_TYPE_DISK) {
    return error_from("{1}: is not a regular file (a device or pipe); refused", {path.string()});
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(h.get(), &info)) return win::last_error(path, marked("{1}: cannot read its size: {2}"));
  const auto high_low = [](DWORD high, DWORD low) { return (static_cast<std::uint64_t>(high) << 32) | low; };
  const FileVersion version{high_low(info.nFileSizeHigh, info.nFileSizeLow),
                            static_cast<std::int64_t>(high_low(info.ftLastWriteTime.dwHighDateTime, info.ftLastWriteTime.dwLowDateTime)),
                            FileKey{info.dwVolumeSerialNumber, high_low(info.nFileIndexHigh, info.nFileIndexLow)}};
  const int fd = win::descriptor_for(std::move(h), true);
  if (fd < 0) return error_from("{1}: cannot open: out of descriptors", {path.string()});
  return OpenRegularFile(fd, version);
}

Result<FolderFiles> FolderFiles::open(const std::filesystem::path& folder) {
  return FolderFiles(-1, 0, true, folder);
}

FolderFiles::FolderFiles(FolderFiles&& other) noexcept
    : fd_(other.fd_), device_(other.device_), kernel_interface_(other.kernel_interface_), folder_(std::move(other.folder_)) {
  other.fd_ = -1;
}

FolderFiles::~FolderFiles() = default;

Result<OpenRegularFile> FolderFiles::open_file(const std::string& name, const std::filesystem::path& shown) const {
  (void)name;
  return OpenRegularFile::open(shown);
}

OpenRegularFile::~OpenRegularFile() {
  if (fd_ >= 0) _close(fd_);
}

std::filesystem::path path_from_utf8(std::string_view text) {
  return std::filesystem::path(win::widen(std::string(text)));
}

std::string OpenRegularFile::reopen_path() const {
  auto path = win::handle_path(win::handle_of(fd_));
  return path ? path->string() : std::string();
}

}  // namespace util
