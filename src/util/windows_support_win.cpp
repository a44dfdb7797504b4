#include "util/windows_support.hpp"

#include <fcntl.h>
#include <io.h>

#include <vector>

#include "util/error_text.hpp"

namespace fs = std::filesystem;

namespace util::win {

std::wstring api_path(const fs::path& path) {
  std::wstring text = path.wstring();
  for (auto& c : text) {
    if (c == L'/') c = L'\\';
  }
  if (text.starts_with(L"\\\\?\\") || text.starts_with(L"\\\\.\\")) return text;
  if (text.size() >= 3 && text[1] == L':' && text[2] == L'\\') return L"\\\\?\\" + text;
  if (text.starts_with(L"\\\\")) return L"\\\\?\\UNC\\" + text.substr(2);
  return text;
}

std::string narrow(const std::wstring& wide) {
  if (wide.empty()) return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), out.data(), n, nullptr, nullptr);
  return out;
}

std::wstring widen(const std::string& utf8) {
  if (utf8.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

std::string error_text(DWORD code) {
  wchar_t* buffer = nullptr;
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                 nullptr, code, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US),
                                 reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text = n && buffer ? narrow(std::wstring(buffer, n)) : "error " + std::to_string(code);
  if (buffer) LocalFree(buffer);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.')) {
    text.pop_back();
  }
  return text;
}

Error last_error(const fs::path& shown, const char* pattern, DWORD code, const std::string& detail) {
  return error_from(pattern, {shown.string(), error_text(code), detail});
}

Result<fs::path> handle_path(HANDLE handle) {
  std::vector<wchar_t> buffer(512);
  for (int attempt = 0; attempt < 3; ++attempt) {
    const DWORD n = GetFinalPathNameByHandleW(handle, buffer.data(), static_cast<DWORD>(buffer.size()),
                                              FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (n == 0) return error_from("cannot tell the path of an open folder: {1}", {error_text(GetLastError())});
    if (n < buffer.size()) {
      std::wstring text(buffer.data(), n);
      if (text.starts_with(L"\\\\?\\UNC\\")) text = L"\\\\" + text.substr(8);
      else if (text.starts_with(L"\\\\?\\")) text = text.substr(4);
      return fs::path(text);
    }
    buffer.resize(n + 1);
  }
  return error_from("cannot tell the path of an open folder");
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (*this) CloseHandle(h_);
    h_ = other.release();
  }
  return *this;
}

Handle::~Handle() {
  if (*this) CloseHandle(h_);
}

HANDLE Handle::release() {
  HANDLE h = h_;
  h_ = INVALID_HANDLE_VALUE;
  return h;
}

int descriptor_for(Handle handle, bool read_only) {
  const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle.get()), _O_BINARY | (read_only ? _O_RDONLY : 0));
  if (fd >= 0) handle.release();
  return fd;
}

HANDLE handle_of(int fd) { return reinterpret_cast<HANDLE>(_get_osfhandle(fd)); }

std::wstring registry_string(HKEY key, const wchar_t* subkey, const wchar_t* name) {
  // RRF_RT_REG_SZ takes REG_EXPAND_SZ too and expands it ("%SystemDrive%\Users\ann").
  DWORD size = 0;
  if (RegGetValueW(key, subkey, name, RRF_RT_REG_SZ, nullptr, nullptr, &size) != ERROR_SUCCESS) return {};
  std::wstring value(size / sizeof(wchar_t) + 1, L'\0');
  size = static_cast<DWORD>(value.size() * sizeof(wchar_t));
  if (RegGetValueW(key, subkey, name, RRF_RT_REG_SZ, nullptr, value.data(), &size) != ERROR_SUCCESS) return {};
  value.resize(wcsnlen(value.c_str(), value.size()));
  return value;
}

std::vector<ProfileListEntry> profile_list() {
  constexpr wchar_t kProfileList[] = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
  std::vector<ProfileListEntry> out;
  HKEY list = nullptr;
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kProfileList, 0, KEY_READ, &list) != ERROR_SUCCESS) return out;
  for (DWORD i = 0;; ++i) {
    wchar_t sid[256];
    DWORD length = 256;
    if (RegEnumKeyExW(list, i, sid, &length, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) break;
    const std::wstring path = registry_string(list, sid, L"ProfileImagePath");
    if (!path.empty()) out.push_back({std::wstring(sid, length), fs::path(path)});
  }
  RegCloseKey(list);
  return out;
}

}  // namespace util::win
