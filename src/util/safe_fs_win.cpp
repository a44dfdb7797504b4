// safe_fs.hpp on Windows. Every entry below a folder descriptor is opened with
// FILE_FLAG_OPEN_REPARSE_POINT, so a symbolic link, junction or mount point is seen as itself and
// refused, never followed. A folder descriptor holds its folder open without FILE_SHARE_DELETE:
// neither it nor (NTFS refuses to rename a folder with open handles below it) any folder above it
// can be renamed or swapped while it is held, so the path it stands for stays what was checked.
// Files are replaced with ReplaceFileW, which keeps the original's ACL, owner and attributes.
#include <io.h>


#include "util/error_text.hpp"
#include "util/safe_fs.hpp"
#include "util/windows_support.hpp"

namespace fs = std::filesystem;

namespace util {
namespace {

using win::Handle;

constexpr DWORD kShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
constexpr DWORD kShareNoDelete = FILE_SHARE_READ | FILE_SHARE_WRITE;

// A name inside a folder: one component, nothing Windows would reinterpret.
Status check_entry_name(const std::string& name, const fs::path& shown) {
  if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\:") != std::string::npos) {
    return error_from("{1}: not a plain file name; refusing", {shown.string()});
  }
  return {};
}

Result<fs::path> folder_path(int dirfd) { return win::handle_path(win::handle_of(dirfd)); }

Result<fs::path> entry_path(int dirfd, const std::string& name, const fs::path& shown) {
  if (auto s = check_entry_name(name, shown); !s) return s.error();
  auto folder = folder_path(dirfd);
  if (!folder) return error_from("{1}: {2}", {shown.string(), folder.error()});
  return *folder / fs::path(name);
}

EntryStatus status_from(const BY_HANDLE_FILE_INFORMATION& info, DWORD file_type) {
  EntryStatus out;
  if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) out.kind = EntryStatus::Kind::Link;
  else if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) out.kind = EntryStatus::Kind::Folder;
  else if (file_type == FILE_TYPE_DISK) out.kind = EntryStatus::Kind::File;
  out.size = (static_cast<std::uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
  out.links = info.nNumberOfLinks;
  out.mode = out.kind == EntryStatus::Kind::Folder ? 0700 : 0600;
  return out;
}

Result<EntryStatus> status_of_handle(HANDLE h, const fs::path& shown) {
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(h, &info)) return win::last_error(shown, marked("{1}: cannot read its attributes: {2}"));
  return status_from(info, GetFileType(h));
}

Handle open_entry(const fs::path& path, DWORD access, DWORD share, DWORD disposition, DWORD flags) {
  return Handle(CreateFileW(win::api_path(path).c_str(), access, share, nullptr, disposition,
                            flags | FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr));
}

bool not_found(DWORD code) { return code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND; }

Result<UniqueFd> folder_descriptor(Handle h, const fs::path& shown) {
  auto st = status_of_handle(h.get(), shown);
  if (!st) return st.error();
  if (st->is_link()) return error_from("{1}: is a symbolic link or junction; refusing to follow it", {shown.string()});
  if (!st->is_folder()) return error_from("{1}: is not a folder", {shown.string()});
  const int fd = win::descriptor_for(std::move(h), true);
  if (fd < 0) return error_from("{1}: cannot open folder: out of descriptors", {shown.string()});
  return UniqueFd(fd);
}

Result<Handle> create_new(const fs::path& path, const fs::path& shown) {
  Handle h = open_entry(path, GENERIC_WRITE | DELETE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
  if (!h) return win::last_error(shown, marked("{1}: cannot create: {2}"));
  return h;
}

Status write_handle(HANDLE h, std::string_view bytes, const fs::path& shown) {
  while (!bytes.empty()) {
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 20));
    DWORD written = 0;
    if (!WriteFile(h, bytes.data(), chunk, &written, nullptr)) return win::last_error(shown, marked("{1}: cannot write: {2}"));
    bytes.remove_prefix(written);
  }
  return {};
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) _close(fd_);
    fd_ = other.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) _close(fd_);
}

int UniqueFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

Result<UniqueFd> open_folder_by_path(const fs::path& dir) {
  Handle h(CreateFileW(win::api_path(dir).c_str(), FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES, kShareNoDelete, nullptr,
                       OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr));
  if (!h) return win::last_error(dir, marked("{1}: cannot open folder: {2}"));
  auto st = status_of_handle(h.get(), dir);
  if (!st) return st.error();
  if (!st->is_folder()) return error_from("{1}: is not a folder", {dir.string()});
  const int fd = win::descriptor_for(std::move(h), true);
  if (fd < 0) return error_from("{1}: cannot open folder: out of descriptors", {dir.string()});
  return UniqueFd(fd);
}

Result<UniqueFd> open_subfolder_at(int dirfd, const std::string& name, const fs::path& shown) {
  auto path = entry_path(dirfd, name, shown);
  if (!path) return path.error();
  Handle h = open_entry(*path, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES, kShareNoDelete, OPEN_EXISTING, 0);
  if (!h) return win::last_error(shown, marked("{1}: cannot open folder: {2}"));
  return folder_descriptor(std::move(h), shown);
}

