#pragma once
// Helpers shared by the Windows implementations of the platform layer (*_win.cpp). Include it only
// from those files: it pulls in <windows.h>.
#include <windows.h>

#include <filesystem>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace util::win {

// A path for the wide Win32 API: absolute paths get the \\?\ prefix (no MAX_PATH limit, no
// reinterpretation of names such as "CON" or trailing dots).
std::wstring api_path(const std::filesystem::path& path);

// UTF-16 <-> UTF-8.
std::string narrow(const std::wstring& wide);
std::wstring widen(const std::string& utf8);

// The system's text for an error code (GetLastError()).
std::string error_text(DWORD code);
// An error from a marked pattern with {1} the path `shown` and {2} the system's text for `code`
// (util::marked("{1}: cannot open: {2}")); {3} is `detail` when given.
Error last_error(const std::filesystem::path& shown, const char* pattern, DWORD code = GetLastError(),
                 const std::string& detail = {});

// The path of an open file or folder handle (GetFinalPathNameByHandleW, without \\?\).
Result<std::filesystem::path> handle_path(HANDLE handle);

// A string value (REG_SZ, or REG_EXPAND_SZ expanded) of `key`\`subkey` (`key` itself when subkey is
// null); empty when absent or of another type.
std::wstring registry_string(HKEY key, const wchar_t* subkey, const wchar_t* name);

// One user profile in HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList: its
// owner's SID (text, "S-1-5-21-...") and its folder (ProfileImagePath, %variables% expanded).
struct ProfileListEntry {
  std::wstring sid;
  std::filesystem::path folder;
};
// Every entry with a folder; empty when the key cannot be read. The one reader of ProfileList
// (--all-users homes, and which HKU\<SID> belongs to a home).
std::vector<ProfileListEntry> profile_list();

// Owns a HANDLE (INVALID_HANDLE_VALUE or null when empty).
class Handle {
 public:
  Handle() = default;
  explicit Handle(HANDLE h) : h_(h) {}
  Handle(Handle&& other) noexcept : h_(other.release()) {}
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  HANDLE get() const { return h_; }
  HANDLE release();
  explicit operator bool() const { return h_ != nullptr && h_ != INVALID_HANDLE_VALUE; }

 private:
  HANDLE h_ = INVALID_HANDLE_VALUE;
};

// A C runtime descriptor that takes over `handle` (closing the descriptor closes the handle).
int descriptor_for(Handle handle, bool read_only);
// The handle a C runtime descriptor wraps.
HANDLE handle_of(int fd);

}  // namespace util::win
