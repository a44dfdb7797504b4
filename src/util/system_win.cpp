// system.hpp on Windows.
#include "util/windows_support.hpp"  // <windows.h> first: the headers below need it

#include <aclapi.h>
#include <fcntl.h>
#include <io.h>
#include <sddl.h>
#include <shellapi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "util/error_text.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;

namespace util {

void fill_random(unsigned char* bytes, std::size_t count) {
  std::random_device device;  // rand_s: RtlGenRandom
  for (std::size_t i = 0; i < count; i += 4) {
    const auto word = static_cast<std::uint32_t>(device());
    for (std::size_t j = 0; j < 4 && i + j < count; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
}
namespace {

// The user of this process's token (SYSTEM when run as SYSTEM); empty when it cannot be told.
std::vector<BYTE> token_user_sid() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return {};
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::vector<BYTE> buffer(size);
  std::vector<BYTE> sid;
  if (size && GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
    PSID user = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
    sid.assign(static_cast<BYTE*>(user), static_cast<BYTE*>(user) + GetLengthSid(user));
  }
  CloseHandle(token);
  return sid;
}

fs::path environment_path(const wchar_t* name) {
  const wchar_t* value = _wgetenv(name);
  return value && *value ? fs::path(value) : fs::path();
}

bool token_elevated() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return false;
  TOKEN_ELEVATION elevation{};
  DWORD size = 0;
  const bool ok = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size);
  CloseHandle(token);
  return ok && elevation.TokenIsElevated != 0;
}

bool is_sid(PSID sid, WELL_KNOWN_SID_TYPE type) {
  BYTE buffer[SECURITY_MAX_SID_SIZE];
  DWORD size = sizeof buffer;
  return CreateWellKnownSid(type, nullptr, buffer, &size) && EqualSid(sid, buffer);
}

// SYSTEM, the Administrators group and the running user (SYSTEM itself when run as SYSTEM), full
// control, inherited by everything below; nothing inherited from above (P = protected).
std::wstring private_folder_sddl() {
  std::wstring sddl = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
  std::vector<BYTE> self = token_user_sid();
  wchar_t* text = nullptr;
  if (!self.empty() && ConvertSidToStringSidW(self.data(), &text)) {
    sddl += L"(A;OICI;FA;;;" + std::wstring(text) + L")";
    LocalFree(text);
  }
  return sddl;
}

}  // namespace

std::vector<std::string> command_line_arguments(int argc, char** argv) {
  int count = 0;
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (!wide) return {argv, argv + argc};
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(win::narrow(wide[i]));
  LocalFree(wide);
  return out;
}

void prepare_standard_streams() {
  SetConsoleOutputCP(CP_UTF8);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
}

Platform current_platform() { return Platform::Windows; }

bool running_privileged() { return token_elevated(); }

UserId current_user_id() { return 0; }

GroupId current_group_id() { return 0; }

std::string host_name() {
  wchar_t buffer[256];
  DWORD size = 256;
  if (!GetComputerNameExW(ComputerNameDnsHostname, buffer, &size)) return "unknown";
  return win::narrow(std::wstring(buffer, size));
}

std::string machine_id() {
  // The 64-bit view: a 32-bit process would otherwise read the WOW64 copy, which has no MachineGuid.
  HKEY key = nullptr;
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Cryptography", 0, KEY_READ | KEY_WOW64_64KEY, &key) !=
      ERROR_SUCCESS) {
    return {};
  }
  const std::wstring guid = win::registry_string(key, nullptr, L"MachineGuid");
  RegCloseKey(key);
  return win::narrow(guid);
}

fs::path current_user_home() {
  if (fs::path home = environment_path(L"USERPROFILE"); !home.empty()) return home;
  const fs::path drive = environment_path(L"HOMEDRIVE"), path = environment_path(L"HOMEPATH");
  return drive.empty() || path.empty() ? fs::path() : fs::path(drive.wstring() + path.wstring());
}

fs::path current_user_settings_folder() { return environment_path(L"APPDATA"); }

std::tm utc_time(std::time_t t) {
  std::tm tm{};
  gmtime_s(&tm, &t);
  return tm;
}

std::vector<fs::path> user_database_homes() {
  std::vector<fs::path> homes;
  for (auto& entry : win::profile_list()) homes.push_back(entry.folder);
  return homes;
}

AllUsersHomes all_users_homes() {
  AllUsersHomes out;
  out.described = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
  // S-1-5-21-...: accounts of people (local or domain); the service profiles (S-1-5-18/19/20) hold
  // no mail settings.
  for (auto& entry : win::profile_list()) {
    if (entry.sid.starts_with(L"S-1-5-21-")) out.homes.push_back(entry.folder);
  }
  return out;
}

std::optional<Account> home_owner_account(const fs::path&) { return std::nullopt; }

bool process_alive(long pid) {
  if (pid <= 0) return false;
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (!process) return GetLastError() == ERROR_ACCESS_DENIED;
  DWORD code = 0;
  const bool alive = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
  CloseHandle(process);
  return alive;
}