Result<std::optional<EntryStatus>> stat_entry_at(int dirfd, const std::string& name, const fs::path& shown) {
  auto path = entry_path(dirfd, name, shown);
  if (!path) return path.error();
  Handle h = open_entry(*path, FILE_READ_ATTRIBUTES, kShareAll, OPEN_EXISTING, 0);
  if (!h) {
    const DWORD code = GetLastError();
    if (not_found(code)) return std::optional<EntryStatus>();
    return win::last_error(shown, marked("{1}: cannot read its attributes: {2}"), code);
  }
  auto st = status_of_handle(h.get(), shown);
  if (!st) return st.error();
  return std::optional(*st);
}

Result<EntryStatus> status_of(int fd, const fs::path& shown) { return status_of_handle(win::handle_of(fd), shown); }

Result<std::vector<std::string>> list_folder_at(int dirfd, const fs::path& shown) {
  auto folder = folder_path(dirfd);
  if (!folder) return error_from("{1}: {2}", {shown.string(), folder.error()});
  WIN32_FIND_DATAW data{};
  Handle find(FindFirstFileExW(win::api_path(*folder / "*").c_str(), FindExInfoBasic, &data, FindExSearchNameMatch,
                               nullptr, 0));
  std::vector<std::string> names;
  if (!find) {
    if (GetLastError() == ERROR_FILE_NOT_FOUND) return names;
    return win::last_error(shown, marked("{1}: cannot list: {2}"));
  }
  do {
    const std::wstring name = data.cFileName;
    if (name != L"." && name != L"..") names.push_back(win::narrow(name));
  } while (FindNextFileW(find.get(), &data));
  const DWORD code = GetLastError();
  FindClose(find.release());
  if (code != ERROR_NO_MORE_FILES) return win::last_error(shown, marked("{1}: cannot list: {2}"), code);
  std::sort(names.begin(), names.end());
  return names;
}

// NTFS journals its metadata: a created or renamed entry is durable once the operation that made it
// returns with write-through (MoveFileExW with MOVEFILE_WRITE_THROUGH, ReplaceFileW flushes).
Status sync_folder(int, const fs::path&) { return {}; }

