// Windows side of hivex_files.hpp (CMake compiles *_win.cpp only for Windows).
#include <windows.h>
#include <sddl.h>

#include <algorithm>
#include <cwchar>

#include "adapters/outlook/hivex_files.hpp"
#include "util/file.hpp"

namespace adapters::outlook {
namespace fs = std::filesystem;
namespace {

std::string utf8_of(const std::wstring& w) {
  if (w.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), out.data(), n, nullptr, nullptr);
  return out;
}

// SDDL of a protected DACL: full control for SYSTEM, Administrators and this process's user,
// inherited by what the folder holds; nobody else can open it.
std::wstring private_folder_sddl() {
  std::wstring sddl = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return sddl;
  alignas(TOKEN_USER) unsigned char buf[256];
  DWORD len = 0;
  LPWSTR sid = nullptr;
  if (GetTokenInformation(token, TokenUser, buf, sizeof buf, &len) &&
      ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buf)->User.Sid, &sid)) {
    sddl += L"(A;OICI;FA;;;" + std::wstring(sid) + L")";
    LocalFree(sid);
  }
  CloseHandle(token);
  return sddl;
}

}  // namespace

util::Result<HivexScratch> HivexScratch::create() {
  PSECURITY_DESCRIPTOR sd = nullptr;
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(private_folder_sddl().c_str(), SDDL_REVISION_1, &sd, nullptr)) {
    return util::make_error("cannot make a private temporary folder for hivex (security descriptor)");
  }
  SECURITY_ATTRIBUTES sa{sizeof sa, sd, FALSE};
  const fs::path base = fs::temp_directory_path();
  // The name only needs to be new: CreateDirectoryW fails on an existing one, and the DACL keeps
  // the folder private whoever guesses the name.
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    wchar_t leaf[64];
    swprintf(leaf, 64, L"mailmend-hive-%lx-%llx-%u", GetCurrentProcessId(), GetTickCount64(), attempt);
    fs::path dir = base / leaf;
    if (CreateDirectoryW(dir.c_str(), &sa)) {
      LocalFree(sd);
      return HivexScratch(dir);
    }
    if (GetLastError() != ERROR_ALREADY_EXISTS) break;
  }
  LocalFree(sd);
  return util::make_error("cannot create a private temporary folder for hivex");
}

HivexScratch::~HivexScratch() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

std::string HivexScratch::hivex_name(std::string_view name) const {
  return utf8_of((path_ / fs::path(std::string(name))).wstring());  // our names are ASCII
}

util::Result<std::string> HivexScratch::put(std::string_view name, std::string_view bytes) const {
  const fs::path file = path_ / fs::path(std::string(name));
  HANDLE h = CreateFileW(file.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return util::make_error("cannot create a temporary copy of the hive");
  std::size_t done = 0;
  while (done < bytes.size()) {
    DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - done, 1u << 30)), wrote = 0;
    if (!WriteFile(h, bytes.data() + done, chunk, &wrote, nullptr) || wrote == 0) break;
    done += wrote;
  }
  CloseHandle(h);
  if (done != bytes.size()) return util::make_error("cannot write a temporary copy of the hive");
  return hivex_name(name);
}

struct HivexInput::State {
  HivexScratch scratch;
  std::string name;
  std::string head;
  std::uintmax_t size;
};

HivexInput::HivexInput(std::unique_ptr<State> state) : state_(std::move(state)) {}
HivexInput::HivexInput(HivexInput&&) noexcept = default;
HivexInput::~HivexInput() = default;

util::Result<HivexInput> HivexInput::open(const fs::path& path) {
  auto bytes = util::read_file(path, kMaxHiveBytes);  // one open, a regular file only: util's rules
  if (!bytes) return bytes.error();
  auto scratch = HivexScratch::create();
  if (!scratch) return scratch.error();
  auto name = scratch->put("hive.dat", *bytes);
  if (!name) return name.error();
  const std::size_t kHead = 4096;
  return HivexInput(std::unique_ptr<State>(new State{std::move(scratch).value(), std::move(name).value(),
                                                     bytes->substr(0, kHead), bytes->size()}));
}

const std::string& HivexInput::hivex_name() const { return state_->name; }
std::uintmax_t HivexInput::size() const { return state_->size; }
std::string HivexInput::head(std::size_t n) const { return state_->head.substr(0, n); }

}  // namespace adapters::outlook