std::optional<std::string> lock_holder(const fs::path& file) {
  const std::wstring wide = win::api_path(file);
  const DWORD attributes = GetFileAttributesW(wide.c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES || (attributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY))) {
    return std::nullopt;
  }
  // Thunderbird opens parent.lock with no sharing at all and keeps it open while it runs.
  win::Handle h(CreateFileW(wide.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                            OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
  if (!h && GetLastError() == ERROR_SHARING_VIOLATION) return std::string("another process");
  return std::nullopt;
}

bool read_permission_denied(const fs::path& file) {
  win::Handle h(CreateFileW(win::api_path(file).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                            nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  return !h && GetLastError() == ERROR_ACCESS_DENIED;
}

void die_abruptly() {
  TerminateProcess(GetCurrentProcess(), 137);
  std::_Exit(137);
}

bool stdout_is_terminal() {
  DWORD mode = 0;
  return GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
}

Result<fs::path> make_private_temp_folder(const std::string& prefix) {
  // Created with its protected ACL (SYSTEM, Administrators, this user) in one step: what lands in it
  // (copies of users' databases and hives) is never open to others, whoever guesses the name.
  SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(private_folder_sddl().c_str(), SDDL_REVISION_1,
                                                            &attributes.lpSecurityDescriptor, nullptr)) {
    return error_from("cannot make a private temporary folder's ACL");
  }
  struct FreeDescriptor {
    PSECURITY_DESCRIPTOR sd;
    ~FreeDescriptor() { LocalFree(sd); }
  } free_descriptor{attributes.lpSecurityDescriptor};
  wchar_t buffer[MAX_PATH + 1];
  const DWORD n = GetTempPathW(MAX_PATH + 1, buffer);
  if (n == 0 || n > MAX_PATH) return error_from("cannot tell the temporary folder");
  const fs::path base(std::wstring(buffer, n));
  for (int attempt = 0; attempt < 16; ++attempt) {
    const fs::path folder = base / (prefix + random_hex(8));
    if (CreateDirectoryW(win::api_path(folder).c_str(), &attributes)) return folder;
    if (GetLastError() != ERROR_ALREADY_EXISTS) break;
  }
  return error_from("cannot create a private temporary folder");
}

fs::path user_cache_folder() {
  fs::path local = environment_path(L"LOCALAPPDATA");
  return local.empty() ? current_user_home() / "AppData" / "Local" : local;
}

fs::path default_backup_root() {
  if (running_privileged()) {
    fs::path data = environment_path(L"ProgramData");
    return (data.empty() ? fs::path("C:\\ProgramData") : data) / "mailmend" / "backups";
  }
  fs::path local = environment_path(L"LOCALAPPDATA");
  if (local.empty()) local = current_user_home() / "AppData" / "Local";
  return local / "mailmend" / "backups";
}

Status check_private_backup_root(const fs::path& dir) {
  if (!running_privileged()) return {};
  const std::wstring wide = win::api_path(dir);
  const DWORD attributes = GetFileAttributesW(wide.c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES) return win::last_error(dir, marked("{1}: cannot read the backup folder: {2}"));
  const auto refusal = [&dir](const std::string& acl) {
    return acl.empty() ? error_from("{1}: the backup folder must be a folder only SYSTEM, Administrators and the user running "
                                    "mailmend can enter (its ACL grants no one else); refusing to use it while elevated",
                                    {dir.string()})
                       : error_from("{1}: the backup folder must be a folder only SYSTEM, Administrators and the user running "
                                    "mailmend can enter (its ACL grants no one else); refusing to use it while elevated (its "
                                    "ACL: {2})",
                                    {dir.string(), acl});
  };
  if (!(attributes & FILE_ATTRIBUTE_DIRECTORY) || (attributes & FILE_ATTRIBUTE_REPARSE_POINT)) return refusal({});
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (GetNamedSecurityInfoW(wide.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr,
                            &descriptor) != ERROR_SUCCESS) {
    return refusal({});
  }
  // The DACL read back holds the inherited entries too: judging every entry is enough (a missing
  // DACL grants everyone).
  std::vector<BYTE> self = token_user_sid();
  bool private_acl = dacl != nullptr;
  for (DWORD i = 0; private_acl && i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!GetAce(dacl, i, &ace)) {
      private_acl = false;
      break;
    }
    const auto* header = static_cast<ACE_HEADER*>(ace);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;
    PSID sid = &static_cast<ACCESS_ALLOWED_ACE*>(ace)->SidStart;
    private_acl = is_sid(sid, WinLocalSystemSid) || is_sid(sid, WinBuiltinAdministratorsSid) ||
                  (!self.empty() && EqualSid(sid, self.data()));
  }
  std::string acl_text;
  wchar_t* sddl = nullptr;
  if (!private_acl && ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1,
                                                                         DACL_SECURITY_INFORMATION, &sddl, nullptr)) {
    acl_text = win::narrow(sddl);
    LocalFree(sddl);
  }
  LocalFree(descriptor);
  return private_acl ? Status{} : refusal(acl_text);
}

Status ensure_private_backup_root(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    // A bare relative name ("backups") has no parent to create (and create_directories("") fails).
    std::error_code parent_error;
    if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), parent_error);
    if (parent_error) return error_from("{1}: cannot create the backup folder: {2}", {dir.string(), parent_error.message()});
    // Created with its ACL in one step: there is no moment at which others could open it.
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
    if (running_privileged() &&
        !ConvertStringSecurityDescriptorToSecurityDescriptorW(private_folder_sddl().c_str(), SDDL_REVISION_1,
                                                              &attributes.lpSecurityDescriptor, nullptr)) {
      return win::last_error(dir, marked("{1}: cannot make the backup folder's ACL: {2}"));
    }
    const BOOL created = CreateDirectoryW(win::api_path(dir).c_str(), &attributes);
    const DWORD code = GetLastError();
    if (attributes.lpSecurityDescriptor) LocalFree(attributes.lpSecurityDescriptor);
    if (!created && code != ERROR_ALREADY_EXISTS) return win::last_error(dir, marked("{1}: cannot create the backup folder: {2}"), code);
  }
  return check_private_backup_root(dir);
}

}  // namespace util