Result<UniqueFd> open_regular_file_at(int dirfd, const std::string& name, const fs::path& shown) {
  auto path = entry_path(dirfd, name, shown);
  if (!path) return path.error();
  Handle h(CreateFileW(win::api_path(*path).c_str(), GENERIC_READ, kShareNoDelete, nullptr, OPEN_EXISTING,
                       FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
  if (!h) {
    const DWORD code = GetLastError();
    if (code == ERROR_ACCESS_DENIED) {
      const DWORD attributes = GetFileAttributesW(win::api_path(*path).c_str());
      if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        return error_from("{1}: is not a regular file", {shown.string()});
      }
    }
    return win::last_error(shown, marked("{1}: cannot open: {2}"), code);
  }
  auto st = status_of_handle(h.get(), shown);
  if (!st) return st.error();
  if (st->is_link()) return error_from("{1}: is a symbolic link or junction; refusing to follow it", {shown.string()});
  if (!st->is_file()) return error_from("{1}: is not a regular file", {shown.string()});
  if (st->links != 1) {
    return error_from("{1}: has {2} hard links; refusing (it may be linked to a file elsewhere)",
                      {shown.string(), std::to_string(st->links)});
  }
  const int fd = win::descriptor_for(std::move(h), true);
  if (fd < 0) return error_from("{1}: cannot open: out of descriptors", {shown.string()});
  return UniqueFd(fd);
}

Result<std::size_t> read_some(int fd, char* buffer, std::size_t size, const fs::path& shown) {
  DWORD n = 0;
  const DWORD want = static_cast<DWORD>(std::min<std::size_t>(size, 1u << 30));
  if (!ReadFile(win::handle_of(fd), buffer, want, &n, nullptr)) {
    if (GetLastError() == ERROR_BROKEN_PIPE) return std::size_t{0};
    return win::last_error(shown, marked("{1}: cannot read: {2}"));
  }
  return static_cast<std::size_t>(n);
}

Status seek_to(int fd, std::uint64_t offset, const fs::path& shown) {
  LARGE_INTEGER to;
  to.QuadPart = static_cast<LONGLONG>(offset);
  if (!SetFilePointerEx(win::handle_of(fd), to, nullptr, FILE_BEGIN)) {
    return win::last_error(shown, marked("{1}: cannot read: {2}"));
  }
  return {};
}

Status write_all(int fd, std::string_view bytes, const fs::path& shown) {
  return write_handle(win::handle_of(fd), bytes, shown);
}

Result<UniqueFd> create_new_file(const fs::path& path) {
  auto h = create_new(path, path);
  if (!h) return h.error();
  const int fd = win::descriptor_for(std::move(h.value()), false);
  if (fd < 0) return error_from("{1}: cannot create: out of descriptors", {path.string()});
  return UniqueFd(fd);
}

Status append_zeros(int fd, std::uint64_t count, const fs::path& shown) {
  HANDLE h = win::handle_of(fd);
  LARGE_INTEGER move{};
  move.QuadPart = static_cast<LONGLONG>(count);
  if (!SetFilePointerEx(h, move, nullptr, FILE_CURRENT) || !SetEndOfFile(h)) return win::last_error(shown, marked("{1}: cannot write: {2}"));
  return {};
}

// Owner and mode do not apply: a new file takes the ACL its folder passes on (backups live in a
// folder whose ACL admits SYSTEM and Administrators only).
Status create_file_at(int dirfd, const std::string& name, std::string_view bytes, UserId, GroupId, FileMode,
                      const fs::path& shown) {
  auto path = entry_path(dirfd, name, shown);
  if (!path) return path.error();
  auto h = create_new(*path, shown);
  if (!h) return h.error();
  Status status = write_handle(h->get(), bytes, shown);
  if (status && !FlushFileBuffers(h->get())) status = win::last_error(shown, marked("{1}: cannot flush: {2}"));
  h.value() = Handle();
  if (!status) DeleteFileW(win::api_path(*path).c_str());
  return status;
}

Status replace_file_at(int dirfd, const std::string& name, std::string_view bytes, const AtomicWrite& how,
                       const fs::path& shown) {
  auto step = [&](std::string_view s) {
    if (how.on_step) how.on_step(s);
  };
  auto target = entry_path(dirfd, name, shown);
  if (!target) return target.error();
  fs::path temp;
  Handle h;
  for (int attempt = 0; attempt < 16 && !h; ++attempt) {
    temp = target->parent_path() / new_temp_name_for(name);
    h = open_entry(temp, GENERIC_WRITE | DELETE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
    if (!h && GetLastError() != ERROR_FILE_EXISTS) break;
  }
  if (!h) return win::last_error(shown, marked("{1}: cannot create a temporary file beside it: {2}"));
  const fs::path temp_shown = shown.parent_path() / temp.filename();
  auto fail = [&](Error e) -> Status {
    h = Handle();
    DeleteFileW(win::api_path(temp).c_str());
    return e;
  };
  const std::size_t half = bytes.size() / 2;
  if (Status s = write_handle(h.get(), bytes.substr(0, half), temp_shown); !s) return fail(s.error());
  step("mid-write");
  if (Status s = write_handle(h.get(), bytes.substr(half), temp_shown); !s) return fail(s.error());
  if (!FlushFileBuffers(h.get())) return fail(win::last_error(temp_shown, marked("{1}: cannot flush: {2}")));
  h = Handle();
  step("before-rename");
  auto existing = stat_entry_at(dirfd, name, shown);
  if (!existing) return fail(existing.error());
  if (*existing && !(*existing)->is_file()) return fail(error_from("{1}: is not a regular file; refusing", {shown.string()}));
  const std::wstring target_w = win::api_path(*target), temp_w = win::api_path(temp);
  // ReplaceFileW refuses a read-only file (as Windows refuses writing it); the fix keeps the file
  // read-only, as renaming keeps a 0444 file's mode on POSIX.
  const DWORD attributes = *existing ? GetFileAttributesW(target_w.c_str()) : INVALID_FILE_ATTRIBUTES;
  const bool read_only = attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY);
  if (read_only) SetFileAttributesW(target_w.c_str(), attributes & ~FILE_ATTRIBUTE_READONLY);
  const BOOL replaced = *existing ? ReplaceFileW(target_w.c_str(), temp_w.c_str(), nullptr,
                                                 REPLACEFILE_IGNORE_MERGE_ERRORS, nullptr, nullptr)
                                  : MoveFileExW(temp_w.c_str(), target_w.c_str(), MOVEFILE_WRITE_THROUGH);
  if (read_only) SetFileAttributesW(target_w.c_str(), GetFileAttributesW(target_w.c_str()) | FILE_ATTRIBUTE_READONLY);
  if (!replaced) {
    const DWORD code = GetLastError();
    return fail(win::last_error(shown, marked("{1}: cannot replace it with {3}: {2}"), code, temp.filename().string()));
  }
  step("after-rename");
  return {};
}

Status remove_file_at(int dirfd, const std::string& name, const fs::path& shown) {
  auto path = entry_path(dirfd, name, shown);
  if (!path) return path.error();
  if (!DeleteFileW(win::api_path(*path).c_str())) return win::last_error(shown, marked("{1}: cannot remove: {2}"));
  return {};
}

Result<UniqueFd> create_folder_at(int dirfd, const std::string& name, UserId, GroupId, FileMode, const fs::path& shown) {
  auto path = entry_path(dirfd, name, shown);
  if (!path) return path.error();
  if (!CreateDirectoryW(win::api_path(*path).c_str(), nullptr)) return win::last_error(shown, marked("{1}: cannot create folder: {2}"));
  return open_subfolder_at(dirfd, name, shown);
}

}  // namespace util
