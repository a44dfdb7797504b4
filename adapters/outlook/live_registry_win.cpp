// Compiled only on Windows; checked on Linux by scripts/check-windows-build (mingw-w64).
#ifdef _WIN32
#include "adapters/outlook/live_registry.hpp"

#include <windows.h>
#include <tlhelp32.h>

#include <memory>

namespace adapters::outlook {
namespace {

constexpr std::size_t kMaxLiveKeys = 200000;
constexpr std::size_t kMaxLiveDepth = 64;

std::string to_utf8(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), out.data(), n, nullptr, nullptr);
  return out;
}

std::wstring to_wide(const std::string& s) {
  if (s.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n);
  return out;
}

struct KeyCloser {
  void operator()(HKEY k) const {
    if (k) RegCloseKey(k);
  }
};
using KeyPtr = std::unique_ptr<std::remove_pointer_t<HKEY>, KeyCloser>;

KeyPtr open_key(HKEY base, const std::wstring& path) {
  HKEY k = nullptr;
  if (RegOpenKeyExW(base, path.c_str(), 0, KEY_READ, &k) != ERROR_SUCCESS) return KeyPtr(nullptr);
  return KeyPtr(k);
}

class LiveWalker {
 public:
  explicit LiveWalker(const std::string& root) : root_(root) {}

  util::Status copy(HKEY key, RegKey& into, std::size_t depth) {
    if (++keys_ > kMaxLiveKeys || depth > kMaxLiveDepth) {
      return util::make_error(root_ + ": too many or too deeply nested keys, refused");
    }
    DWORD subkeys = 0, max_subkey = 0, values = 0, max_name = 0, max_data = 0;
    if (RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, &subkeys, &max_subkey, nullptr, &values, &max_name,
                         &max_data, nullptr, nullptr) != ERROR_SUCCESS) {
      return util::make_error(root_ + ": " + into.full_path() + ": cannot query the key");
    }
    std::wstring name(max_name + 2, L'\0');
    std::string data(max_data + 2, '\0');
    for (DWORD i = 0; i < values; ++i) {
      DWORD name_len = static_cast<DWORD>(name.size()), type = 0, data_len = static_cast<DWORD>(data.size());
      if (RegEnumValueW(key, i, name.data(), &name_len, nullptr, &type, reinterpret_cast<BYTE*>(data.data()),
                        &data_len) != ERROR_SUCCESS) {
        continue;  // changed while we read; the next audit sees it
      }
      into.set_value(RegValue{to_utf8(std::wstring(name.data(), name_len)), type, data.substr(0, data_len), 0});
    }
    std::wstring child(max_subkey + 2, L'\0');
    for (DWORD i = 0; i < subkeys; ++i) {
      DWORD len = static_cast<DWORD>(child.size());
      if (RegEnumKeyExW(key, i, child.data(), &len, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) continue;
      std::wstring wname(child.data(), len);
      KeyPtr sub = open_key(key, wname);
      if (!sub) continue;
      auto uname = to_utf8(wname);
      auto& c = into.ensure_child(uname, into.full_path() + "\\" + uname);
      auto st = copy(sub.get(), c, depth + 1);
      if (!st) return st;
    }
    return {};
  }

 private:
  std::string root_;
  std::size_t keys_ = 0;
};

}  // namespace

util::Result<RegistrySnapshot> read_live_registry(const std::string& root, const std::vector<std::string>& subtrees) {
  HKEY base = HKEY_CURRENT_USER;
  std::wstring prefix;
  if (root.rfind("HKU\\", 0) == 0) {
    base = HKEY_USERS;
    prefix = to_wide(root.substr(4)) + L"\\";
  } else if (root != "HKCU") {
    return util::make_error(root + ": not a user registry root (HKCU or HKU\\<SID>)");
  }
  RegistrySnapshot snap;
  snap.kind = RegistryKind::Live;
  snap.file = root;
  LiveWalker walker(root);
  for (const auto& subtree : subtrees) {
    KeyPtr key = open_key(base, prefix + to_wide(subtree));
    if (!key) continue;
    RegKey* node = &snap.root;
    std::string full = root;
    for (const auto& part : split_key_path(subtree)) {
      full += "\\" + part;
      node = &node->ensure_child(part, full);
    }
    auto st = walker.copy(key.get(), *node, 0);
    if (!st) return st.error();
  }
  return snap;
}

std::vector<std::string> loaded_user_hives() {
  std::vector<std::string> sids;
  wchar_t name[256];
  for (DWORD i = 0;; ++i) {
    DWORD len = 256;
    if (RegEnumKeyExW(HKEY_USERS, i, name, &len, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) break;
    std::wstring sid(name, len);
    if (sid.rfind(L"S-1-5-21-", 0) == 0 && sid.find(L"_Classes") == std::wstring::npos) sids.push_back(to_utf8(sid));
  }
  return sids;
}

bool outlook_running() {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snap == INVALID_HANDLE_VALUE) return false;
  PROCESSENTRY32W entry{};
  entry.dwSize = sizeof entry;
  bool found = false;
  DWORD session = 0;
  ProcessIdToSessionId(GetCurrentProcessId(), &session);
  for (BOOL ok = Process32FirstW(snap, &entry); ok && !found; ok = Process32NextW(snap, &entry)) {
    DWORD proc_session = 0;
    found = _wcsicmp(entry.szExeFile, L"OUTLOOK.EXE") == 0 && ProcessIdToSessionId(entry.th32ProcessID, &proc_session) &&
            proc_session == session;
  }
  CloseHandle(snap);
  return found;
}

}  // namespace adapters::outlook
#endif  // _WIN32
