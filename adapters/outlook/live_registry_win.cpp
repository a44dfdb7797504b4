// live_registry.hpp on Windows.
#include "util/windows_support.hpp"  // <windows.h> first: the headers below need it

#include <sddl.h>
#include <tlhelp32.h>

#include <memory>

#include "adapters/outlook/live_registry.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

namespace adapters::outlook {
namespace {

using util::win::narrow;
using util::win::widen;

constexpr std::size_t kMaxLiveKeys = 200000;
constexpr std::size_t kMaxLiveDepth = 64;

struct KeyCloser {
  void operator()(HKEY k) const {
    if (k) RegCloseKey(k);
  }
};
using KeyPtr = std::unique_ptr<std::remove_pointer_t<HKEY>, KeyCloser>;

// Where a user hive's keys are opened: HKEY_CURRENT_USER, or HKEY_USERS\<SID>\.
struct HiveRoot {
  HKEY base = HKEY_CURRENT_USER;
  std::wstring prefix;
};

util::Result<HiveRoot> hive_root(const std::string& root) {
  if (root == "HKCU") return HiveRoot{};
  if (root.starts_with("HKU\\")) return HiveRoot{HKEY_USERS, widen(root.substr(4)) + L"\\"};
  return util::make_error(root + ": not a user registry root (HKCU or HKU\\<SID>)");
}

std::string registry_error(const std::string& root, const std::string& key_path, const std::string& what, LSTATUS code) {
  return root + "\\" + key_path + ": " + what + ": " + util::win::error_text(static_cast<DWORD>(code));
}

// The key, or null with the status in `status` (ERROR_FILE_NOT_FOUND when it does not exist).
KeyPtr open_key(HKEY base, const std::wstring& path, REGSAM access, LSTATUS* status = nullptr) {
  HKEY k = nullptr;
  const LSTATUS rc = RegOpenKeyExW(base, path.c_str(), 0, access, &k);
  if (status) *status = rc;
  return KeyPtr(rc == ERROR_SUCCESS ? k : nullptr);
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
      into.set_value(RegValue{narrow(std::wstring(name.data(), name_len)), type, data.substr(0, data_len), 0});
    }
    std::wstring child(max_subkey + 2, L'\0');
    for (DWORD i = 0; i < subkeys; ++i) {
      DWORD len = static_cast<DWORD>(child.size());
      if (RegEnumKeyExW(key, i, child.data(), &len, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) continue;
      std::wstring wname(child.data(), len);
      KeyPtr sub = open_key(key, wname, KEY_READ);
      if (!sub) continue;
      auto uname = narrow(wname);
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

// The TOKEN_USER of a token (empty when it cannot be read).
std::vector<BYTE> token_user(HANDLE token) {
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::vector<BYTE> buffer(size);
  if (size == 0 || !GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) return {};
  return buffer;
}

PSID sid_of(std::vector<BYTE>& user) { return reinterpret_cast<TOKEN_USER*>(user.data())->User.Sid; }

// The TOKEN_USER of the process `pid` (empty when it cannot be opened: another user's process
// seen without the rights to look).
std::vector<BYTE> process_user(DWORD pid) {
  util::win::Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
  if (!process) return {};
  HANDLE raw = nullptr;
  if (!OpenProcessToken(process.get(), TOKEN_QUERY, &raw)) return {};
  util::win::Handle token(raw);
  return token_user(token.get());
}

std::vector<BYTE> current_user() { return process_user(GetCurrentProcessId()); }

std::wstring sid_text(PSID sid) {
  wchar_t* text = nullptr;
  if (!ConvertSidToStringSidW(sid, &text)) return {};
  std::wstring out(text);
  LocalFree(text);
  return out;
}

// The binary SID of a root's user: the current user for "HKCU", else the SID in "HKU\<SID>".
std::vector<BYTE> root_user_sid(const std::string& root) {
  if (root == "HKCU") {
    auto user = current_user();
    if (user.empty()) return {};
    PSID sid = sid_of(user);
    return std::vector<BYTE>(static_cast<BYTE*>(sid), static_cast<BYTE*>(sid) + GetLengthSid(sid));
  }
  PSID sid = nullptr;
  if (!root.starts_with("HKU\\") || !ConvertStringSidToSidW(widen(root.substr(4)).c_str(), &sid)) return {};
  std::vector<BYTE> out(static_cast<BYTE*>(sid), static_cast<BYTE*>(sid) + GetLengthSid(sid));
  LocalFree(sid);
  return out;
}

bool same_folder(const fs::path& a, const fs::path& b) {
  auto text = [](const fs::path& p) {
    std::wstring t = p.lexically_normal().wstring();
    while (t.size() > 3 && (t.back() == L'\\' || t.back() == L'/')) t.pop_back();
    return t;
  };
  const std::wstring x = text(a), y = text(b);
  return !x.empty() && CompareStringOrdinal(x.c_str(), static_cast<int>(x.size()), y.c_str(),
                                            static_cast<int>(y.size()), TRUE) == CSTR_EQUAL;
}

// The SID (text) of the ProfileList entry whose ProfileImagePath is `home`; empty when none.
std::wstring profile_sid_of(const fs::path& home) {
  for (const auto& entry : util::win::profile_list()) {
    if (same_folder(home, entry.folder)) return entry.sid;
  }
  return {};
}

}  // namespace

bool live_registry_available() { return true; }

util::Result<RegistrySnapshot> read_live_registry(const std::string& root, const std::vector<std::string>& subtrees) {
  auto hive = hive_root(root);
  if (!hive) return hive.error();
  RegistrySnapshot snap;
  snap.kind = RegistryKind::Live;
  snap.file = root;
  LiveWalker walker(root);
  for (const auto& subtree : subtrees) {
    KeyPtr key = open_key(hive->base, hive->prefix + widen(subtree), KEY_READ);
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

util::Result<std::optional<RegValue>> read_live_value(const std::string& root, const std::string& key_path,
                                                      const std::string& name) {
  auto hive = hive_root(root);
  if (!hive) return hive.error();
  LSTATUS rc = ERROR_SUCCESS;
  KeyPtr key = open_key(hive->base, hive->prefix + widen(key_path), KEY_QUERY_VALUE, &rc);
  if (rc == ERROR_FILE_NOT_FOUND) return std::optional<RegValue>();
  if (!key) return util::make_error(registry_error(root, key_path, "cannot open the key", rc));
  const std::wstring wname = widen(name);
  std::string data(256, '\0');
  for (int attempt = 0; attempt < 4; ++attempt) {
    DWORD type = 0, size = static_cast<DWORD>(data.size());
    rc = RegQueryValueExW(key.get(), wname.c_str(), nullptr, &type, reinterpret_cast<BYTE*>(data.data()), &size);
    if (rc == ERROR_FILE_NOT_FOUND) return std::optional<RegValue>();
    if (rc == ERROR_SUCCESS) {
      data.resize(size);
      return std::optional<RegValue>(RegValue{name, type, std::move(data), 0});
    }
    if (rc != ERROR_MORE_DATA) break;
    data.assign(size, '\0');  // grew meanwhile: ask again with the size it has now
  }
  return util::make_error(registry_error(root, key_path, "cannot read value \"" + name + "\"", rc));
}

util::Status write_live_value(const std::string& root, const std::string& key_path, const RegValue& value) {
  auto hive = hive_root(root);
  if (!hive) return hive.error();
  LSTATUS rc = ERROR_SUCCESS;
  KeyPtr key = open_key(hive->base, hive->prefix + widen(key_path), KEY_SET_VALUE, &rc);
  if (!key) return util::make_error(registry_error(root, key_path, "cannot open the key for writing", rc));
  rc = RegSetValueExW(key.get(), widen(value.name).c_str(), 0, value.type,
                      reinterpret_cast<const BYTE*>(value.data.data()), static_cast<DWORD>(value.data.size()));
  if (rc != ERROR_SUCCESS) return util::make_error(registry_error(root, key_path, "cannot set \"" + value.name + "\"", rc));
  return {};
}

util::Status delete_live_value(const std::string& root, const std::string& key_path, const std::string& name) {
  auto hive = hive_root(root);
  if (!hive) return hive.error();
  LSTATUS rc = ERROR_SUCCESS;
  KeyPtr key = open_key(hive->base, hive->prefix + widen(key_path), KEY_SET_VALUE, &rc);
  if (rc == ERROR_FILE_NOT_FOUND) return {};
  if (!key) return util::make_error(registry_error(root, key_path, "cannot open the key for writing", rc));
  rc = RegDeleteValueW(key.get(), widen(name).c_str());
  if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND) {
    return util::make_error(registry_error(root, key_path, "cannot delete \"" + name + "\"", rc));
  }
  return {};
}

std::optional<std::string> live_registry_for_home(const fs::path& home) {
  const std::wstring sid = profile_sid_of(home);
  auto me = current_user();
  const std::wstring my_sid = me.empty() ? std::wstring() : sid_text(sid_of(me));
  if (sid.empty() ? same_folder(home, util::current_user_home()) : sid == my_sid) return "HKCU";
  if (sid.empty() || !open_key(HKEY_USERS, sid, KEY_READ)) return std::nullopt;
  return "HKU\\" + narrow(sid);
}

std::optional<long> outlook_process_for(const std::string& root) {
  std::vector<BYTE> wanted = root_user_sid(root);
  util::win::Handle snap(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
  if (!snap || wanted.empty()) return std::nullopt;
  DWORD my_session = 0;
  ProcessIdToSessionId(GetCurrentProcessId(), &my_session);
  PROCESSENTRY32W entry{};
  entry.dwSize = sizeof entry;
  for (BOOL ok = Process32FirstW(snap.get(), &entry); ok; ok = Process32NextW(snap.get(), &entry)) {
    if (_wcsicmp(entry.szExeFile, L"OUTLOOK.EXE") != 0) continue;
    auto user = process_user(entry.th32ProcessID);
    if (!user.empty()) {
      if (EqualSid(sid_of(user), wanted.data())) return static_cast<long>(entry.th32ProcessID);
      continue;
    }
    // An owner we may not read: counted for the current user when it runs in this session.
    DWORD session = 0;
    if (root == "HKCU" && ProcessIdToSessionId(entry.th32ProcessID, &session) && session == my_session) {
      return static_cast<long>(entry.th32ProcessID);
    }
  }
  return std::nullopt;
}

}  // namespace adapters::outlook
