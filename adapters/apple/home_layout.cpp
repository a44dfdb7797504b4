#include "adapters/apple/home_layout.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>

#include "util/system.hpp"
#include "util/text.hpp"

#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

namespace fs = std::filesystem;

namespace adapters::apple {
namespace {

std::optional<int> version_number(const std::string& name) {
  // Mail names them V2 ... V10: no sign, no leading zero (else V02, V002, ... would be thousands
  // of names for one version).
  if (name.size() < 2 || name[0] != 'V' || name[1] < '1' || name[1] > '9') return std::nullopt;
  auto n = util::parse_int(std::string_view(name).substr(1), 1, 1000);
  if (!n) return std::nullopt;
  return static_cast<int>(*n);
}

bool path_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

}  // namespace

bool is_access_denied(const std::error_code& ec) {
  return ec == std::errc::operation_not_permitted || ec == std::errc::permission_denied;
}

bool read_access_denied(const fs::path& file) { return util::read_permission_denied(file); }

std::variant<std::vector<MailVersionFolder>, ListError> list_mail_versions(const fs::path& mail_dir) {
  std::vector<MailVersionFolder> out;
  std::error_code ec;
  fs::directory_iterator it(mail_dir, ec);
  if (ec) return ListError{mail_dir.string() + ": cannot list: " + ec.message(), is_access_denied(ec)};
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_directory(type_ec)) continue;
    if (auto n = version_number(it->path().filename().string())) out.push_back({*n, it->path()});
  }
  if (ec) return ListError{mail_dir.string() + ": cannot list: " + ec.message(), is_access_denied(ec)};
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
  return out;
}

std::optional<fs::path> home_of_legacy_store(const fs::path& file) {
  fs::path p = file.lexically_normal();
  if (p.filename() == "Accounts.plist" && p.parent_path().filename() == "MailData") {
    fs::path version = p.parent_path().parent_path();
    fs::path mail = version.parent_path();
    if (version_number(version.filename().string()) && mail.filename() == "Mail" &&
        mail.parent_path().filename() == "Library")
      return mail.parent_path().parent_path();
  }
  if (p.filename() == "com.apple.mail.plist" && p.parent_path().filename() == "Preferences" &&
      p.parent_path().parent_path().filename() == "Library")
    return p.parent_path().parent_path().parent_path();
  return std::nullopt;
}

std::string stale_reason(const fs::path& file, const std::vector<MailVersionFolder>* mail_versions) {
  auto home = home_of_legacy_store(file);
  if (!home) return {};
  fs::path library = *home / "Library";
  if (path_exists(library / "Accounts" / "Accounts4.sqlite")) return "~/Library/Accounts/Accounts4.sqlite exists";
  int own_version = 0;
  fs::path p = file.lexically_normal();
  if (p.filename() == "Accounts.plist") own_version = version_number(p.parent_path().parent_path().filename().string()).value_or(0);
  std::vector<MailVersionFolder> listed;
  if (!mail_versions) {
    auto listing = list_mail_versions(library / "Mail");
    if (auto* versions = std::get_if<std::vector<MailVersionFolder>>(&listing)) listed = std::move(*versions);
    mail_versions = &listed;
  }
  for (const auto& v : *mail_versions) {
    if (v.number >= 5) return "~/Library/Mail/V" + std::to_string(v.number) + " exists (macOS 10.13 or later)";
    if (own_version == 0) return "~/Library/Mail/V" + std::to_string(v.number) + " exists (OS X 10.7 or later)";
    if (v.number > own_version) return "~/Library/Mail/V" + std::to_string(v.number) + " is newer";
  }
  return {};
}

std::string current_binary() {
#ifdef __APPLE__
  char buf[PATH_MAX];
  uint32_t size = sizeof buf;
  if (_NSGetExecutablePath(buf, &size) == 0) return buf;
#else
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return self.string();
#endif
  return "mailmend";
}

i18n::Text full_disk_access_message(const std::string& binary) {
  return i18n::msg("Full Disk Access missing for {1}: grant it in System Settings > Privacy & Security > Full Disk Access",
                   {binary});
}

}  // namespace adapters::apple
